"""Reading the action cache's files from the command line (no pytest session needed).

A cache folder holds one JSON file per test module (``examples/test_login.py.json``);
each maps test ids to their entries by readable key. These helpers list the files,
read them with the same version check the plugin uses, and write them back in the
same canonical form.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pytest_skyvern.cache import CacheEntry, CacheFileError
from pytest_skyvern.cache.store import FORMAT_VERSION, render

#: test id -> readable key -> entry as stored.
Tests = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class StoredEntry:
    """One entry of a cache file, with where it lives."""

    nodeid: str
    key: str
    entry: CacheEntry

    @property
    def occurrence(self) -> int:
        """The key's first part: the how-manyth time this instruction runs in the test."""
        head = self.key.split(":", 1)[0]
        return int(head) if head.isdigit() else 0


def cache_files(root: Path) -> list[Path]:
    """Every cache file under ``root``, sorted."""
    return sorted(p for p in root.rglob("*.json") if p.is_file()) if root.is_dir() else []


def parse_tests(text: str, origin: str) -> Tests:
    """The ``tests`` mapping of a cache file's text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CacheFileError(f"{origin} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CacheFileError(f"{origin} is not a version {FORMAT_VERSION} pytest-skyvern cache "
                             "file")
    tests = data.get("tests", {})
    if not isinstance(tests, dict):
        raise CacheFileError(f"{origin}: 'tests' must map test ids to their entries")
    return tests


def read_tests(path: Path) -> Tests:
    return parse_tests(path.read_text(encoding="utf-8"), str(path))


def write_tests(path: Path, tests: Tests) -> None:
    """Replace ``path`` atomically (or delete it when no test is left)."""
    if not tests:
        path.unlink(missing_ok=True)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(render({"version": FORMAT_VERSION, "tests": tests}))
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def valid_entry(raw: Any) -> CacheEntry | None:
    try:
        return CacheEntry.model_validate(raw)
    except ValidationError:
        return None


def entries_of(tests: Tests) -> list[StoredEntry]:
    """Every valid entry of every test, in file order."""
    out = []
    for nodeid, entries in tests.items():
        for key, raw in entries.items():
            entry = valid_entry(raw)
            if entry is not None:
                out.append(StoredEntry(nodeid, key, entry))
    return out


def in_test_order(entries: list[StoredEntry]) -> list[StoredEntry]:
    """A test's entries in the order its steps ran: by recorded position, then by
    recording time (entries recorded before positions were)."""
    def order(item: StoredEntry) -> tuple[int, float, int, str]:
        position = item.entry.position
        recorded = item.entry.recorded_at.timestamp()
        return (position if position is not None else 1 << 30, recorded, item.occurrence,
                item.key)
    return sorted(entries, key=order)


def age(moment: datetime, now: datetime) -> str:
    """``3d``, ``5h``, ``12m`` or ``now``."""
    seconds = max(0.0, (now - moment).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"
