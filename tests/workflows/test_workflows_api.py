"""The client's workflows API in local mode: store, versions, runs, code replay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from examples.demo_app import DemoApp
from pytest_skyvern import Skyvern
from pytest_skyvern.config import resolve_settings
from pytest_skyvern.errors import BadRequestError, NotFoundError
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.snapshot import capture_snapshot
from pytest_skyvern.testing.scripted_llm import scripted_llm_env
from pytest_skyvern.workflows.api import WorkflowsMixin

ORDER_SCHEMA = {"type": "object", "properties": {
    "full_name": {"type": "string"}, "country": {"type": "string"}},
    "required": ["full_name", "country"]}

#: The resolver cannot read this instruction; only the (scripted) model can.
VAGUE = "press the control that places the order"


def definition(app: DemoApp, goal: str = VAGUE) -> dict[str, Any]:
    return {
        "title": "Place an order",
        "workflow_definition": {
            "parameters": [{"key": "name", "parameter_type": "workflow",
                            "workflow_parameter_type": "string", "default_value": "Ada"}],
            "blocks": [
                {"block_type": "goto_url", "label": "open", "url": f"{app.url}/form"},
                {"block_type": "action", "label": "fill",
                 "navigation_goal": "Type '{{ name }}' into Full name, then type "
                                    "'a@example.com' into Email, then select 'Spain' from "
                                    "Country"},
                {"block_type": "action", "label": "submit", "navigation_goal": goal},
                {"block_type": "extraction", "label": "summary",
                 "data_extraction_goal": "full name and country", "data_schema": ORDER_SCHEMA},
            ],
        },
    }


@pytest_asyncio.fixture
async def client(llm: ScriptedLLMServer, tmp_path: Path) -> AsyncIterator[Any]:
    settings = resolve_settings({"report_dir": str(tmp_path)}, {}, env=scripted_llm_env(llm))
    async with Skyvern.local(settings=settings) as skyvern:
        local = skyvern._local
        if not isinstance(local, WorkflowsMixin):
            # Until the local back end includes the mixin (a one-line change in
            # local/runs.py), give this client one that does.
            skyvern._local = type("LocalWorkflows", (WorkflowsMixin, type(local)), {})(skyvern)
        yield skyvern


async def submit_ref(client: Any, app: DemoApp) -> str:
    browser = await client.launch_local_browser(headless=True, port=0)
    page = await browser.new_page()
    await page.goto(f"{app.url}/form")
    snapshot = await capture_snapshot(page)
    await page.close()
    return next(e.ref for e in snapshot.elements.values() if e.name == "Submit order")


async def test_create_update_versions_get_delete(client: Any, app: DemoApp) -> None:
    created = await client.create_workflow(json_definition=definition(app))
    assert created.workflow_permanent_id.startswith("wpid_")
    assert created.version == 1
    yaml_text = "title: Renamed\nworkflow_definition:\n  blocks:\n" \
                "    - {block_type: wait, label: pause, wait_sec: 0}\n"
    updated = await client.update_workflow(created.workflow_permanent_id,
                                           yaml_definition=yaml_text)
    assert (updated.workflow_permanent_id, updated.version) == (
        created.workflow_permanent_id, 2)
    latest = await client.get_workflow(created.workflow_permanent_id)
    assert latest.title == "Renamed"
    first = await client.get_workflow(created.workflow_permanent_id, version=1)
    assert first.title == "Place an order"
    versions = await client.get_workflow_versions(created.workflow_permanent_id)
    assert [v.version for v in versions] == [1, 2]
    assert [w.title for w in await client.get_workflows()] == ["Renamed"]
    await client.delete_workflow(created.workflow_permanent_id)
    with pytest.raises(NotFoundError):
        await client.get_workflow(created.workflow_permanent_id)


async def test_bad_definitions_and_parameters_are_400(client: Any, app: DemoApp) -> None:
    with pytest.raises(BadRequestError, match=r"<yaml_definition>:4: .*unknown block_type"):
        await client.create_workflow(yaml_definition=(
            "title: T\nworkflow_definition:\n  blocks:\n    - block_type: fly\n      label: a\n"))
    created = await client.create_workflow(json_definition=definition(app))
    with pytest.raises(BadRequestError, match="unknown workflow parameter"):
        await client.run_workflow(created.workflow_permanent_id, parameters={"nam": "x"})


async def test_code_run_replays_with_zero_llm_calls(
    client: Any, app: DemoApp, llm: ScriptedLLMServer
) -> None:
    llm.add({"reasoning": "the submit button",
                  "actions": [{"type": "click", "ref": await submit_ref(client, app)}]},
                 match=VAGUE)
    created = await client.create_workflow(json_definition=definition(app))
    wpid = created.workflow_permanent_id

    # 1. An agent run: the model answers the vague step, and it is recorded.
    recorded = await client.run_workflow(wpid, parameters={"name": "Ada"},
                                         wait_for_completion=True, run_with="agent")
    assert recorded.status == "completed", recorded.failure_reason
    assert recorded.output["summary"] == {"full_name": "Ada", "country": "Spain"}
    assert len(llm.llm_requests) == 1

    # 2. A code run with no AI fallback: replayed, zero LLM calls.
    llm.clear()
    replayed = await client.run_workflow(wpid, parameters={"name": "Ada"},
                                         wait_for_completion=True, run_with="code",
                                         ai_fallback=False)
    assert replayed.status == "completed", replayed.failure_reason
    assert replayed.output["summary"] == {"full_name": "Ada", "country": "Spain"}
    assert llm.llm_requests == []
    assert replayed.script_run["ai_fallback_triggered"] is False
    assert replayed.script_run["cached_steps"] >= 3
    assert (await client.get_run(replayed.run_id)).status == "completed"

    # 3. The timeline has the blocks with their AI steps; the run is in the store.
    timeline = await client.get_run_timeline(replayed.run_id)
    assert [b["label"] for b in timeline] == ["open", "fill", "submit", "summary"]
    assert [c["tier"] for c in timeline[2]["children"]] == ["cache"]
    assert await client.get_run_artifacts(replayed.run_id) == []

    # 4. A new version changes the step: a code run without fallback cannot replay it
    #    and fails instead of asking a model.
    await client.update_workflow(wpid, json_definition=definition(
        app, goal="press the control that finishes the order"))
    missed = await client.run_workflow(wpid, wait_for_completion=True, run_with="code",
                                       ai_fallback=False)
    assert missed.status == "failed"
    assert "block 'submit' (action)" in (missed.failure_reason or "")
    assert "replay-only" in (missed.failure_reason or "")
    assert llm.llm_requests == []


async def test_background_run_and_cancel(client: Any, app: DemoApp) -> None:
    slow = {"title": "Slow", "workflow_definition": {"blocks": [
        {"block_type": "wait", "label": "pause", "wait_sec": 30}]}}
    created = await client.create_workflow(json_definition=slow)
    run = await client.run_workflow(created.workflow_permanent_id)
    assert run.status == "queued"
    await client.cancel_run(run.run_id)
    assert (await client.get_run(run.run_id)).status == "canceled"
    with pytest.raises(NotFoundError):
        await client.get_run_timeline("wr_nope")


async def test_page_agent_runs_a_stored_workflow_in_the_page(
    client: Any, app: DemoApp, skyvern_page: Any
) -> None:
    from pytest_skyvern.context import current_bus

    created = await client.create_workflow(json_definition=definition(
        app, goal="Click 'Submit order'"))
    run = await skyvern_page.agent.run_workflow(created.workflow_permanent_id,
                                                parameters={"name": "Lin"})
    assert run.status == "completed", run.failure_reason
    assert run.output["summary"] == {"full_name": "Lin", "country": "Spain"}
    # The blocks are steps of this test's own timeline.
    blocks = [s.instruction for s in current_bus().steps if s.kind == "block"]
    assert blocks == ["goto_url open", "action fill", "action submit", "extraction summary"]
    assert (await client.get_run_timeline(run.run_id))[3]["label"] == "summary"
