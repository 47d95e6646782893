"""The local back end of ``Skyvern``'s run methods: the agent runs in-process.

Runs are kept in memory for the client's lifetime so ``get_run`` / ``cancel_run`` work
as they do against a server. Methods of the SDK that have no local implementation yet
answer with a clear "not available in local mode" error (``local.cloudonly``).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import BadRequestError, NotFoundError
from pytest_skyvern.sdk.models import RequestOptions
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, now
from pytest_skyvern.sdk.webhooks import notify_run_finished, task_run_request
from pytest_skyvern.workflows.api import WorkflowsMixin

if TYPE_CHECKING:
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
    from pytest_skyvern.local.host import LocalHost


class LocalRuns(WorkflowsMixin):
    """``run_task``, ``get_run`` and ``cancel_run`` in local mode, and (from the mixin)
    the workflows API backed by the embedded SQLite store."""

    def __init__(self, host: LocalHost) -> None:
        self._host = host
        self._task_browser: SkyvernBrowser | None = None
        self._runs: dict[str, TaskRunResponse] = {}
        self._tasks: dict[str, asyncio.Task[TaskRunResponse]] = {}

    async def _task_page(self) -> SkyvernBrowserPage:
        if self._task_browser is None or self._task_browser.closed:
            self._task_browser = await self._host.launch_local_browser(headless=True, port=0)
        return await self._task_browser.new_page()

    async def run_task(
        self,
        prompt: str,
        url: str | None = None,
        engine: RunEngine | str = RunEngine.skyvern_v2,
        wait_for_completion: bool = False,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        max_steps: int | None = None,
        data_extraction_schema: dict[str, Any] | str | type | None = None,
        browser_session_id: str | None = None,
        publish_workflow: bool = False,
        proxy_location: Any = None,
        webhook_url: str | None = None,
        error_code_mapping: dict[str, str] | None = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        title: str | None = None,
        user_agent: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        browser_address: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> TaskRunResponse:
        """Run a task in a new page of a local headless browser.

        Without ``wait_for_completion`` it returns at once (status ``queued``); poll with
        ``get_run(run_id)``. The run is kept, so ``get_run`` works either way. When it
        ends, ``webhook_url`` gets its payload (see ``pytest_skyvern.sdk.webhooks``).
        """
        del browser_session_id  # sessions are the sessions part's (``LocalSessionsPart``)
        del publish_workflow, proxy_location, totp_identifier, totp_url, title, user_agent
        del extra_http_headers, browser_address, request_options  # no effect locally
        run = TaskRunResponse(status="queued")
        return await self._start_run(
            run, await self._task_page(), prompt, close_page=True,
            wait_for_completion=wait_for_completion, webhook_url=webhook_url, url=url,
            engine=engine, timeout=timeout, max_steps=max_steps,
            data_extraction_schema=data_extraction_schema,
            error_code_mapping=error_code_mapping,
        )

    async def _start_run(
        self, run: TaskRunResponse, page: SkyvernBrowserPage, prompt: str, *,
        close_page: bool, wait_for_completion: bool, webhook_url: str | None = None,
        **task: Any,
    ) -> TaskRunResponse:
        """Keep ``run`` and run the task on ``page``: now, or in the background."""
        run.run_request = task_run_request(run, prompt, webhook_url=webhook_url, **task)
        if str(getattr(task.get("engine"), "value", task.get("engine"))) == "skyvern_v1":
            run.run_type = "task_v1"  # as a Skyvern server names skyvern-1.0 runs
        self._runs[run.run_id] = run

        async def execute() -> TaskRunResponse:
            try:
                await self._host.engine.run_task(page, prompt, run=run, **task)
                return run
            finally:
                if close_page:
                    await page.close()
                await notify_run_finished(run, webhook_url)

        if wait_for_completion:
            await execute()
        else:
            self._tasks[run.run_id] = asyncio.create_task(execute())
        return run.model_copy(deep=True)

    async def get_run(self, run_id: str, *, request_options: RequestOptions | None = None
                      ) -> TaskRunResponse:
        """The current state of a run started by this client."""
        del request_options
        run = self._runs.get(run_id)
        if run is None:
            raise NotFoundError({"detail": f"Run {run_id} not found"})
        return run.model_copy(deep=True)

    async def cancel_run(self, run_id: str, *, request_options: RequestOptions | None = None
                         ) -> None:
        """Cancel a queued or running run; a finished run cannot be cancelled."""
        del request_options
        run = self._runs.get(run_id)
        if run is None:
            raise NotFoundError({"detail": f"Run {run_id} not found"})
        if run.is_terminal:
            raise BadRequestError({"detail": f"Run {run_id} is already {run.status}"})
        task = self._tasks.get(run_id)
        if task is not None:
            task.cancel()
        run.status = "canceled"
        run.finished_at = run.modified_at = now()

    async def aclose(self) -> None:
        for task in self._tasks.values():
            task.cancel()
