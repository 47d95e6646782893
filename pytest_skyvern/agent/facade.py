"""``page.agent``: the SDK's task-level methods, run in the context of one page."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.runs import RunEngine, TaskRunResponse, WorkflowRunResponse

if TYPE_CHECKING:
    from pytest_skyvern.page import SkyvernBrowserPage


class SkyvernAgent:
    """``run_task``, ``login``, ``download_files`` and ``run_workflow`` on one page."""

    def __init__(self, page: SkyvernBrowserPage) -> None:
        self._page = page

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
        result: TaskRunResponse = await self._page.ai_backend.run_task(
            self._page, prompt, engine=engine, url=url,
            data_extraction_schema=data_extraction_schema, max_steps=max_steps,
            timeout=timeout, error_code_mapping=error_code_mapping,
        )
        return result

    async def login(self, **kwargs: Any) -> Any:
        """Log in on this page with a stored credential (values typed via placeholders)."""
        from pytest_skyvern.login_flow import agent_login

        return await agent_login(self._page, **kwargs)

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
        from pytest_skyvern.agent.engine import Engine
        from pytest_skyvern.local.downloads import (
            DEFAULT_DOWNLOAD_TIMEOUT_S,
            download_on_page,
        )
        from pytest_skyvern.report_paths import artifact_dir

        engine = self._page.ai_backend
        if not isinstance(engine, Engine):
            raise SkyvernError("page.agent.download_files() needs a page from the skyvern "
                               "fixtures or a Skyvern client (it has no AI engine).")
        run = WorkflowRunResponse(status="running", run_with="agent")
        return await asyncio.wait_for(download_on_page(
            engine, run, self._page, prompt, url, Path(artifact_dir()) / "downloads",
            download_suffix, download_timeout or DEFAULT_DOWNLOAD_TIMEOUT_S, max_steps_per_run,
            close_page=False,
        ), timeout)

    async def run_workflow(self, workflow_id: str, **kwargs: Any) -> Any:
        """Run a stored workflow (``wpid_...``) in this page; returns a ``WorkflowRunResponse``."""
        from pytest_skyvern.workflows.inpage import run_workflow_in_page

        return await run_workflow_in_page(self._page, workflow_id, **kwargs)
