"""Fixtures of the session/credential tests: a local client whose stores live in tmp."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from pytest_skyvern import Skyvern
from pytest_skyvern.local.sessions import LocalBackend
from pytest_skyvern.local.totp import pushed_codes


@pytest.fixture(autouse=True)
def private_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Credential store, key and uploads in the test's tmp dir, never in $HOME."""
    monkeypatch.setenv("SKYVERN_CREDENTIAL_STORE", str(tmp_path / "store" / "creds.sqlite3"))
    monkeypatch.setenv("SKYVERN_CREDENTIAL_KEY_FILE", str(tmp_path / "key" / "credential.key"))
    monkeypatch.delenv("SKYVERN_CREDENTIAL_KEY", raising=False)
    monkeypatch.setenv("SKYVERN_UPLOAD_DIR", str(tmp_path / "uploads"))
    pushed_codes().clear()
    return tmp_path


@pytest_asyncio.fixture
async def client() -> AsyncIterator[Skyvern]:
    async with Skyvern.local() as local:
        yield local


@pytest.fixture
def backend(client: Skyvern) -> LocalBackend:
    return client.local_backend
