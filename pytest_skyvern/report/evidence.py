"""What a failed AI step shows in the pytest failure itself.

``failure_text`` is for the engine's exception message; ``failure_section`` is the
"pytest-skyvern step" section the reporter appends to the failing test's report,
with the artifact paths. Both mask secrets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pytest_skyvern.events import StepRecord
from pytest_skyvern.secrets import secrets

MAX_CANDIDATES = 5


def failing_step(steps: Sequence[StepRecord]) -> StepRecord | None:
    """The last step that failed (the one that ended the test), if any."""
    return next((s for s in reversed(steps) if s.status == "failed"), None)


def _screenshot_of(step: StepRecord) -> str | None:
    if step.screenshot:
        return step.screenshot
    for action in reversed(step.actions):
        if action.screenshot_after or action.screenshot_before:
            return action.screenshot_after or action.screenshot_before
    return None


def _shown(path: str, base: Path | None) -> str:
    base = Path.cwd() if base is None else base
    try:
        return str(Path(path).absolute().relative_to(base))
    except ValueError:
        return path


def failure_text(step: StepRecord, base: Path | None = None) -> str:
    """A readable account of a failed step: which, what was asked, what the AI saw,
    why it failed and where its screenshot is (relative to ``base``, default the
    working directory)."""
    lines = [f'pytest-skyvern step {step.index} ({step.kind}) failed: "{step.instruction}"']
    if step.url:
        lines.append(f"  page:   {step.url}")
    if step.tier:
        lines.append(f"  tier:   {step.tier}")
    failed = [a for a in step.actions if a.status == "failed"]
    for action in failed[-1:]:
        element = action.element
        if element is not None:
            lines.append(f'  element: {element.role} "{element.name}"  ({element.locator})')
        if action.value is not None:
            lines.append(f"  value:  {action.value}")
    why = step.error or (failed[-1].error if failed else None) or "no reason given"
    lines.append(f"  why:    {why}")
    if step.candidates:
        lines.append("  the AI saw (best candidates):")
        lines += [f"    - {c}" for c in step.candidates[:MAX_CANDIDATES]]
        if len(step.candidates) > MAX_CANDIDATES:
            lines.append(f"    ... and {len(step.candidates) - MAX_CANDIDATES} more")
    if step.reasoning:
        lines.append(f"  reasoning: {step.reasoning}")
    screenshot = _screenshot_of(step)
    if screenshot:
        lines.append(f"  screenshot: {_shown(screenshot, base)}")
    return secrets().mask("\n".join(lines))


def failure_section(step: StepRecord, artifacts: dict[str, str], base: Path | None) -> str:
    """The report section: the step's account plus the test's artifact paths."""
    lines = [failure_text(step, base), "", "artifacts:"]
    lines += [f"  {name}: {path}" for name, path in artifacts.items() if path]
    return secrets().mask("\n".join(lines))
