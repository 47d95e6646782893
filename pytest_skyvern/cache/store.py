"""The action cache on disk: one reviewable JSON file per test module.

``.skyvern-cache/examples/test_login.py.json`` holds every cached step of the tests in
``examples/test_login.py``, pretty-printed with sorted keys so a re-recording shows up
as a small diff. Several pytest-xdist workers may write the same file at the end of a
run: each takes an exclusive lock, re-reads the file, merges only the entries it
changed, and replaces the file atomically, so nobody's entries are lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, Literal, get_args

import pytest
from pydantic import ValidationError

from pytest_skyvern.cache.entry import CacheEntry
from pytest_skyvern.cache.keys import CacheKey
from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.secrets import SecretRegistry

CacheMode = Literal["auto", "replay-only", "refresh", "off"]
CACHE_MODES: tuple[str, ...] = get_args(CacheMode)
FORMAT_VERSION = 1
_GITIGNORE = (
    "# Written by pytest-skyvern: lock and temp files are not part of the cache.\n*.lock\n*.tmp\n"
)

#: nodeid -> readable key -> entry as stored (JSON data).
Tests = dict[str, dict[str, Any]]


class CacheFileError(SkyvernError):
    """A cache file cannot be read (bad JSON, unknown version) or safely written."""


class ActionCache:
    """Cached AI steps of a test run, read lazily per module and written by ``flush``.

    ``mode``: ``auto`` reads and records; ``replay-only`` reads, never records;
    ``refresh`` ignores what is stored and records again; ``off`` does nothing.
    """

    def __init__(self, root: Path, mode: CacheMode, secrets: SecretRegistry) -> None:
        if mode not in CACHE_MODES:
            raise ValueError(f"cache mode {mode!r} is not one of {', '.join(CACHE_MODES)}")
        self.root = Path(root)
        self.mode: CacheMode = mode
        self.secrets = secrets
        self._loaded: dict[Path, Tests] = {}
        self._changed: dict[Path, dict[tuple[str, str], Any]] = {}
        self._pruned: dict[Path, set[str]] = {}
        self._used: dict[str, set[str]] = {}

    @property
    def reads(self) -> bool:
        return self.mode in ("auto", "replay-only")

    @property
    def writes(self) -> bool:
        return self.mode in ("auto", "refresh")

    def path_for(self, nodeid: str) -> Path:
        """The cache file of the module ``nodeid`` belongs to."""
        module = PurePosixPath(nodeid.split("::", 1)[0].replace("\\", "/"))
        # Never let a nodeid outside the rootdir (``../x``) write outside the cache.
        parts = [p if p != ".." else "__parent__" for p in module.parts if p not in ("/", ".")]
        if not parts:
            parts = ["__unknown__"]
        parts[-1] += ".json"
        return self.root.joinpath(*parts)

    def _address(self, key: CacheKey) -> tuple[Path, str, str]:
        # Masked like the file is, so a key that quotes a secret finds its stored twin.
        nodeid = self.secrets.mask(key.nodeid)
        return self.path_for(key.nodeid), nodeid, self.secrets.mask(str(key))

    def get(self, key: CacheKey) -> CacheEntry | None:
        """The stored entry for ``key`` (marked used), or None (always None unless reading)."""
        if not self.reads:
            return None
        path, nodeid, text = self._address(key)
        raw = self._tests(path).get(nodeid, {}).get(text)
        if raw is None:
            return None
        try:
            entry = CacheEntry.model_validate(raw)
        except ValidationError:
            # A broken hand edit is a miss: the step is resolved again and re-recorded.
            return None
        self._used.setdefault(nodeid, set()).add(text)
        return entry

    def put(self, key: CacheKey, entry: CacheEntry) -> None:
        """Store ``entry`` as THE entry for ``key``, replacing any previous one."""
        if not self.writes:
            return
        path, nodeid, text = self._address(key)
        self._used.setdefault(nodeid, set()).add(text)
        tests = self._tests(path)
        data = _mask_tree(entry.model_dump(mode="json", exclude_defaults=True), self.secrets)
        if _same(tests.get(nodeid, {}).get(text), data):
            return  # Keep the old timestamp: re-recording the same thing is no change.
        tests.setdefault(nodeid, {})[text] = data
        self._changed.setdefault(path, {})[(nodeid, text)] = data

    def mark_used(self, key: CacheKey) -> None:
        """Record that ``key`` served this run, so ``prune`` keeps it."""
        _, nodeid, text = self._address(key)
        self._used.setdefault(nodeid, set()).add(text)

    def prune(self, nodeid: str) -> None:
        """Drop the entries of ``nodeid`` this run did not use. Call only after it passed."""
        if not self.writes:
            return
        path, masked = self.path_for(nodeid), self.secrets.mask(nodeid)
        self._pruned.setdefault(path, set()).add(masked)
        _prune(self._tests(path), masked, self._used.get(masked, set()))

    def entries(self, nodeid: str) -> dict[str, CacheEntry]:
        """Every valid stored entry of ``nodeid`` by readable key (for reports and tests)."""
        out: dict[str, CacheEntry] = {}
        nodeid_m = self.secrets.mask(nodeid)
        for text, raw in self._tests(self.path_for(nodeid)).get(nodeid_m, {}).items():
            with contextlib.suppress(ValidationError):
                out[text] = CacheEntry.model_validate(raw)
        return out

    def flush(self) -> list[Path]:
        """Write every changed file (merging with what other processes wrote); their paths."""
        written = []
        for path in sorted(set(self._changed) | set(self._pruned)):
            self._write(path)
            written.append(path)
        return written

    def replay_only_miss_message(self, key: CacheKey) -> str:
        """Why ``key`` has no cached action, and how to record one."""
        path, nodeid, text = self._address(key)
        known = sorted(self._tests(path).get(nodeid, {}))
        lines = [
            f"No cached action for step {key.step} ({key.kind} {key.instruction!r} on "
            f"{key.url}) of {key.nodeid}.",
            f"  looked up: {text!r}",
            f"  in:        {path}{'' if path.exists() else ' (file does not exist)'}",
        ]
        if known:
            lines.append("  cached steps of this test:")
            lines.extend(f"    - {k}" for k in known[:8])
        lines.append(
            "--skyvern-cache=replay-only never asks the resolver or an LLM. To record this "
            "step, run the test once with an LLM configured (SKYVERN_LLM_BASE_URL and "
            "SKYVERN_LLM_MODEL) and --skyvern-cache=auto (or refresh to re-record every "
            "step), then commit the cache file."
        )
        return "\n".join(lines)

    # -- disk ----------------------------------------------------------------------

    def _tests(self, path: Path) -> Tests:
        if path not in self._loaded:
            self._loaded[path] = _read(path)
        return self._loaded[path]

    def _write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._ensure_gitignore()
        with _locked(path.with_name(path.name + ".lock")):
            tests = _read(path)
            before = json.dumps(tests, sort_keys=True)
            for nodeid in self._pruned.get(path, set()):
                _prune(tests, nodeid, self._used.get(nodeid, set()))
            for (nodeid, text), data in self._changed.get(path, {}).items():
                tests.setdefault(nodeid, {})[text] = data
            tests = _mask_tree(tests, self.secrets)
            if not tests:
                path.unlink(missing_ok=True)
            elif json.dumps(tests, sort_keys=True) != before or not path.exists():
                _check_no_secrets(tests, self.secrets, path)
                _atomic_write(path, render({"version": FORMAT_VERSION, "tests": tests}))
        # Forget the changes only once written: a failed flush can be retried.
        self._loaded[path] = tests
        self._pruned.pop(path, None)
        self._changed.pop(path, None)

    def _ensure_gitignore(self) -> None:
        with contextlib.suppress(FileExistsError):
            with open(self.root / ".gitignore", "x", encoding="utf-8") as f:
                f.write(_GITIGNORE)


def render(data: Any) -> str:
    """The canonical text of a cache file: stable order, one key per line."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _read(path: Path) -> Tests:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CacheFileError(
            f"{path} is not valid JSON ({exc}); fix it (a merge conflict?) or delete it "
            "to record again"
        ) from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CacheFileError(f"{path} is not a version {FORMAT_VERSION} pytest-skyvern cache file")
    tests = data.get("tests", {})
    if not isinstance(tests, dict) or not all(isinstance(v, dict) for v in tests.values()):
        raise CacheFileError(f"{path}: 'tests' must map test ids to their entries")
    return tests


