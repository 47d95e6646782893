"""The agent loop: completion, extraction, error codes, max steps, no progress, timeout."""

from __future__ import annotations

import asyncio

import pytest
from agent_helpers import ref_of

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.context import current_bus
from pytest_skyvern.errors import BadRequestError, NotFoundError
from pytest_skyvern.llm import ScriptedLLMServer

GOAL = "Log in as the demo user and tell me the page heading"
HEADING = {"type": "object", "properties": {"heading": {"type": "string"}},
           "required": ["heading"]}


def step_answer(status: str, actions: list[dict[str, object]] | None = None, **extra: object
                ) -> dict[str, object]:
    return {"reasoning": f"status {status}", "status": status, "actions": actions or [], **extra}


async def test_v1_task_runs_steps_until_complete_with_output(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    login = [
        {"type": "fill", "ref": await ref_of(ai_page, "Email"), "value": "demo@example.com"},
        {"type": "fill", "ref": await ref_of(ai_page, "Password"),
         "value": "correct-horse-battery"},
        {"type": "click", "ref": await ref_of(ai_page, "Sign in", "button")},
    ]
    llm.add(step_answer("complete", extracted={"heading": "Welcome, Demo User"}),
            match="/dashboard")
    llm.add(step_answer("continue", login), match="/login")
    result = await ai_page.agent.run_task(GOAL, engine="skyvern_v1",
                                          data_extraction_schema=HEADING)
    assert result.status == "completed", result.failure_reason
    assert result.output == {"heading": "Welcome, Demo User"}
    assert result.step_count == 2
    assert result.run_id.startswith("tsk_")
    assert result.finished_at is not None
    assert ai_page.url.endswith("/dashboard")


async def test_v2_plans_subgoals_first(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add({"reasoning": "two parts", "subgoals": ["look at products", "report"]},
            match="pytest-skyvern/plan")
    llm.add(step_answer("complete", extracted={"heading": "Products"}))
    result = await ai_page.agent.run_task("Report the heading of the product page",
                                          data_extraction_schema=HEADING)
    assert result.status == "completed"
    assert result.output == {"heading": "Products"}
    plans = [s for s in current_bus().steps if s.instruction.startswith("plan:")]
    assert plans
    assert plans[0].output == ["look at products", "report"]


async def test_error_code_mapping_terminates_with_the_code(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.add(step_answer("terminate", error_code="LOGIN_REQUIRED"))
    result = await ai_page.agent.run_task(
        "Download the latest invoice", engine="skyvern_v1",
        error_code_mapping={"LOGIN_REQUIRED": "the page asks the user to log in"},
    )
    assert result.status == "terminated"
    assert [e.error_code for e in result.errors] == ["LOGIN_REQUIRED"]
    assert "the page asks the user to log in" in llm.llm_requests[-1].text


async def test_max_steps_is_enforced(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add(step_answer("continue", [{"type": "scroll", "direction": "down"}]), times=1)
    llm.add(step_answer("continue", [{"type": "scroll", "direction": "up"}]), times=1)
    llm.add(step_answer("continue", [{"type": "wait", "value": "10"}]))
    result = await ai_page.agent.run_task("Find the hidden discount code", engine="skyvern_v1",
                                          max_steps=3)
    assert result.status == "failed"
    assert "maximum of 3 steps" in str(result.failure_reason)
    assert result.step_count == 3


async def test_no_progress_is_detected(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add(step_answer("continue", [{"type": "hover",
                                      "ref": await ref_of(ai_page, "Search products")}]))
    result = await ai_page.agent.run_task("Find the hidden discount code", engine="skyvern_v1")
    assert result.status == "failed"
    assert "No progress" in str(result.failure_reason)
    assert result.step_count == 2


async def test_timeout_raises_and_marks_the_run(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.slow(5.0)
    llm.add(step_answer("complete"))
    with pytest.raises(TimeoutError):
        await ai_page.agent.run_task("Find the hidden discount code", engine="skyvern_v1",
                                     timeout=1.0)


async def test_unknown_or_unconfigured_engines_are_clear(
    ai_page: SkyvernBrowserPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="valid: skyvern_v1, skyvern_v2"):
        await ai_page.agent.run_task("anything", engine="skyvern_v9")
    monkeypatch.delenv("SKYVERN_UI_TARS_BASE_URL", raising=False)
    result = await ai_page.agent.run_task("anything", engine="ui_tars")
    assert result.status == "failed"
    assert "set SKYVERN_UI_TARS_BASE_URL" in (result.failure_reason or "")
    for name in ("SKYVERN_OPENAI_CUA_BASE_URL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    result = await ai_page.agent.run_task("anything", engine="openai_cua")
    assert result.status == "failed"  # the test guard refuses api.openai.com
    assert "refuses the non-loopback LLM endpoint" in (result.failure_reason or "")


async def test_a_task_the_resolver_can_do_needs_no_llm(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    product = {"type": "object", "properties": {"name": {"type": "string"},
                                                "price": {"type": "number"}},
               "required": ["name", "price"]}
    result = await ai_page.agent.run_task(
        "Type 'in' into Search products, then click Search",
        data_extraction_schema={"type": "array", "items": product},
    )
    assert result.status == "completed", result.failure_reason
    assert isinstance(result.output, list)
    assert [p["name"] for p in result.output] == [
        "Aurora Laptop 14", "Lumen 27-inch Monitor", "Echo Noise-Cancelling Headphones",
        "Orbit USB-C Dock"]
    assert result.output[0]["price"] == 1299.0
    assert llm.llm_requests == []
    assert "q=in" in ai_page.url


async def test_client_run_task_keeps_the_run_for_get_run(
    llm: ScriptedLLMServer, demo_url: str
) -> None:
    from agent_helpers import llm_client

    async with llm_client(llm) as client:
        llm.add(step_answer("complete", extracted={"heading": "Products"}))
        started = await client.run_task("Report the heading", url=f"{demo_url}/products",
                                        engine="skyvern_v1", data_extraction_schema=HEADING)
        assert started.status == "queued"
        for _ in range(100):
            run = await client.get_run(started.run_id)
            if run.is_terminal:
                break
            await asyncio.sleep(0.05)
        assert run.status == "completed"
        assert run.output == {"heading": "Products"}
        with pytest.raises(BadRequestError):
            await client.cancel_run(run.run_id)
        with pytest.raises(NotFoundError):
            await client.get_run("tsk_unknown")
        waited = await client.run_task("Report the heading", url=f"{demo_url}/products",
                                       engine="skyvern_v1", data_extraction_schema=HEADING,
                                       wait_for_completion=True)
        assert waited.status == "completed"
