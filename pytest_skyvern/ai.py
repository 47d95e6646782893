"""The one interface through which a page reaches its AI tiers.

``SkyvernBrowserPage`` never talks to a cache, resolver or LLM directly: it calls an
``AIBackend``. ``NoAIBackend`` is what a page has when nothing is configured; it
fails every AI step with a message that says how to configure one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pytest_skyvern.errors import AIUnavailableError

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

T = TypeVar("T")

#: What each selector-first action asks the backend to find.
LocateIntent = str  # "click" | "fill" | "select" | "upload" | "locate"

NO_AI_HINT = (
    "Give a selector that matches, rephrase the step so the LLM-free resolver can match "
    "it (e.g. click 'Sign in', type 'bob' into Email), or configure an OpenAI-compatible "
    "LLM: set SKYVERN_LLM_BASE_URL and SKYVERN_LLM_MODEL (and SKYVERN_LLM_API_KEY if the "
    "endpoint needs one), or --skyvern-llm-base-url / --skyvern-llm-model."
)


class AIBackend(Protocol):
    """Answers the AI steps of one page."""

    async def locate(self, page: Page, prompt: str, intent: LocateIntent) -> Locator:
        """The element ``prompt`` describes, for the action ``intent``."""
        ...

    async def act_on(
        self, page: Page, prompt: str, intent: LocateIntent,
        do: Callable[[Locator], Awaitable[T]], value: str | None = None,
    ) -> T:
        """Find the element ``prompt`` describes and run ``do`` on it, as one AI step
        (``value`` is what will be typed, for the timeline; it is never sent to a model)."""
        ...

    async def act(self, page: Page, prompt: str) -> None:
        """Perform the action(s) ``prompt`` describes. Never silently does nothing."""
        ...

    async def extract(self, page: Page, prompt: str, schema: Any = None) -> Any:
        """Data from the page, valid against ``schema`` when given."""
        ...

    async def validate(self, page: Page, prompt: str, *, strict: bool = False) -> bool:
        """Whether the claim ``prompt`` holds; with ``strict`` a false claim raises
        ``ExpectationFailed``."""
        ...

    async def prompt(self, page: Page, text: str, schema: Any = None) -> Any:
        """An answer to ``text`` (no page context), valid against ``schema`` when given."""
        ...

    async def run_task(self, page: Page, prompt: str, **kwargs: Any) -> Any:
        """Run an agent task on the page; returns a ``TaskRunResponse``."""
        ...


class NoAIBackend:
    """The backend of a page with no AI configured: every AI step fails clearly."""

    def _unavailable(self, what: str, prompt: str) -> AIUnavailableError:
        return AIUnavailableError(
            f"Cannot {what} {prompt!r}: this page has no AI backend. {NO_AI_HINT}"
        )

    async def locate(self, page: Page, prompt: str, intent: LocateIntent) -> Locator:
        raise self._unavailable(f"find the element to {intent} for", prompt)

    async def act_on(
        self, page: Page, prompt: str, intent: LocateIntent,
        do: Callable[[Locator], Awaitable[T]], value: str | None = None,
    ) -> T:
        raise self._unavailable(f"find the element to {intent} for", prompt)

    async def act(self, page: Page, prompt: str) -> None:
        raise self._unavailable("act on", prompt)

    async def extract(self, page: Page, prompt: str, schema: Any = None) -> Any:
        raise self._unavailable("extract", prompt)

    async def validate(self, page: Page, prompt: str, *, strict: bool = False) -> bool:
        raise self._unavailable("validate", prompt)

    async def prompt(self, page: Page, text: str, schema: Any = None) -> Any:
        raise self._unavailable("answer the prompt", text)

    async def run_task(self, page: Page, prompt: str, **kwargs: Any) -> Any:
        raise self._unavailable("run the task", prompt)
