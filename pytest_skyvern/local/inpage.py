"""``InPageTasks``: ``page.agent``'s ``login``, ``download_files`` and ``run_workflow``,
run in-process on the test's own page.

The client gives one to its engine (``Engine(tasks=...)``), so the page reaches them
through its one port (``ai.AIBackend``) and never imports what sits above it: the
download and workflow machinery take the page.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_skyvern.agent.engine import Engine
from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.context import artifact_dir
from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.local.downloads import DEFAULT_DOWNLOAD_TIMEOUT_S, download_on_page
from pytest_skyvern.local.login import agent_login
from pytest_skyvern.sdk.runs import WorkflowRunResponse
from pytest_skyvern.workflows.inpage import run_workflow_in_page

if TYPE_CHECKING:
    from playwright.async_api import Page


class InPageTasks:
    """The ``PageTasks`` of a Skyvern client's engine."""

    async def login(self, page: Page, **kwargs: Any) -> Any:
        """Log in on this page with a stored credential (values typed via placeholders)."""
        return await agent_login(SkyvernBrowserPage.wrap(page), **kwargs)

    async def download_files(
        self, page: Page, prompt: str, *, url: str | None, download_suffix: str | None,
        download_timeout: float | None, max_steps_per_run: int | None,
        timeout: float,  # noqa: ASYNC109 - the SDK's parameter name
    ) -> WorkflowRunResponse:
        """Download files on this page into the test's artifact folder (``downloads/``)."""
        wrapped = SkyvernBrowserPage.wrap(page)
        engine = wrapped.ai_backend
        if not isinstance(engine, Engine):
            raise SkyvernError("page.agent.download_files() needs a page from the skyvern "
                               "fixtures or a Skyvern client (it has no AI engine).")
        run = WorkflowRunResponse(status="running", run_with="agent")
        return await asyncio.wait_for(download_on_page(
            engine, run, wrapped, prompt, url, Path(artifact_dir()) / "downloads",
            download_suffix, download_timeout or DEFAULT_DOWNLOAD_TIMEOUT_S, max_steps_per_run,
            close_page=False,
        ), timeout)

    async def run_workflow(self, page: Page, workflow_id: str, **kwargs: Any) -> Any:
        """Run a stored workflow (``wpid_...``) in this page."""
        return await run_workflow_in_page(SkyvernBrowserPage.wrap(page), workflow_id, **kwargs)
