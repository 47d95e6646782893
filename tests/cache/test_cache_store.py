"""The cache files: one readable JSON file per module, modes, replace-not-append, secrets."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pytest_skyvern.cache import ActionCache, CachedAction, CacheEntry, CacheFileError, CacheKey
from pytest_skyvern.secrets import SecretRegistry

MakeCache = Callable[..., ActionCache]
KeyFactory = Callable[..., CacheKey]
EntryFactory = Callable[..., CacheEntry]
SECRET = "hunter2-very-secret"


def _file(tmp_path: Path) -> Path:
    return tmp_path / ".skyvern-cache" / "examples" / "test_login.py.json"


def test_file_per_module_mirrors_the_test_path(make_cache: MakeCache, tmp_path: Path) -> None:
    cache = make_cache()
    assert cache.path_for("examples/test_login.py::TestA::test_b[1]") == _file(tmp_path)
    # A nodeid outside the rootdir must not write outside the cache folder.
    outside = cache.path_for("../other/test_x.py::test_y")
    assert outside.is_relative_to(tmp_path / ".skyvern-cache")


def test_put_then_get_round_trips_through_the_file(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory
) -> None:
    first = make_cache()
    stored = cache_entry(CachedAction(type="press", key="Enter"))
    first.put(cache_key(), stored)
    first.flush()
    again = make_cache().get(cache_key(url="http://127.0.0.1:61000/login"))
    assert again == stored


def test_put_replaces_the_entry_for_a_key(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    cache = make_cache()
    cache.put(cache_key(), cache_entry(CachedAction(type="press", key="Enter")))
    cache.flush()
    healed = cache_entry(CachedAction(type="press", key="Tab"))
    cache.put(cache_key(), healed)
    cache.put(cache_key(), healed)
    cache.flush()
    tests = json.loads(_file(tmp_path).read_text())["tests"]
    entries = tests["examples/test_login.py::test_login"]
    assert list(entries) == ["0:act:/login:Click Sign in"]
    assert entries["0:act:/login:Click Sign in"]["actions"] == [{"type": "press", "key": "Tab"}]
    assert make_cache().get(cache_key()) == healed


def test_json_file_is_readable_and_stable(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    cache = make_cache()
    cache.put(cache_key(1, "Zebra"), cache_entry(instruction="Zebra"))
    cache.put(cache_key(0, "Apple"), cache_entry(instruction="Apple"))
    cache.flush()
    text = _file(tmp_path).read_text()
    data = json.loads(text)
    assert data["version"] == 1
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert text.index('"0:act:/login:Apple"') < text.index('"1:act:/login:Zebra"')
    # Recording the same entries again in a later run leaves the bytes alone.
    later = {"recorded_at": datetime(2030, 1, 1, tzinfo=UTC)}
    rerun = make_cache()
    rerun.put(cache_key(0, "Apple"), cache_entry(instruction="Apple").model_copy(update=later))
    rerun.put(cache_key(1, "Zebra"), cache_entry(instruction="Zebra").model_copy(update=later))
    rerun.flush()
    assert _file(tmp_path).read_text() == text


def test_modes(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    auto = make_cache("auto")
    auto.put(cache_key(), cache_entry())
    auto.flush()
    assert make_cache("replay-only").get(cache_key()) is not None
    assert make_cache("refresh").get(cache_key()) is None
    assert make_cache("off").get(cache_key()) is None

    before = _file(tmp_path).read_text()
    for mode in ("replay-only", "off"):
        cache = make_cache(mode)
        cache.put(cache_key(5, "Other"), cache_entry(instruction="Other"))
        assert cache.flush() == []
    assert _file(tmp_path).read_text() == before

    refresh = make_cache("refresh")
    refresh.put(cache_key(), cache_entry(CachedAction(type="press", key="Escape")))
    refresh.flush()
    assert make_cache().get(cache_key()).actions[0].key == "Escape"  # type: ignore[union-attr]


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="replay-only"):
        ActionCache(tmp_path, "sometimes", SecretRegistry())  # type: ignore[arg-type]


def test_literal_secret_is_stored_as_placeholder_and_never_written(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    cache = make_cache()
    # Even an entry built by hand with the literal (bypassing entry_from_plan) is masked.
    leaky = cache_entry(
        CachedAction(type="fill", value=SECRET),
        CachedAction(type="goto", url=f"/reset?token={SECRET}"),
        instruction=f"Type {SECRET}",
    )
    cache.put(cache_key(0, f"Type {SECRET}"), leaky)
    cache.flush()
    text = _file(tmp_path).read_text()
    assert SECRET not in text
    assert '"value": "{{password}}"' in text
    assert "/reset?token={{password}}" in text
    assert make_cache().get(cache_key(0, f"Type {SECRET}")) is not None


def test_atomic_write_leaves_no_temp_files(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    cache = make_cache()
    for step in range(5):
        cache.put(cache_key(step, f"Step {step}"), cache_entry(instruction=f"Step {step}"))
        cache.flush()
    folder = _file(tmp_path).parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "test_login.py.json",
        "test_login.py.json.lock",
    ]
    assert "*.lock" in (tmp_path / ".skyvern-cache" / ".gitignore").read_text()


def test_failed_write_keeps_the_old_file_and_no_temp(
    make_cache: MakeCache,
    cache_key: KeyFactory,
    cache_entry: EntryFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = make_cache()
    cache.put(cache_key(), cache_entry())
    cache.flush()
    before = _file(tmp_path).read_text()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pytest_skyvern.cache.store.os.replace", broken_replace)
    cache.put(cache_key(1, "More"), cache_entry(instruction="More"))
    with pytest.raises(OSError, match="disk full"):
        cache.flush()
    assert _file(tmp_path).read_text() == before
    assert not list(_file(tmp_path).parent.glob("*.tmp"))
    # The change was not forgotten: the next flush writes it.
    monkeypatch.undo()
    assert cache.flush() == [_file(tmp_path)]
    assert make_cache().get(cache_key(1, "More")) is not None


def test_prune_drops_unused_entries_of_a_passing_test(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory
) -> None:
    other = "examples/test_login.py::test_other"
    first = make_cache()
    for step in range(3):
        first.put(cache_key(step, f"Step {step}"), cache_entry(instruction=f"Step {step}"))
    first.put(cache_key(0, "Keep me", nodeid=other), cache_entry(instruction="Keep me"))
    first.flush()

    second = make_cache()
    assert second.get(cache_key(0, "Step 0")) is not None
    second.mark_used(cache_key(2, "Step 2"))
    second.prune("examples/test_login.py::test_login")
    second.flush()

    third = make_cache()
    assert sorted(third.entries("examples/test_login.py::test_login")) == [
        "0:act:/login:Step 0",
        "2:act:/login:Step 2",
    ]
    assert list(third.entries(other)) == ["0:act:/login:Keep me"]


def test_prune_is_a_no_op_in_replay_only(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory
) -> None:
    first = make_cache()
    first.put(cache_key(), cache_entry())
    first.flush()
    replay = make_cache("replay-only")
    replay.prune("examples/test_login.py::test_login")
    assert replay.flush() == []
    assert make_cache().get(cache_key()) is not None


def test_a_broken_entry_is_a_miss_a_broken_file_an_error(
    make_cache: MakeCache, cache_key: KeyFactory, tmp_path: Path
) -> None:
    path = _file(tmp_path)
    path.parent.mkdir(parents=True)
    bad_entry = {"kind": "act", "instruction": "x", "url": "/", "tier": "nobody"}
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "tests": {"examples/test_login.py::test_login": {str(cache_key()): bad_entry}},
            }
        )
    )
    assert make_cache().get(cache_key()) is None

    path.write_text("<<<<<<< HEAD\n{}")
    with pytest.raises(CacheFileError, match="not valid JSON"):
        make_cache().get(cache_key())
    path.write_text('{"version": 7, "tests": {}}')
    with pytest.raises(CacheFileError, match="version 1"):
        make_cache().get(cache_key())


def test_replay_only_miss_message_says_what_and_how(
    make_cache: MakeCache, cache_key: KeyFactory, cache_entry: EntryFactory, tmp_path: Path
) -> None:
    auto = make_cache()
    auto.put(cache_key(0, "Open login"), cache_entry(instruction="Open login"))
    auto.flush()
    message = make_cache("replay-only").replay_only_miss_message(cache_key(1, "Click Sign in"))
    assert "1:act:/login:Click Sign in" in message
    assert str(_file(tmp_path)) in message
    assert "0:act:/login:Open login" in message  # what IS cached, to spot a shifted step
    assert "--skyvern-cache=auto" in message
    assert "refresh" in message
    assert "LLM" in message
