"""``page.agent.run_workflow``: a stored workflow run in the current page.

Unlike ``client.run_workflow`` (a fresh page, the workflow's own recording), this runs
inside the test: its blocks are steps of the test's timeline and its AI steps are
cached with the test's other steps.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from pytest_skyvern.context import current_context
from pytest_skyvern.errors import NotFoundError
from pytest_skyvern.sdk.runs import WorkflowRunResponse
from pytest_skyvern.workflows.api import timeline_of
from pytest_skyvern.workflows.loading import parse_data
from pytest_skyvern.workflows.runner import run_definition
from pytest_skyvern.workflows.store import default_store

if TYPE_CHECKING:
    from pytest_skyvern.browser.page import SkyvernBrowserPage


async def run_workflow_in_page(
    page: SkyvernBrowserPage, workflow_id: str, parameters: dict[str, Any] | None = None,
    timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
    **unused: Any,
) -> WorkflowRunResponse:
    """Run the latest version of ``workflow_id`` (``wpid_...``) on ``page`` and wait.

    The workflow comes from the store of the session's client (``skyvern``). A failed
    run is a status; only ``timeout`` raises ``TimeoutError``.
    """
    del unused
    store = default_store()
    workflow = store.get(workflow_id)
    if workflow is None:
        raise NotFoundError({"detail": f"Workflow {workflow_id} not found in {store.path}"})
    definition = parse_data(workflow.workflow_definition, workflow_id).workflow_definition
    context = current_context()
    first = len(context.bus.steps)
    run = WorkflowRunResponse(run_with="agent")
    try:
        async with asyncio.timeout(timeout):
            await run_definition(page, page.ai_backend, definition, parameters, run)
    except TimeoutError:
        run.status = "timed_out"
        run.failure_reason = f"The workflow did not finish within {timeout} s."
        raise
    finally:
        store.save_run(run, workflow.workflow_permanent_id, timeline_of(context.bus.steps[first:]),
                       context.artifact_dir)
    return run
