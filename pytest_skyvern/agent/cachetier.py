"""How the engine talks to the action cache (implemented in ``agent.caching``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from pytest_skyvern.actions import Action
from pytest_skyvern.events import ElementInfo, StepRecord
from pytest_skyvern.snapshot import Element, Snapshot

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

    from pytest_skyvern.agent.checks import CheckResult
    from pytest_skyvern.cache import CheckProgram


class CacheTier(Protocol):
    """The first tier. A miss returns ``None``/``False`` (or raises ``CacheMissError``
    in replay-only mode); ``record_*`` store what another tier resolved, replacing a
    stale entry and marking the step ``healed``."""

    async def locate(
        self, page: Page, step: StepRecord, prompt: str
    ) -> tuple[Locator, ElementInfo] | None: ...

    def record_locate(
        self, step: StepRecord, prompt: str, snapshot: Snapshot, element: Element
    ) -> None: ...

    async def replay_act(self, page: Page, step: StepRecord, prompt: str, engine: Any) -> bool: ...

    def record_act(
        self, step: StepRecord, prompt: str, performed: Sequence[tuple[Action, Snapshot]]
    ) -> None: ...

    async def replay_extract(
        self, page: Page, step: StepRecord, prompt: str, schema: dict[str, Any]
    ) -> tuple[bool, Any]: ...

    def record_extract(
        self, step: StepRecord, prompt: str, schema: dict[str, Any], program: dict[str, Any]
    ) -> None: ...

    async def replay_check(
        self, page: Page, step: StepRecord, prompt: str
    ) -> tuple[CheckProgram | None, CheckResult | None] | None:
        """The cached check of a ``validate`` step run on ``page`` (``(None, None)``: the
        claim is LLM-only), or None on a miss or when the check's element is gone."""
        ...

    def record_check(self, step: StepRecord, prompt: str, program: CheckProgram | None
                     ) -> None: ...
