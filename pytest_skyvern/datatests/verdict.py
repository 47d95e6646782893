"""The verdict on a finished run for tests as data (marker and YAML tests).

A run passes when its status is the expected one, its output is valid against the
schema and contains the expected output. A failure is an ``ExpectationFailed`` whose
message has everything needed to act on it without opening a debugger: what was
asked, the diff, the step that went wrong and where the artifacts are.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from pytest_skyvern.context import TestContext
from pytest_skyvern.datatests.expect import MatchOptions, match_subset, render_diff
from pytest_skyvern.errors import ExpectationFailed
from pytest_skyvern.events import StepRecord
from pytest_skyvern.sdk.runs import TaskRunResponse
from pytest_skyvern.sdk.schema import validation_errors


def check_run(
    run: TaskRunResponse, *, what: str, schema: dict[str, Any] | None = None,
    expected: Any = None, options: MatchOptions | None = None, status: str = "completed",
    context: TestContext | None = None, output: Any = ...,
) -> None:
    """Raise ``ExpectationFailed`` unless ``run`` ended ``status`` with fitting output.

    ``output`` defaults to ``run.output`` (YAML tests compare a part of it).
    """
    actual = run.output if output is ... else output
    problems: list[str] = []
    if run.status != status:
        problems.append(f"the run ended {run.status!r}, expected {status!r}"
                        + (f": {run.failure_reason}" if run.failure_reason else ""))
    elif schema is not None and status == "completed":
        errors = validation_errors(actual, schema)
        if errors:
            problems.append("the output is not valid against the schema:\n"
                            + "\n".join(f"  {e}" for e in errors))
    if not problems and expected is not None:
        mismatches = match_subset(expected, actual, options)
        if mismatches:
            problems.append(render_diff(expected, actual, mismatches))
    if not problems:
        return
    lines = [f"{what}: {problems[0]}"]
    if run.status == status and actual is not None:
        lines.append("actual output: " + _short(actual))
    lines.extend(context_lines(context.bus.steps if context else [],
                               context.artifact_dir if context else None))
    raise ExpectationFailed("\n".join(lines))


def _short(value: Any, limit: int = 1500) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def failing_step(steps: Sequence[StepRecord]) -> StepRecord | None:
    """The innermost step that failed: the last one marked failed or carrying an error."""
    for step in reversed(steps):
        if step.status == "failed" or step.error:
            return step
    return None


def context_lines(steps: Sequence[StepRecord], artifact_dir: str | None) -> list[str]:
    """"step that went wrong" and "artifacts" lines for a failure message."""
    lines: list[str] = []
    step = failing_step(steps)
    if step is not None:
        lines.append(f"failed step: #{step.index} {step.kind} {step.instruction!r}"
                     + (f" (tier {step.tier})" if step.tier else ""))
        if step.error:
            lines.append(f"  error: {step.error.splitlines()[0][:500]}")
        if step.candidates:
            lines.append(f"  candidates: {'; '.join(step.candidates[:5])}")
        if step.screenshot:
            lines.append(f"  screenshot: {step.screenshot}")
    if artifact_dir:
        lines.append(f"artifacts: {artifact_dir} (timeline: "
                     f"{os.path.join(artifact_dir, 'timeline.json')})")
    return lines
