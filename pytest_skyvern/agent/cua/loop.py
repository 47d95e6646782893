"""The computer-use loop: screenshot -> model -> mouse and keyboard, until it ends.

One model turn is one ``act`` step on the test's timeline: the screenshot the model
was given (``step.screenshot``), what it said, its tokens and cost, and each action
it asked for as an ``ActionRecord`` (the point and what lay under it). Calls go
through ``StepRunner.provider_call``, so the LLM budgets cap them like any other.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.agent.cua.drive import element_at, perform_action
from pytest_skyvern.agent.cua.model import ComputerAction, ComputerUseModel, Screen, Turn
from pytest_skyvern.events import ActionRecord, StepRecord
from pytest_skyvern.llm import Usage

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts


class StepCount(Protocol):
    """Where the run counts its steps (the task loop's, so a timeout still counts them)."""

    steps: int


@dataclass(frozen=True)
class Outcome:
    """How the model's conversation ended."""

    status: str  # completed | failed | terminated
    text: str = ""
    reason: str | None = None


async def take_screen(page: Page) -> Screen:
    """The viewport in CSS pixels, after whatever navigation the last action started."""
    try:
        await page.wait_for_load_state("domcontentloaded", timeout=5_000)
    except PlaywrightError:
        pass  # a page still loading is what the model should see, then
    size = page.viewport_size or await page.evaluate(
        "() => ({width: window.innerWidth, height: window.innerHeight})")
    png = await page.screenshot(type="png", scale="css")
    return Screen(png=png, width=int(size["width"]), height=int(size["height"]), url=page.url)


def goal_text(goal: str, secret_names: list[str]) -> str:
    """The task as the model reads it: secrets only ever as placeholders."""
    if not secret_names:
        return goal
    names = ", ".join("{{" + n + "}}" for n in secret_names)
    return (f"{goal}\n\nTo type a secret, type its placeholder exactly as written "
            f"(it is replaced when typed): {names}.")


async def run_computer_use(
    engine: EngineParts, page: Page, goal: str, model: ComputerUseModel,
    counter: StepCount, max_steps: int,
) -> Outcome:
    """Drive ``page`` with ``model`` until it ends the task or ``max_steps`` run out."""
    secrets, runner = engine.secrets, engine.runner
    prompt = goal_text(secrets.mask(goal), secrets.names())
    screen = await take_screen(page)
    first = True
    try:
        while True:
            if counter.steps >= max_steps:
                return Outcome("failed", reason=f"Reached the maximum of {max_steps} steps "
                               "without completing the goal.")
            counter.steps += 1
            async with runner.step(page, "act", goal) as step:
                step.tier = "llm"
                step.screenshot = _keep_screenshot(step, screen)
                turn = await runner.provider_call(
                    step, partial(_ask, model, prompt if first else None, screen), _usage_of)
                first = False
                step.reasoning = secrets.mask(_reasoning(model.label, turn))
                for action in turn.actions:
                    await _perform(engine, page, step, action)
            if turn.status != "continue":
                text = secrets.mask(turn.text)
                reason = None if turn.status == "completed" else text or "The model gave up."
                return Outcome(turn.status, text=text, reason=reason)
            screen = await take_screen(page)
    finally:
        await model.aclose()


async def _ask(model: ComputerUseModel, prompt: str | None, screen: Screen) -> Turn:
    if prompt is not None:
        return await model.start(prompt, screen)
    return await model.observe(screen)


def _usage_of(turn: Turn) -> Usage:
    return turn.usage


def _reasoning(label: str, turn: Turn) -> str:
    checks = f" (safety checks acknowledged: {', '.join(turn.acknowledged)})" \
        if turn.acknowledged else ""
    return f"[{label}] {turn.text}".rstrip() + checks


def _keep_screenshot(step: StepRecord, screen: Screen) -> str:
    from pytest_skyvern.context import artifact_dir

    path = os.path.join(artifact_dir(), f"step-{step.index:02d}-computer-use.png")
    with open(path, "wb") as handle:
        handle.write(screen.png)
    return path


async def _perform(engine: EngineParts, page: Page, step: StepRecord,
                   action: ComputerAction) -> None:
    """One action between its two timeline events (as ``StepRunner.run_action``)."""
    secrets, bus = engine.secrets, engine.runner.bus
    value = action.text if action.kind == "type" else "+".join(action.keys) or None
    record = ActionRecord(
        type=action.kind, instruction=step.instruction, element=await element_at(page, action),
        value=secrets.mask(value) if value else None, tier=step.tier, reasoning=step.reasoning,
    )
    step.actions.append(record)
    await bus.action_started(page, step, record, None)
    started = time.monotonic()
    try:
        await perform_action(page, action, secrets)
    except BaseException as exc:
        record.status = "failed"
        record.error = secrets.mask(f"{type(exc).__name__}: {exc}")
        raise
    else:
        record.status = "passed"
    finally:
        record.duration_s = time.monotonic() - started
        await bus.action_finished(page, step, record, None)
