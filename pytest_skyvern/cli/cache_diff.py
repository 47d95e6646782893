"""The action cache against a git ref, in words (``pytest-skyvern cache diff REF``).

Each changed step is named by its test, kind, instruction and page, with why it
changed: ``recorded`` (new), ``healed`` (its ``healed_at`` moved: the app changed
and the step was found again), ``refreshed`` (re-recorded), ``moved`` (only its place
among the test's steps), ``edited`` (changed by hand) or ``removed``.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from pytest_skyvern.cache.changes import entry_changes
from pytest_skyvern.cli import cache_files


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def files_at(ref: str, root: Path) -> dict[str, str]:
    """Cache file (relative to ``root``) -> its text at ``ref``."""
    root = root.resolve()
    top = Path(_git("rev-parse", "--show-toplevel", cwd=root if root.is_dir() else Path.cwd())
               .strip())
    folder = root.relative_to(top).as_posix()
    _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=top)
    names = _git("ls-tree", "-r", "--name-only", "--full-name", ref, "--", folder, cwd=top)
    out = {}
    for name in names.splitlines():
        if name.endswith(".json"):
            relative = Path(name).relative_to(folder).as_posix()
            out[relative] = _git("show", f"{ref}:{name}", cwd=top)
    return out


def why(old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    if old is None:
        return "recorded"
    if new is None:
        return "removed"
    if new.get("healed_at") and new.get("healed_at") != old.get("healed_at"):
        return "healed"
    if new.get("recorded_at") != old.get("recorded_at"):
        return "refreshed"
    rest = {k: v for k, v in new.items() if k != "position"}
    if rest == {k: v for k, v in old.items() if k != "position"}:
        return "moved"
    return "edited"


def _step(key: str, entry: dict[str, Any]) -> str:
    occurrence = key.split(":", 1)[0]
    nth = f" (occurrence {int(occurrence) + 1})" if occurrence.isdigit() and occurrence != "0" \
        else ""
    return f'{entry.get("kind")} "{entry.get("instruction")}" on {entry.get("url")}{nth}'


def _timestamps_only(old: dict[str, Any], new: dict[str, Any]) -> bool:
    skip = ("recorded_at", "healed_at")
    return {k: v for k, v in old.items() if k not in skip} == {
        k: v for k, v in new.items() if k not in skip}


def diff_tests(old: cache_files.Tests, new: cache_files.Tests) -> list[tuple[str, list[str]]]:
    """Per test id, the lines describing its changed steps."""
    out = []
    for nodeid in sorted(set(old) | set(new)):
        before, after = old.get(nodeid, {}), new.get(nodeid, {})
        lines = []
        for key in sorted(set(before) | set(after)):
            o, n = before.get(key), after.get(key)
            if o == n or (o is not None and n is not None and _timestamps_only(o, n)
                          and why(o, n) != "healed"):
                continue
            reason = why(o, n)
            shown = n if n is not None else o
            assert shown is not None
            lines.append(f"  {reason}: {_step(key, shown)}")
            lines.extend(f"      {change}" for change in entry_changes(o, n)
                         if reason not in ("recorded", "removed") or change != reason)
        if lines:
            label = nodeid + (" (new test)" if nodeid not in old else
                              " (test gone)" if nodeid not in new else "")
            out.append((label, lines))
    return out


def diff_against(ref: str, root: Path) -> list[str]:
    """The report of ``cache diff``: changes from ``ref`` to the working tree."""
    old_files = files_at(ref, root)
    new_files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                 for p in cache_files.cache_files(root)}
    lines: list[str] = []
    reasons: Counter[str] = Counter()
    tests = 0
    for name in sorted(set(old_files) | set(new_files)):
        old = cache_files.parse_tests(old_files[name], f"{ref}:{name}") if name in old_files \
            else {}
        new = cache_files.parse_tests(new_files[name], name) if name in new_files else {}
        for label, changed in diff_tests(old, new):
            tests += 1
            lines.append(label)
            lines.extend(changed)
            reasons.update(line.split(":", 1)[0].strip() for line in changed
                           if not line.startswith("      "))
    if not lines:
        return [f"no changes to the action cache ({root}) since {ref}"]
    steps = sum(reasons.values())
    lines.append(f"{steps} step{'s' if steps != 1 else ''} changed in {tests} "
                 f"test{'s' if tests != 1 else ''} since {ref}: "
                 + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
    return lines
