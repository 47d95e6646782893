"""Running one AI step: its record, its events, its LLM calls and their budget.

``StepRunner`` is what every verb uses: ``async with runner.step(...)`` opens a
``StepRecord`` on the test's event bus, marks it passed or failed, and attaches the
step to any error so the failure message can name it. LLM calls made inside a step
go through ``runner.llm_call``, which checks the budgets first and adds the tokens,
cost and time to the step.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pytest_skyvern.actions import Action
from pytest_skyvern.context import TestContext, current_context
from pytest_skyvern.errors import (
    AIUnavailableError,
    BudgetExceededError,
    LLMError,
    SkyvernError,
)
from pytest_skyvern.events import ActionRecord, ElementInfo, EventBus, StepKind, StepRecord
from pytest_skyvern.llm import LLMClient, LLMRequest, LLMResponse, Usage
from pytest_skyvern.secrets import SecretRegistry

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

T = TypeVar("T")


class BudgetWarning(UserWarning):
    """An LLM budget was exceeded with ``--skyvern-budget-action=warn``."""


@dataclass
class Budget:
    """Caps on LLM use; ``None`` means no cap. ``action`` is "fail" or "warn"."""

    max_calls: int | None = None
    max_tokens: int | None = None
    max_cost: float | None = None
    session_max_calls: int | None = None
    session_max_tokens: int | None = None
    session_max_cost: float | None = None
    action: str = "fail"


@dataclass
class SessionUsage:
    """LLM use of the whole session in this process."""

    calls: int = 0
    tokens: int = 0
    cost: float = 0.0


def _totals(steps: list[StepRecord]) -> tuple[int, int, float]:
    calls = sum(s.llm_calls for s in steps)
    tokens = sum(s.prompt_tokens + s.completion_tokens for s in steps)
    return calls, tokens, sum(s.cost_usd for s in steps)


@asynccontextmanager
async def recorded_step(
    page: Page | None, kind: StepKind, instruction: str, secrets: SecretRegistry
) -> AsyncIterator[StepRecord]:
    """A ``StepRecord`` on the current test's bus around the body, marked passed or
    failed (the error and candidates masked, the step attached to a ``SkyvernError``)."""
    bus = current_context().bus
    url = page.url if page is not None else ""
    step = bus.new_step(kind, secrets.mask(instruction), url=url)
    started = time.monotonic()
    await bus.step_started(page, step)
    try:
        yield step
    except BaseException as exc:
        step.status = "failed"
        step.error = secrets.mask(f"{type(exc).__name__}: {exc}")
        candidates = getattr(exc, "candidates", None)
        if candidates:
            step.candidates = [secrets.mask(c) for c in candidates]
        if isinstance(exc, SkyvernError) and not hasattr(exc, "step"):
            exc.step = step  # type: ignore[attr-defined]
        raise
    else:
        step.status = "passed"
    finally:
        step.duration_s = time.monotonic() - started
        await bus.step_finished(page, step)


class StepRunner:
    """Records steps and actions on the current test's bus and meters LLM calls."""

    def __init__(
        self, llm: LLMClient | None, secrets: SecretRegistry,
        budget: Budget | None = None, session: SessionUsage | None = None,
    ) -> None:
        self.llm = llm
        self.secrets = secrets
        self.budget = budget or Budget()
        self.session = session or SessionUsage()
        self.warnings: list[str] = []

    @property
    def context(self) -> TestContext:
        """The running test's (or background run's) context."""
        return current_context()

    @property
    def bus(self) -> EventBus:
        return current_context().bus

    def step(self, page: Page | None, kind: StepKind, instruction: str
             ) -> AbstractAsyncContextManager[StepRecord]:
        return recorded_step(page, kind, instruction, self.secrets)

    async def run_action(
        self, page: Page, step: StepRecord, action: Action, target: Locator | None,
        element: ElementInfo | None, do: Callable[[], Awaitable[T]],
    ) -> T:
        """Run ``do`` (the real browser action) between its two events."""
        record = ActionRecord(
            type=action.type, instruction=step.instruction, element=element,
            value=self.secrets.mask(action.value) if action.value is not None else None,
            tier=step.tier, reasoning=action.reasoning or step.reasoning,
        )
        step.actions.append(record)
        await self.bus.action_started(page, step, record, target)
        started = time.monotonic()
        try:
            result = await do()
        except BaseException as exc:
            record.status = "failed"
            record.error = self.secrets.mask(f"{type(exc).__name__}: {exc}")
            raise
        else:
            record.status = "passed"
            return result
        finally:
            record.duration_s = time.monotonic() - started
            await self.bus.action_finished(page, step, record, target)

    # ------------------------------------------------------------------ LLM calls
    def require_llm(self, what: str, detail: str = "") -> LLMClient:
        if self.llm is None:
            from pytest_skyvern.browser.ai import NO_AI_HINT

            raise AIUnavailableError(f"Cannot {what}: no LLM is configured. {detail}{NO_AI_HINT}")
        return self.llm

    def _check_budget(self) -> None:
        b = self.budget
        context = self.context
        per_test = context.budget
        calls, tokens, cost = _totals(context.bus.steps)
        s = self.session
        over = [
            f"{label} {used} > {cap}" for label, used, cap in (
                ("LLM calls this test", calls + 1, per_test.get("max_llm_calls", b.max_calls)),
                ("tokens this test", tokens, per_test.get("max_tokens", b.max_tokens)),
                ("cost this test (USD)", round(cost, 6), per_test.get("max_cost", b.max_cost)),
                ("LLM calls this session", s.calls + 1, b.session_max_calls),
                ("tokens this session", s.tokens, b.session_max_tokens),
                ("cost this session (USD)", round(s.cost, 6), b.session_max_cost),
            ) if cap is not None and used > cap
        ]
        if not over:
            return
        message = "LLM budget exceeded: " + "; ".join(over)
        if per_test.get("warn", b.action == "warn"):
            self.warnings.append(message)
            warnings.warn(BudgetWarning(message), stacklevel=2)
            return
        raise BudgetExceededError(message + " (raise the cap or use --skyvern-budget-action=warn)")

    def _meter(self, step: StepRecord, usage: Usage) -> None:
        step.prompt_tokens += usage.prompt_tokens
        step.completion_tokens += usage.completion_tokens
        step.cost_usd += usage.cost_usd or 0.0
        self.session.tokens += usage.prompt_tokens + usage.completion_tokens
        self.session.cost += usage.cost_usd or 0.0

    async def provider_call(
        self, step: StepRecord, call: Callable[[], Awaitable[T]], usage: Callable[[T], Usage],
    ) -> T:
        """One metered call to a model API other than the LLM client (the computer-use
        engines'): the same budgets, counts, tokens and time as ``llm_call``."""
        self._check_budget()
        started = time.monotonic()
        step.llm_calls += 1
        self.session.calls += 1
        try:
            result = await call()
        finally:
            step.llm_seconds += time.monotonic() - started
        self._meter(step, usage(result))
        return result

    async def llm_call(self, step: StepRecord, request: LLMRequest) -> LLMResponse:
        """One metered LLM call on behalf of ``step``."""
        llm = self.require_llm(f"answer {step.kind} step {step.instruction!r}")
        self._check_budget()
        started = time.monotonic()
        step.llm_calls += 1
        self.session.calls += 1
        try:
            response = await llm.complete(request)
        except LLMError as exc:
            if exc.usage is not None:  # an unusable answer still spent its tokens
                self._meter(step, exc.usage)
            raise
        finally:
            step.llm_seconds += time.monotonic() - started
        self._meter(step, response.usage)
        reasoning = response.data.get("reasoning") if isinstance(response.data, dict) else None
        if isinstance(reasoning, str):
            step.reasoning = self.secrets.mask(reasoning)
        return response


def element_info(role: str, name: str, locator: Any) -> ElementInfo:
    return ElementInfo(role=role, name=name, locator=str(locator))
