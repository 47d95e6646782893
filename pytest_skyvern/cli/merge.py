"""``pytest-skyvern merge-reports DIR... -o OUT``: one report from CI shards.

Each DIR is what one shard left behind: its report folder (``summary.json``), or a
folder holding ``skyvern-report/`` next to ``test-results/`` (a downloaded CI
artifact). Every test's artifact folder is copied under ``OUT/test-results/``, its
paths are rewritten to the copies, and ``OUT`` gets one ``summary.json`` (totals added
up again), ``index.html`` and ``heals.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from pytest_skyvern.cli.common import fail
from pytest_skyvern.report import html_report, summary
from pytest_skyvern.report.artifacts import INDEX, SUMMARY, relative

HELP = "merge the summary.json and artifact folders of CI shards into one report"
RESULTS = "test-results"


class MergeError(Exception):
    """A shard folder cannot be merged (no summary, or one that is not ours)."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "merge-reports", help=HELP, description=HELP + ". " + __doc__.split("\n\n", 1)[1])
    parser.add_argument("dirs", nargs="+", metavar="DIR",
                        help="a shard's report folder, or a folder with skyvern-report/ in it")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="folder for the merged report (created; its old report replaced)")
    parser.set_defaults(handler=run)
    return parser


def find_summary(folder: Path) -> Path:
    for candidate in (folder / SUMMARY, folder / "skyvern-report" / SUMMARY):
        if candidate.is_file():
            return candidate
    raise MergeError(f"{folder}: no {SUMMARY} (nor skyvern-report/{SUMMARY}) in it")


def load_shard(folder: Path) -> tuple[dict[str, Any], Path]:
    """A shard's summary document and the folder its artifact paths start from."""
    path = find_summary(folder)
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise MergeError(f"{path} is not valid JSON ({exc})") from exc
    if not isinstance(document.get("tests"), dict):
        raise MergeError(f"{path} is not a pytest-skyvern summary (no 'tests')")
    # Summaries written before "root" existed: paths start where pytest ran, usually
    # the report folder's parent.
    root = (path.parent / str(document.get("root", ".."))).resolve()
    return document, root


def _unique_folder(out: Path, name: str) -> Path:
    target, n = out / RESULTS / name, 2
    while target.exists():
        target, n = out / RESULTS / f"{name}-{n}", n + 1
    return target


def copy_artifacts(entry: dict[str, Any], root: Path, out: Path) -> dict[str, str]:
    """Copy one test's artifacts into ``out``; their new paths, relative to ``out``."""
    artifacts: dict[str, str] = dict(entry.get("artifacts", {}))
    artifacts.pop("report", None)
    timeline = artifacts.get("timeline")
    folder = (root / timeline).parent if timeline else None
    moved: dict[str, str] = {"report": INDEX}
    target: Path | None = None
    if folder is not None and folder.is_dir():
        target = _unique_folder(out, folder.name)
        shutil.copytree(folder, target)
    for name, path in artifacts.items():
        source = root / path
        if target is not None and folder is not None and source.is_relative_to(folder):
            moved[name] = relative(target / source.relative_to(folder), out)
        elif source.exists():
            # Outside the test's folder (rare): copied next to the others.
            dest = (target or _unique_folder(out, "extra")) / source.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest)
            moved[name] = relative(dest, out)
    return moved


def merge(folders: list[Path], out: Path) -> dict[str, Any]:
    """Merge the shards in ``folders`` into ``out``; the merged summary document."""
    shards = [load_shard(folder) for folder in folders]
    if (out / RESULTS).exists():
        shutil.rmtree(out / RESULTS)
    out.mkdir(parents=True, exist_ok=True)
    tests: dict[str, dict[str, Any]] = {}
    for folder, (document, root) in zip(folders, shards, strict=True):
        for nodeid, entry in document["tests"].items():
            if nodeid in tests:
                print(f"pytest-skyvern: {nodeid} is in more than one shard; keeping the one "
                      f"from {folder}", file=sys.stderr)
            tests[nodeid] = {**entry, "artifacts": copy_artifacts(entry, root, out)}
    merged = summary.write_summary(out, tests, out)
    html_report.write_index(out, merged, out)
    return merged


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    try:
        merged = merge([Path(d) for d in args.dirs], out)
    except MergeError as exc:
        return fail(str(exc))
    totals = merged["totals"]
    outcomes = ", ".join(f"{n} {o}" for o, n in sorted(totals["outcomes"].items()))
    print(f"merged {totals['tests']} tests ({outcomes}) from {len(args.dirs)} reports: "
          f"{out / INDEX}")
    print(f"  {totals['ai_steps']} AI steps: {totals['cache_hits']} cache, "
          f"{totals['resolver_hits']} resolver, {totals['llm_steps']} LLM, "
          f"{totals['healed']} healed; {totals['llm_calls']} LLM calls, "
          f"${totals['cost_usd']:.4f}")
    return 0

