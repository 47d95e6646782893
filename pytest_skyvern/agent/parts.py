"""What the engine's verb modules use of it: ``EngineParts``.

``agent.reading`` (extract, validate, prompt), ``agent.task`` (run_task) and
``agent.resolving`` take the engine as ``EngineParts``; ``agent.engine.Engine`` implements
it and calls them. So the verbs depend on this small interface, not on the engine
module, and the engine depends on the verbs: no import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

    from pytest_skyvern.actions import Action, ActionPlan
    from pytest_skyvern.agent.cachetier import CacheTier
    from pytest_skyvern.agent.options import EngineOptions
    from pytest_skyvern.agent.steps import StepRunner
    from pytest_skyvern.events import StepRecord
    from pytest_skyvern.resolve import Resolver
    from pytest_skyvern.secrets import SecretRegistry
    from pytest_skyvern.snapshot import Snapshot


class EngineParts(Protocol):
    """The engine's shared parts and its action primitives."""

    runner: StepRunner
    options: EngineOptions
    resolver: Resolver
    cache: CacheTier | None

    @property
    def secrets(self) -> SecretRegistry: ...

    async def snapshot(self, page: Page, chunk: int = 0) -> Snapshot: ...

    async def screenshots(self, page: Page) -> tuple[bytes, ...]: ...

    def plan_from_answer(
        self, data: Any, snapshot: Snapshot, prompt: str, candidates: list[str]
    ) -> ActionPlan: ...

    async def perform_plan(
        self, page: Page, step: StepRecord, plan: ActionPlan, snapshot: Snapshot
    ) -> None: ...

    async def perform_in(
        self, page: Page, step: StepRecord, action: Action, snapshot: Snapshot
    ) -> None: ...

    async def perform_one(
        self, page: Page, step: StepRecord, action: Action, target: Locator | None, info: Any
    ) -> None: ...
