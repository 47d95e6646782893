"""What happened in a test, as data and as events.

The page and the agent describe every AI step as a ``StepRecord`` with its
``ActionRecord``s and tell an ``EventBus`` when each starts and ends. Listeners
(the timeline writer, screenshots, trace groups, allure steps) subscribe; they are
never part of control flow: a listener that fails is logged and skipped, and with no
listeners a test runs exactly the same.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

log = logging.getLogger("pytest_skyvern")

StepKind = Literal[
    "act", "click", "fill", "select_option", "upload_file", "locator",
    "extract", "validate", "prompt", "task", "navigation", "block", "login", "download",
]
Status = Literal["running", "passed", "failed"]


@dataclass
class ElementInfo:
    """What the acted element was, for people reading the timeline."""

    role: str = ""
    name: str = ""
    locator: str = ""


@dataclass
class ActionRecord:
    """One browser action inside a step. ``value`` is already masked if secret."""

    type: str
    instruction: str = ""
    element: ElementInfo | None = None
    value: str | None = None
    tier: str | None = None
    reasoning: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0
    status: Status = "running"
    error: str | None = None
    screenshot_before: str | None = None
    screenshot_after: str | None = None


@dataclass
class StepRecord:
    """One AI step (or a plain navigation) of a test."""

    index: int
    kind: StepKind
    instruction: str
    url: str = ""
    started_at: float = field(default_factory=time.time)
    duration_s: float = 0.0
    status: Status = "running"
    tier: str | None = None
    reasoning: str | None = None
    actions: list[ActionRecord] = field(default_factory=list)
    output: Any = None
    error: str | None = None
    candidates: list[str] = field(default_factory=list)
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    llm_seconds: float = 0.0
    screenshot: str | None = None
    #: A ``validate`` step's check: its program, what it observed, or that it is LLM-only.
    check: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class StepListener(Protocol):
    """Receives the events of AI steps. Every method may be a no-op."""

    async def step_started(self, page: Page | None, step: StepRecord) -> None: ...

    async def action_started(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None: ...

    async def action_finished(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None: ...

    async def step_finished(self, page: Page | None, step: StepRecord) -> None: ...


class EventBus:
    """A test's steps, and the fan-out of their events to listeners; a failing listener
    never fails the test. The test's other state is in its ``TestContext``."""

    def __init__(self) -> None:
        self.listeners: list[StepListener] = []
        self.steps: list[StepRecord] = []

    def subscribe(self, listener: StepListener) -> None:
        self.listeners.append(listener)

    def new_step(self, kind: StepKind, instruction: str, url: str = "") -> StepRecord:
        step = StepRecord(index=len(self.steps), kind=kind, instruction=instruction, url=url)
        self.steps.append(step)
        return step

    async def _each(self, method: str, *args: Any) -> None:
        for listener in self.listeners:
            try:
                await getattr(listener, method)(*args)
            except Exception:  # a reporter problem must not change the test's outcome
                log.warning("pytest-skyvern listener %r failed in %s", listener, method,
                            exc_info=True)

    async def step_started(self, page: Page | None, step: StepRecord) -> None:
        await self._each("step_started", page, step)

    async def action_started(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None:
        await self._each("action_started", page, step, action, target)

    async def action_finished(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None:
        await self._each("action_finished", page, step, action, target)

    async def step_finished(self, page: Page | None, step: StepRecord) -> None:
        await self._each("step_finished", page, step)
