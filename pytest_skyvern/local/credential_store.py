"""Local credentials, encrypted at rest (Fernet) in a small SQLite file outside the repo.

Where things live, and why there:
- the store: ``SKYVERN_CREDENTIAL_STORE``, else ``credentials.sqlite3`` in the data folder
  (``config.data_dir()``: ``--skyvern-data-dir`` / ``SKYVERN_DATA_DIR``, by default
  ``~/.local/share/pytest-skyvern``);
- the key: ``SKYVERN_CREDENTIAL_KEY`` (a Fernet key), else the file
  ``SKYVERN_CREDENTIAL_KEY_FILE``, else ``credential.key`` in a configured data folder, else
  ``~/.config/pytest-skyvern/credential.key``; created with mode 0600.
Both default outside the project, so no credential can end up in a commit, a report
folder or the action cache. Each row's whole credential (username included) is one
encrypted blob; only the id, name, type and creation time are stored in clear.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from pytest_skyvern.config import DATA_DIR_ENV, data_dir
from pytest_skyvern.errors import NotFoundError, SkyvernError
from pytest_skyvern.sdk.runs import new_id, now

STORE_ENV = "SKYVERN_CREDENTIAL_STORE"
KEY_ENV = "SKYVERN_CREDENTIAL_KEY"
KEY_FILE_ENV = "SKYVERN_CREDENTIAL_KEY_FILE"

_SCHEMA = """CREATE TABLE IF NOT EXISTS credentials (
    credential_id TEXT PRIMARY KEY, name TEXT NOT NULL, credential_type TEXT NOT NULL,
    secret BLOB NOT NULL, created_at TEXT NOT NULL)"""


def default_store_path() -> Path:
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    return data_dir() / "credentials.sqlite3"


def default_key_path() -> Path:
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured).expanduser()
    if os.environ.get(DATA_DIR_ENV):  # a data folder of its own (a test run's): its key too
        return data_dir() / "credential.key"
    return Path.home() / ".config" / "pytest-skyvern" / "credential.key"


def load_key(key_path: Path | None = None) -> bytes:
    """The Fernet key: from the environment, else the key file (created on first use)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode()
    path = key_path or default_key_path()
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Fernet.generate_key()
    # O_EXCL + 0600 at creation: the key is never readable by others, not even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class StoredCredential:
    """A decrypted credential; ``secret`` is the dict given to ``create_credential``."""

    credential_id: str
    name: str
    credential_type: str
    secret: dict[str, Any]
    created_at: datetime


class CredentialStore:
    """Create, read and delete encrypted credentials in one SQLite file."""

    def __init__(self, path: Path | None = None, key: bytes | None = None) -> None:
        self.path = path or default_store_path()
        self._fernet = Fernet(key or load_key())

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        connection = sqlite3.connect(self.path)
        connection.execute(_SCHEMA)
        os.chmod(self.path, 0o600)
        return connection

    def add(self, name: str, credential_type: str, secret: dict[str, Any]) -> StoredCredential:
        stored = StoredCredential(new_id("cred"), name, credential_type, dict(secret), now())
        blob = self._fernet.encrypt(json.dumps(stored.secret).encode())
        with self._connect() as db:
            db.execute("INSERT INTO credentials VALUES (?, ?, ?, ?, ?)", (
                stored.credential_id, name, credential_type, blob,
                stored.created_at.isoformat()))
        return stored

    def get(self, credential_id: str) -> StoredCredential:
        with self._connect() as db:
            row = db.execute("SELECT * FROM credentials WHERE credential_id = ?",
                             (credential_id,)).fetchone()
        if row is None:
            raise NotFoundError({"detail": f"Credential {credential_id} not found"})
        return self._decrypt(row)

    def list(self, offset: int = 0, limit: int = -1) -> list[StoredCredential]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM credentials ORDER BY created_at LIMIT ? OFFSET ?",
                              (limit, offset)).fetchall()
        return [self._decrypt(row) for row in rows]

    def delete(self, credential_id: str) -> None:
        with self._connect() as db:
            deleted = db.execute("DELETE FROM credentials WHERE credential_id = ?",
                                 (credential_id,)).rowcount
        if not deleted:
            raise NotFoundError({"detail": f"Credential {credential_id} not found"})

    def _decrypt(self, row: tuple[Any, ...]) -> StoredCredential:
        credential_id, name, credential_type, blob, created_at = row
        try:
            secret = json.loads(self._fernet.decrypt(blob))
        except InvalidToken:
            raise SkyvernError(
                f"Credential {credential_id} in {self.path} cannot be decrypted with the "
                f"current key ({KEY_ENV} or {default_key_path()}); was the key changed?"
            ) from None
        return StoredCredential(credential_id, name, credential_type, secret,
                                datetime.fromisoformat(created_at))
