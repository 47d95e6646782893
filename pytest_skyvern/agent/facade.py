"""``page.agent``: the SDK's task-level methods, run in the context of one page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.runs import RunEngine, TaskRunResponse

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
        raise SkyvernError("page.agent.login() is not available yet in this version.")

    async def download_files(self, prompt: str, **kwargs: Any) -> Any:
        raise SkyvernError("page.agent.download_files() is not available yet in this version.")

    async def run_workflow(self, workflow_id: str, **kwargs: Any) -> Any:
        """Run a stored workflow (``wpid_...``) in this page; returns a ``WorkflowRunResponse``."""
        from pytest_skyvern.workflows.inpage import run_workflow_in_page

        return await run_workflow_in_page(self._page, workflow_id, **kwargs)
