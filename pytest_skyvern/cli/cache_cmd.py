"""``pytest-skyvern cache stats|prune|diff``: look after the committed action cache."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pytest_skyvern.cache import CacheFileError
from pytest_skyvern.cli import cache_files
from pytest_skyvern.cli.cache_diff import diff_against
from pytest_skyvern.cli.common import add_cache_dir, cache_root, fail

HELP = "inspect and tidy the action cache: stats, prune, diff"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "cache", help=HELP, description=HELP + ".")
    commands = parser.add_subparsers(dest="cache_command", required=True)

    stats = commands.add_parser(
        "stats", help="entries per test, by kind and tier, with their age and last heal",
        description="Entries per test, by kind and tier, with their age and last heal.")
    add_cache_dir(stats)
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")
    stats.set_defaults(handler=run_stats)

    prune = commands.add_parser(
        "prune", help="remove entries of tests no longer in the collected suite (dry run)",
        description="Collect the suite (pytest --collect-only, with PYTEST_ARGS) and remove "
                    "the entries of tests that are gone: tests no longer in a collected "
                    "module, and tests of modules that no longer exist. Tests of modules "
                    "this collection did not reach are kept. Prints what it would remove "
                    "unless --apply is given.")
    add_cache_dir(prune)
    prune.add_argument("--apply", action="store_true", help="remove them (default: dry run)")
    prune.add_argument("pytest_args", nargs=argparse.REMAINDER, metavar="-- PYTEST_ARGS",
                       help="arguments for the collection run (e.g. -- tests examples)")
    prune.set_defaults(handler=run_prune)

    diff = commands.add_parser(
        "diff", help="cache changes against a git ref, in words",
        description="Which cached steps changed against the git ref REF, and why: recorded "
                    "(new), healed (the app changed), refreshed (re-recorded), moved (only "
                    "its place in the test), edited (by hand) or removed.")
    add_cache_dir(diff)
    diff.add_argument("ref", metavar="REF", help="a git commit, branch or tag (e.g. HEAD, main)")
    diff.set_defaults(handler=run_diff)
    return parser


# ---------------------------------------------------------------------------- stats
def test_stats(root: Path, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for path in cache_files.cache_files(root):
        tests = cache_files.read_tests(path)
        for nodeid in tests:
            items = cache_files.entries_of({nodeid: tests[nodeid]})
            if not items:
                continue
            recorded = [i.entry.recorded_at for i in items]
            heals = [i.entry.healed_at for i in items if i.entry.healed_at is not None]
            rows.append({
                "test": nodeid, "file": str(path), "entries": len(items),
                "kinds": dict(Counter(i.entry.kind for i in items)),
                "tiers": dict(Counter(i.entry.tier for i in items)),
                "oldest": cache_files.age(min(recorded), now),
                "newest": cache_files.age(max(recorded), now),
                "last_heal": cache_files.age(max(heals), now) + " ago" if heals else "never",
            })
    return rows


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


def run_stats(args: argparse.Namespace) -> int:
    root = cache_root(args)
    try:
        rows = test_stats(root, datetime.now(UTC))
    except CacheFileError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    if not rows:
        print(f"no cached steps in {root}")
        return 0
    width = min(70, max(len(r["test"]) for r in rows))
    print(f"{'test':<{width}} {'entries':>7}  {'age (oldest/newest)':<19}  {'last heal':<10}  "
          "kinds; tiers")
    for r in rows:
        name = r["test"] if len(r["test"]) <= width else "..." + r["test"][-(width - 3):]
        print(f"{name:<{width}} {r['entries']:>7}  {r['oldest'] + ' / ' + r['newest']:<19}  "
              f"{r['last_heal']:<10}  {_counts(r['kinds'])}; {_counts(r['tiers'])}")
    kinds: Counter[str] = Counter()
    for r in rows:
        kinds.update(r["kinds"])
    files = len({r["file"] for r in rows})
    print(f"total: {sum(r['entries'] for r in rows)} entries of {len(rows)} tests in {files} "
          f"files ({_counts(dict(kinds))})")
    return 0


# ---------------------------------------------------------------------------- prune
def collect(pytest_args: list[str]) -> dict[str, Any]:
    """What ``pytest --collect-only`` finds (test ids, rootdir, cache folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "collected.json"
        env = {**os.environ, "PYTEST_SKYVERN_COLLECT_OUT": str(out)}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
             "-p", "pytest_skyvern.cli.collect", *pytest_args],
            env=env, capture_output=True, text=True, check=False)
        if not out.is_file() or done.returncode not in (0, 5):
            raise RuntimeError("collecting the suite failed:\n" + done.stdout[-2000:]
                               + done.stderr[-2000:])
        data: dict[str, Any] = json.loads(out.read_text())
        return data


def prune_plan(root: Path, rootdir: Path, keep: set[str]) -> dict[Path, dict[str, str]]:
    """Cache file -> test id -> why its entries go."""
    modules = {nodeid.split("::", 1)[0] for nodeid in keep}
    plan: dict[Path, dict[str, str]] = {}
    for path in cache_files.cache_files(root):
        for nodeid in cache_files.read_tests(path):
            if "::" not in nodeid or nodeid in keep:
                continue  # a workflow run's scope, or a test that is still there
            module = nodeid.split("::", 1)[0]
            if module in modules:
                plan.setdefault(path, {})[nodeid] = "no longer in its module"
            elif not (rootdir / module).exists():
                plan.setdefault(path, {})[nodeid] = f"{module} no longer exists"
    return plan


def run_prune(args: argparse.Namespace) -> int:
    pytest_args = [a for a in args.pytest_args if a != "--"]
    try:
        collected = collect(pytest_args)
    except RuntimeError as exc:
        return fail(str(exc))
    root = Path(args.cache_dir) if args.cache_dir else Path(collected["cache_dir"])
    keep = set(collected["nodeids"]) | set(collected.get("scopes", []))
    plan = prune_plan(root, Path(collected["rootdir"]), keep)
    count = 0
    for path, gone in plan.items():
        tests = cache_files.read_tests(path)
        for nodeid, why in gone.items():
            entries = len(tests.get(nodeid, {}))
            count += entries
            verb = "removed" if args.apply else "would remove"
            print(f"{verb} {entries} entries of {nodeid} ({why})")
            tests.pop(nodeid, None)
        if args.apply:
            cache_files.write_tests(path, tests)
    if not plan:
        print(f"nothing to prune: every cached test of {root} is in the suite")
    elif not args.apply:
        print(f"dry run: {count} entries would be removed; run again with --apply")
    return 0


# ----------------------------------------------------------------------------- diff
def run_diff(args: argparse.Namespace) -> int:
    try:
        lines = diff_against(args.ref, cache_root(args))
    except (CacheFileError, RuntimeError) as exc:
        return fail(str(exc))
    print("\n".join(lines))
    return 0