def _same(old: Any, new: dict[str, Any]) -> bool:
    if not isinstance(old, dict):
        return False
    return {k: v for k, v in old.items() if k != "recorded_at"} == {
        k: v for k, v in new.items() if k != "recorded_at"
    }


def _prune(tests: Tests, nodeid: str, used: set[str]) -> None:
    kept = {k: v for k, v in tests.get(nodeid, {}).items() if k in used}
    if kept:
        tests[nodeid] = kept
    else:
        tests.pop(nodeid, None)


def _mask_tree(data: Any, secrets: SecretRegistry) -> Any:
    """``data`` with every string (keys included) passed through ``secrets.mask``."""
    if isinstance(data, str):
        return secrets.mask(data)
    if isinstance(data, dict):
        return {secrets.mask(k): _mask_tree(v, secrets) for k, v in data.items()}
    if isinstance(data, list):
        return [_mask_tree(v, secrets) for v in data]
    return data


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield k
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def _check_no_secrets(data: Any, secrets: SecretRegistry, path: Path) -> None:
    # The last net: masking above makes this unreachable unless masking itself breaks.
    values = secrets.values()
    for text in _strings(data):
        if any(v in text for v in values):
            raise CacheFileError(f"refusing to write {path}: it would contain a secret value")


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _atomic_write(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


#: The session's action cache, on ``config.stash``.
CACHE_KEY = pytest.StashKey[ActionCache]()
