"""A test's timeline as JSON: its steps with their actions, like Skyvern's run timeline.

Everything goes through ``secrets().mask`` string by string (masking the JSON text
would break escaping), and file paths are relative to the test's artifact folder so
the folder can be moved or zipped as a whole. The shape is ``timeline.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pytest_skyvern.events import ActionRecord, StepRecord
from pytest_skyvern.report.artifacts import TIMELINE, relative
from pytest_skyvern.secrets import secrets

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("timeline.schema.json")
_PATH_FIELDS = ("screenshot", "screenshot_before", "screenshot_after")


def load_schema() -> dict[str, Any]:
    """The JSON Schema of ``timeline.json``."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def masked(value: Any) -> Any:
    """``value`` with every known secret replaced by its placeholder, recursively."""
    if isinstance(value, str):
        return secrets().mask(value)
    if isinstance(value, dict):
        return {masked(str(k)): masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [masked(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return secrets().mask(repr(value))  # e.g. a pydantic model in a step's output


def all_actions(step: StepRecord, seen: Iterable[ActionRecord]) -> list[ActionRecord]:
    """The step's actions plus any seen in events that the engine kept elsewhere."""
    actions = list(step.actions)
    actions += [a for a in seen if not any(a is b for b in actions)]
    return actions


def _action_dict(action: ActionRecord, folder: Path) -> dict[str, Any]:
    data = asdict(action)
    for key in _PATH_FIELDS:
        if data.get(key):
            data[key] = relative(data[key], folder)
    return data


def step_dict(step: StepRecord, seen: Iterable[ActionRecord], folder: Path) -> dict[str, Any]:
    """One step as the timeline shows it."""
    data = {k: v for k, v in asdict(step).items() if k != "actions"}
    if data.get("screenshot"):
        data["screenshot"] = relative(data["screenshot"], folder)
    data["actions"] = [_action_dict(a, folder) for a in all_actions(step, seen)]
    return data


def build_timeline(
    *,
    nodeid: str,
    outcome: str,
    duration_s: float,
    retry: int,
    steps: list[dict[str, Any]],
    artifacts: dict[str, str | None],
    totals: dict[str, Any],
) -> dict[str, Any]:
    """The whole document; ``steps`` come from ``step_dict``, paths are relative."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "nodeid": nodeid,
        "outcome": outcome,
        "duration_s": round(duration_s, 3),
        "retry": retry,
        "artifacts": artifacts,
        "totals": totals,
        "steps": steps,
    }
    result: dict[str, Any] = masked(document)
    return result


def write_timeline(folder: Path, document: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / TIMELINE
    path.write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
    return path
