"""Per-test and session counts: tiers, LLM calls, tokens, cost; ``summary.json``.

Under pytest-xdist each worker writes its tests to ``<report_dir>/.parts/<id>.json``
and the controller merges the parts into the one ``summary.json``; file names carry
the worker id, so workers never write the same file.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypedDict

from pytest_skyvern.events import StepRecord
from pytest_skyvern.report.artifacts import SUMMARY, relative
from pytest_skyvern.report.heals_md import write_heals_md

PARTS = ".parts"
MISS_TIERS = frozenset({"resolver", "llm", "healed"})
COUNTERS = ("ai_steps", "cache_hits", "cache_misses", "healed", "resolver_hits", "llm_steps",
            "llm_calls", "prompt_tokens", "completion_tokens")
MEASURES = ("cost_usd", "llm_seconds")


class Totals(TypedDict):
    ai_steps: int
    cache_hits: int
    cache_misses: int
    healed: int
    resolver_hits: int
    llm_steps: int
    llm_calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    llm_seconds: float


def empty_totals() -> Totals:
    return Totals(ai_steps=0, cache_hits=0, cache_misses=0, healed=0, resolver_hits=0,
                  llm_steps=0, llm_calls=0, prompt_tokens=0, completion_tokens=0, cost_usd=0.0,
                  llm_seconds=0.0)


def _is_cache_miss(step: StepRecord) -> bool:
    # A step may say explicitly whether the cache was consulted; otherwise any
    # tier after the cache counts as a miss.
    consulted = getattr(step, "cache_consulted", None)
    return step.tier in MISS_TIERS and consulted is not False


def step_totals(steps: Iterable[StepRecord]) -> Totals:
    """Counts over a test's AI steps (plain navigations are not AI steps)."""
    totals = empty_totals()
    for step in steps:
        if step.kind == "navigation":
            continue
        totals["ai_steps"] += 1
        totals["cache_hits"] += step.tier == "cache"
        totals["cache_misses"] += _is_cache_miss(step)
        totals["healed"] += step.tier == "healed"
        totals["resolver_hits"] += step.tier == "resolver"
        totals["llm_steps"] += step.tier == "llm"
        totals["llm_calls"] += step.llm_calls
        totals["prompt_tokens"] += step.prompt_tokens
        totals["completion_tokens"] += step.completion_tokens
        totals["cost_usd"] += step.cost_usd
        totals["llm_seconds"] += step.llm_seconds
    return _rounded(totals)


def _rounded(totals: Totals) -> Totals:
    totals["cost_usd"] = round(totals["cost_usd"], 6)
    totals["llm_seconds"] = round(totals["llm_seconds"], 3)
    return totals


def add_up(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Session totals over test entries (each holding the ``Totals`` keys)."""
    totals: dict[str, Any] = dict(empty_totals())
    outcomes: dict[str, int] = {}
    count = 0
    duration = 0.0
    for entry in entries:
        count += 1
        for key in (*COUNTERS, *MEASURES):
            totals[key] += entry.get(key, 0)
        outcomes[entry["outcome"]] = outcomes.get(entry["outcome"], 0) + 1
        duration += entry.get("duration", 0.0)
    totals["cost_usd"] = round(totals["cost_usd"], 6)
    totals["llm_seconds"] = round(totals["llm_seconds"], 3)
    totals.update(tests=count, outcomes=outcomes, duration=round(duration, 3))
    return totals


def write_part(report_dir: Path, worker: str, tests: dict[str, dict[str, Any]]) -> Path:
    """One worker's entries; written atomically so the controller never reads half."""
    folder = report_dir / PARTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{worker}.json"
    staging = path.with_suffix(".tmp")
    staging.write_text(json.dumps(tests), encoding="utf-8")
    os.replace(staging, path)
    return path


def collect_parts(report_dir: Path) -> dict[str, dict[str, Any]]:
    """Every worker's entries; the parts folder is removed afterwards."""
    tests: dict[str, dict[str, Any]] = {}
    folder = report_dir / PARTS
    for part in sorted(folder.glob("*.json")):
        tests.update(json.loads(part.read_text(encoding="utf-8")))
    shutil.rmtree(folder, ignore_errors=True)
    return tests


def clear_parts(report_dir: Path) -> None:
    shutil.rmtree(report_dir / PARTS, ignore_errors=True)


def all_heals(tests: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every test's heals, in test order (each test entry keeps its own)."""
    return [heal for entry in tests.values() for heal in entry.get("heals", [])]


def write_summary(report_dir: Path, tests: dict[str, dict[str, Any]],
                  base: Path | None = None) -> dict[str, Any]:
    """``summary.json`` (and ``heals.md``). Artifact paths in ``tests`` are relative to
    ``base``, which the document records relative to itself as ``root``."""
    document: dict[str, Any] = {"totals": add_up(tests.values()), "tests": tests,
                                "heals": all_heals(tests)}
    if base is not None:
        document["root"] = relative(base, report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / SUMMARY).write_text(json.dumps(document, indent=1), encoding="utf-8")
    write_heals_md(report_dir, document["heals"])
    return document


def terminal_lines(document: dict[str, Any], width: int = 60) -> list[str]:
    """The end-of-run block: per test and in total, by tier, LLM calls, tokens, cost."""
    header = (f"{'test':<{width}} {'result':<7} {'steps':>5} {'cache':>5} {'resolv':>6} "
              f"{'llm':>4} {'healed':>6} {'calls':>5} {'tokens in/out':>15} {'cost $':>9} "
              f"{'llm s':>6}")
    lines = [header]

    def row(name: str, entry: dict[str, Any], outcome: str) -> str:
        tokens = f"{entry['prompt_tokens']}/{entry['completion_tokens']}"
        if len(name) > width:
            name = "..." + name[-(width - 3):]
        return (f"{name:<{width}} {outcome:<7} {entry['ai_steps']:>5} {entry['cache_hits']:>5} "
                f"{entry['resolver_hits']:>6} {entry['llm_steps']:>4} {entry['healed']:>6} "
                f"{entry['llm_calls']:>5} {tokens:>15} {entry['cost_usd']:>9.4f} "
                f"{entry['llm_seconds']:>6.1f}")

    for nodeid, entry in document["tests"].items():
        lines.append(row(nodeid, entry, entry["outcome"]))
    totals = document["totals"]
    passed = totals["outcomes"].get("passed", 0)
    lines.append(row(f"total ({totals['tests']} tests)", totals, f"{passed} ok"))
    return lines
