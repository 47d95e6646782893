"""The one interface through which a page reaches its AI tiers and the engine.

``SkyvernBrowserPage`` never talks to a cache, resolver or LLM directly: it calls an
``AIBackend``, for its AI steps and for ``page.agent`` (``SkyvernAgent``). The
engine's task-level work that lives above it (logins with stored credentials,
downloads, stored workflows) comes in as ``PageTasks``, from whoever builds the engine.
``NoAIBackend`` is what a page has when nothing is configured; it fails every AI step
with a message that says how to configure one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pytest_skyvern.errors import AIUnavailableError
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, WorkflowRunResponse

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


class PageTasks(Protocol):
    """Task-level work on a page: ``page.agent``'s ``login``, ``download_files`` and
    ``run_workflow``."""

    async def login(self, page: Page, **kwargs: Any) -> Any:
        """Log in on the page with a stored credential (``credential_id=`` & co)."""
        ...

    async def download_files(
        self, page: Page, prompt: str, *, url: str | None, download_suffix: str | None,
        download_timeout: float | None, max_steps_per_run: int | None,
        timeout: float,  # noqa: ASYNC109 - the SDK's parameter name
    ) -> WorkflowRunResponse:
        """Download the files ``prompt`` names into the test's artifact folder."""
        ...

    async def run_workflow(self, page: Page, workflow_id: str, **kwargs: Any) -> Any:
        """Run a stored workflow in the page; returns a ``WorkflowRunResponse``."""
        ...


class AIBackend(PageTasks, Protocol):
    """Answers the AI steps of one page, and its agent's tasks."""

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

    async def login(self, page: Page, **kwargs: Any) -> Any:
        raise self._unavailable("log in with credential", str(kwargs.get("credential_id")))

    async def download_files(
        self, page: Page, prompt: str, *, url: str | None, download_suffix: str | None,
        download_timeout: float | None, max_steps_per_run: int | None,
        timeout: float,  # noqa: ASYNC109 - the SDK's parameter name
    ) -> WorkflowRunResponse:
        raise self._unavailable("download the files of", prompt)

    async def run_workflow(self, page: Page, workflow_id: str, **kwargs: Any) -> Any:
        raise self._unavailable("run the workflow", workflow_id)


class SkyvernAgent:
    """``page.agent``: ``run_task``, ``login``, ``download_files`` and ``run_workflow``
    on one page, each through the page's ``AIBackend`` (read at every call: ``wrap``
    may replace it)."""

    def __init__(self, page: Page, backend: Callable[[], AIBackend]) -> None:
        self._page = page
        self._backend = backend

    async def run_task(
        self,
        prompt: str,
        engine: RunEngine | str = RunEngine.skyvern_v2,
        url: str | None = None,
        data_extraction_schema: dict[str, Any] | str | type | None = None,
        max_steps: int | None = None,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        error_code_mapping: dict[str, str] | None = None,
        **unused: Any,
    ) -> TaskRunResponse:
        """Run an AI task on this page and wait for it to finish.

        ``url`` defaults to the current page. A failed run is a status
        (``result.status``), not an exception; ``timeout`` raises ``TimeoutError``.
        Accepted for SDK compatibility and ignored locally: ``model``, ``webhook_url``,
        ``title``, ``user_agent``, ``totp_identifier``, ``totp_url``.
        """
        unknown = set(unused) - {"model", "webhook_url", "title", "user_agent",
                                 "totp_identifier", "totp_url"}
        if unknown:
            raise TypeError(f"run_task() got unexpected keyword arguments: {sorted(unknown)}")
        result: TaskRunResponse = await self._backend().run_task(
            self._page, prompt, engine=engine, url=url,
            data_extraction_schema=data_extraction_schema, max_steps=max_steps,
            timeout=timeout, error_code_mapping=error_code_mapping,
        )
        return result

    async def login(self, **kwargs: Any) -> Any:
        """Log in on this page with a stored credential (values typed via placeholders)."""
        return await self._backend().login(self._page, **kwargs)

    async def download_files(
        self,
        prompt: str,
        url: str | None = None,
        download_suffix: str | None = None,
        download_timeout: float | None = None,
        max_steps_per_run: int | None = None,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
    ) -> WorkflowRunResponse:
        """Download files on this page; they land in the test's artifact folder
        (``downloads/``) and are listed in ``downloaded_files``."""
        return await self._backend().download_files(
            self._page, prompt, url=url, download_suffix=download_suffix,
            download_timeout=download_timeout, max_steps_per_run=max_steps_per_run,
            timeout=timeout)

    async def run_workflow(self, workflow_id: str, **kwargs: Any) -> Any:
        """Run a stored workflow (``wpid_...``) in this page; returns a ``WorkflowRunResponse``."""
        return await self._backend().run_workflow(self._page, workflow_id, **kwargs)
