"""engine="openai_cua" against a scripted Responses API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cua_pages import PASSWORD, SIGN_IN, center, signed_in

from pytest_skyvern import BudgetExceededError, SkyvernBrowserPage, register_secret
from pytest_skyvern.context import current_bus
from pytest_skyvern.testing.scripted_responses import ScriptedResponsesServer

GOAL = "Sign in with the password {{password}}"


@pytest.fixture(scope="module")
def responses_server() -> Iterator[ScriptedResponsesServer]:
    with ScriptedResponsesServer() as server:
        yield server


@pytest.fixture
def openai_cua(responses_server: ScriptedResponsesServer, monkeypatch: pytest.MonkeyPatch
               ) -> ScriptedResponsesServer:
    responses_server.clear()
    monkeypatch.setenv("SKYVERN_OPENAI_CUA_BASE_URL", responses_server.base_url)
    return responses_server


async def script_sign_in(page: SkyvernBrowserPage, server: ScriptedResponsesServer) -> None:
    (fx, fy), (bx, by) = await center(page, "#pw"), await center(page, "#go")
    server.add_computer_call({"type": "click", "button": "left", "x": fx, "y": fy},
                             reasoning="Clicking the password field.")
    server.add_computer_call({"type": "type", "text": "{{password}}"},
                             reasoning="Typing the password.",
                             safety_checks=[{"code": "malicious_instructions",
                                             "message": "Check the page before typing."}])
    server.add_computer_call({"type": "click", "button": "left", "x": bx, "y": by})
    server.add_message("I signed in.")


async def test_a_two_step_task_completes(skyvern_page: SkyvernBrowserPage,
                                         openai_cua: ScriptedResponsesServer) -> None:
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    await script_sign_in(skyvern_page, openai_cua)
    result = await skyvern_page.agent.run_task(GOAL, engine="openai_cua")
    assert result.status == "completed", result.failure_reason
    assert result.output == "I signed in."
    assert result.step_count == 4
    assert await signed_in(skyvern_page) == f"Signed in with {len(PASSWORD)} characters"
    first, *rest = [r.body for r in openai_cua.requests]
    assert first["model"] == "computer-use-preview"
    assert first["tools"][0]["type"] == "computer_use_preview"
    assert first["input"][0]["content"][1]["image_url"].startswith("data:image/png;base64,")
    assert all(r["previous_response_id"].startswith("resp_") for r in rest)
    assert rest[1]["input"][0]["acknowledged_safety_checks"][0]["code"] == \
        "malicious_instructions"


async def test_the_secret_is_typed_but_never_sent(skyvern_page: SkyvernBrowserPage,
                                                  openai_cua: ScriptedResponsesServer) -> None:
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    await script_sign_in(skyvern_page, openai_cua)
    result = await skyvern_page.agent.run_task(f"Sign in with the password {PASSWORD}",
                                               engine="openai_cua")
    assert result.status == "completed", result.failure_reason
    assert await skyvern_page.locator("#pw").input_value() == PASSWORD
    bodies = openai_cua.bodies()
    assert len(bodies) == 4
    assert not [b for b in bodies if PASSWORD in b]
    assert "{{password}}" in json.dumps(openai_cua.requests[0].body)


async def test_the_timeline_shows_each_turn_with_its_screenshot(
        skyvern_page: SkyvernBrowserPage, openai_cua: ScriptedResponsesServer) -> None:
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    await script_sign_in(skyvern_page, openai_cua)
    await skyvern_page.agent.run_task(GOAL, engine="openai_cua")
    turns = [s for s in current_bus().steps if s.kind == "act"]
    assert len(turns) == 4
    assert all(s.screenshot and Path(s.screenshot).stat().st_size > 0  # noqa: ASYNC240
               for s in turns)
    assert [a.type for s in turns for a in s.actions] == ["click", "type", "click"]
    click, typed, _ = (a for s in turns for a in s.actions)
    assert click.element is not None
    assert click.element.role == "input"
    assert typed.value == "{{password}}"
    assert (turns[0].llm_calls, turns[0].prompt_tokens) == (1, 519)
    assert "Clicking the password field." in (turns[0].reasoning or "")
    assert "malicious_instructions" in (turns[1].reasoning or "")


async def test_max_steps_ends_the_run(skyvern_page: SkyvernBrowserPage,
                                      openai_cua: ScriptedResponsesServer) -> None:
    await skyvern_page.set_content(SIGN_IN)
    await script_sign_in(skyvern_page, openai_cua)
    result = await skyvern_page.agent.run_task(GOAL, engine="openai_cua", max_steps=2)
    assert result.status == "failed"
    assert "maximum of 2 steps" in (result.failure_reason or "")
    assert len(openai_cua.requests) == 2


@pytest.mark.skyvern_budget(max_llm_calls=1)
async def test_budgets_cap_the_calls(skyvern_page: SkyvernBrowserPage,
                                     openai_cua: ScriptedResponsesServer) -> None:
    await skyvern_page.set_content(SIGN_IN)
    await script_sign_in(skyvern_page, openai_cua)
    with pytest.raises(BudgetExceededError, match="LLM calls this test 2 > 1"):
        await skyvern_page.agent.run_task(GOAL, engine="openai_cua")
    assert len(openai_cua.requests) == 1


async def test_a_refused_request_fails_the_run(skyvern_page: SkyvernBrowserPage,
                                               openai_cua: ScriptedResponsesServer) -> None:
    await skyvern_page.set_content(SIGN_IN)
    result = await skyvern_page.agent.run_task(GOAL, engine="openai_cua")  # nothing scripted
    assert result.status == "failed"
    assert "no answer left" in (result.failure_reason or "")
