"""``pytest-skyvern cache stats|prune|diff`` on cache files written like the plugin's."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cli_helpers import cli

from pytest_skyvern.cache.store import render

NOW = datetime.now(UTC).replace(microsecond=0)


def entry(kind: str, instruction: str, *, test_id: str = "save", name: str = "Save",
          days: int = 2, healed: int | None = None, position: int = 0) -> dict[str, Any]:
    element = {"candidates": [{"kind": "test_id", "value": test_id},
                              {"kind": "role", "value": "button", "name": name}],
               "fingerprint": {"role": "button", "name": name, "tag": "button"}}
    data: dict[str, Any] = {
        "kind": kind, "instruction": instruction, "url": "/form", "tier": "resolver",
        "recorded_at": (NOW - timedelta(days=days)).isoformat().replace("+00:00", "Z"),
        "actions": [{"type": "click", "element": element}], "position": position}
    if healed is not None:
        data["healed_at"] = (NOW - timedelta(hours=healed)).isoformat().replace("+00:00", "Z")
    return data


def write(path: Path, tests: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render({"version": 1, "tests": tests}))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root,
                   check=True, capture_output=True)


def test_stats_counts_entries_per_test_with_age_and_last_heal(tmp_path: Path) -> None:
    write(tmp_path / "c" / "test_a.py.json", {
        "test_a.py::test_one": {"0:click:/form:Save": entry("click", "Save", days=3),
                                "0:act:/form:click 'Save'": entry("act", "click 'Save'",
                                                                  healed=5)},
        "test_a.py::test_two": {"0:fill:/form:Name": entry("fill", "Name", days=1)}})
    out = cli("cache", "stats", "--cache-dir", str(tmp_path / "c")).stdout
    lines = out.splitlines()
    one = next(line for line in lines if line.startswith("test_a.py::test_one"))
    assert " 2 " in one
    assert "3d / 2d" in one
    assert "5h ago" in one
    assert "act 1, click 1; resolver 2" in one
    two = next(line for line in lines if line.startswith("test_a.py::test_two"))
    assert "never" in two
    assert lines[-1] == "total: 3 entries of 2 tests in 1 files (act 1, click 1, fill 1)"
    rows = json.loads(cli("cache", "stats", "--cache-dir", str(tmp_path / "c"), "--json").stdout)
    assert [r["entries"] for r in rows] == [2, 1]


def test_prune_removes_only_tests_that_are_gone(tmp_path: Path) -> None:
    (tmp_path / "test_mod.py").write_text("def test_kept():\n    pass\n")
    (tmp_path / "test_other.py").write_text("def test_elsewhere():\n    pass\n")
    cache = tmp_path / ".skyvern-cache"
    write(cache / "test_mod.py.json", {
        "test_mod.py::test_kept": {"0:click:/form:Save": entry("click", "Save")},
        "test_mod.py::test_renamed": {"0:click:/form:Save": entry("click", "Save")}})
    write(cache / "test_gone.py.json", {
        "test_gone.py::test_x": {"0:click:/form:Save": entry("click", "Save")}})
    write(cache / "test_other.py.json", {
        "test_other.py::test_not_collected_now": {"0:click:/form:Save": entry("click", "Save")}})

    dry = cli("cache", "prune", "--", "test_mod.py", cwd=tmp_path).stdout
    assert "would remove 1 entries of test_mod.py::test_renamed (no longer in its module)" in dry
    assert "would remove 1 entries of test_gone.py::test_x (test_gone.py no longer exists)" in dry
    assert "test_other.py" not in dry  # not collected this time, but still there: kept
    assert "dry run: 2 entries would be removed" in dry
    assert (cache / "test_gone.py.json").exists()

    cli("cache", "prune", "--apply", "--", "test_mod.py", cwd=tmp_path)
    assert not (cache / "test_gone.py.json").exists()
    kept = json.loads((cache / "test_mod.py.json").read_text())["tests"]
    assert list(kept) == ["test_mod.py::test_kept"]
    assert (cache / "test_other.py.json").exists()
    assert "nothing to prune" in cli("cache", "prune", "--", "test_mod.py", cwd=tmp_path).stdout


def test_diff_says_which_steps_changed_and_why(tmp_path: Path) -> None:
    cache = tmp_path / ".skyvern-cache"
    write(cache / "test_a.py.json", {"test_a.py::test_one": {
        "0:click:/form:Save": entry("click", "Save"),
        "0:click:/form:Help": entry("click", "Help", test_id="help", name="Help"),
        "0:click:/form:Close": entry("click", "Close", test_id="close", name="Close"),
        "0:click:/form:Old": entry("click", "Old", test_id="old", name="Old")}})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "cache")
    assert "no changes to the action cache" in cli("cache", "diff", "HEAD", cwd=tmp_path).stdout

    healed = entry("click", "Save", test_id="save-v2", healed=1)
    healed["actions"][0]["element"]["candidates"].pop(0)
    refreshed = entry("click", "Help", test_id="help", name="Get help", days=0)
    write(cache / "test_a.py.json", {
        "test_a.py::test_one": {
            "0:click:/form:Save": healed,
            "0:click:/form:Help": refreshed,
            "0:click:/form:Close": entry("click", "Close", test_id="close", name="Close",
                                         position=3),
        },
        "test_a.py::test_new": {"0:act:/form:click 'Go'": entry("act", "click 'Go'")}})
    out = cli("cache", "diff", "HEAD", "--cache-dir", ".skyvern-cache", cwd=tmp_path).stdout
    assert "test_a.py::test_new (new test)\n  recorded: act \"click 'Go'\" on /form" in out
    assert '  healed: click "Save" on /form\n      action 1 (click): found by role button ' \
        '"Save" instead of test id "save" (dropped test id "save")' in out
    assert '  refreshed: click "Help" on /form\n      action 1 (click): now acts on the ' \
        'button "Get help" (was the button "Help")' in out
    assert '  moved: click "Close" on /form\n      now step 3 of its test (was 0)' in out
    assert '  removed: click "Old" on /form' in out
    assert out.strip().endswith("5 steps changed in 2 tests since HEAD: 1 healed, 1 moved, "
                                "1 recorded, 1 refreshed, 1 removed")
    bad = cli("cache", "diff", "no-such-ref", cwd=tmp_path, check=False)
    assert bad.returncode == 1
    assert "no-such-ref" in bad.stderr
