"""``page.agent``: the SDK's task-level methods, run in the context of one page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import AIUnavailableError

if TYPE_CHECKING:
    from pytest_skyvern.page import SkyvernBrowserPage


class SkyvernAgent:
    """``run_task``, ``login``, ``download_files`` and ``run_workflow`` on one page."""

    def __init__(self, page: SkyvernBrowserPage) -> None:
        self._page = page

    async def run_task(self, prompt: str, **kwargs: Any) -> Any:
        """Run an AI task on this page until it completes, fails or runs out of steps."""
        runner = getattr(self._page.ai_backend, "run_task", None)
        if runner is None:
            raise AIUnavailableError(
                f"Cannot run the task {prompt!r}: this page has no AI agent configured."
            )
        return await runner(self._page, prompt, **kwargs)
