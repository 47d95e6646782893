"""engine="ui_tars" (and Qwen2.5-VL's dialect) against a scripted vLLM-style chat
endpoint on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from cua_pages import PASSWORD, SIGN_IN, center, signed_in

from pytest_skyvern import SkyvernBrowserPage, register_secret
from pytest_skyvern.agent.cua.coords import smart_resize
from pytest_skyvern.context import current_bus
from pytest_skyvern.testing.scripted_vision_chat import ScriptedVisionChatServer

GOAL = "Sign in with the password {{password}}"


@pytest.fixture(scope="module")
def chat_server() -> Iterator[ScriptedVisionChatServer]:
    with ScriptedVisionChatServer() as server:
        yield server


@pytest.fixture
def ui_tars(chat_server: ScriptedVisionChatServer, monkeypatch: pytest.MonkeyPatch
            ) -> ScriptedVisionChatServer:
    chat_server.clear()
    monkeypatch.setenv("SKYVERN_UI_TARS_BASE_URL", chat_server.base_url)
    monkeypatch.setenv("SKYVERN_UI_TARS_MODEL", "ByteDance-Seed/UI-TARS-1.5-7B")
    for name in ("SKYVERN_UI_TARS_DIALECT", "SKYVERN_UI_TARS_COORDINATES"):
        monkeypatch.delenv(name, raising=False)
    return chat_server


async def relative(page: SkyvernBrowserPage, selector: str) -> tuple[int, int]:
    """The middle of ``selector`` in UI-TARS's 0-1000 grid."""
    x, y = await center(page, selector)
    size = page.viewport_size
    assert size is not None
    return round(x * 1000 / size["width"]), round(y * 1000 / size["height"])


async def test_a_two_step_task_completes(skyvern_page: SkyvernBrowserPage,
                                         ui_tars: ScriptedVisionChatServer) -> None:
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    (fx, fy), (bx, by) = await relative(skyvern_page, "#pw"), await relative(skyvern_page, "#go")
    ui_tars.add_answer("Thought: Click the password field.\n"
                       f"Action: click(start_box='<|box_start|>({fx},{fy})<|box_end|>')")
    ui_tars.add_answer("Thought: Type the password and submit.\n"
                       "Action: type(content='{{password}}\\n')")
    ui_tars.add_answer(f"Thought: Press Sign in.\nAction: click(start_box='({bx},{by})')")
    ui_tars.add_answer("Thought: Signed in.\nAction: finished(content='Signed in.')")
    result = await skyvern_page.agent.run_task(GOAL, engine="ui_tars")
    assert result.status == "completed", result.failure_reason
    assert result.output == "Signed in."
    assert await signed_in(skyvern_page) == f"Signed in with {len(PASSWORD)} characters"
    bodies = ui_tars.bodies()
    assert len(bodies) == 4
    assert not [b for b in bodies if PASSWORD in b]
    first = ui_tars.requests[0].body
    assert first["model"] == "ByteDance-Seed/UI-TARS-1.5-7B"
    assert "## Action Space" in first["messages"][0]["content"]
    assert "{{password}}" in first["messages"][0]["content"]
    turns = [s for s in current_bus().steps if s.kind == "act"]
    assert [a.type for s in turns for a in s.actions] == ["click", "type", "key", "click"]
    assert all(s.screenshot for s in turns)


async def test_qwen_dialect_with_smart_resize_coordinates(
        skyvern_page: SkyvernBrowserPage, ui_tars: ScriptedVisionChatServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKYVERN_UI_TARS_DIALECT", "qwen")
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    size = skyvern_page.viewport_size
    assert size is not None
    h_bar, w_bar = smart_resize(size["height"], size["width"])

    def resized(point: tuple[int, int]) -> list[int]:
        return [round(point[0] * w_bar / size["width"]), round(point[1] * h_bar / size["height"])]

    field, button = await center(skyvern_page, "#pw"), await center(skyvern_page, "#go")
    for arguments in (
        {"action": "left_click", "coordinate": resized(field)},
        {"action": "type", "text": "{{password}}"},
        {"action": "left_click", "coordinate": resized(button)},
        {"action": "terminate", "status": "success"},
    ):
        ui_tars.add_answer('<tool_call>\n{"name": "computer_use", "arguments": '
                           + json.dumps(arguments) + "}\n</tool_call>")
    result = await skyvern_page.agent.run_task(GOAL, engine="ui_tars")
    assert result.status == "completed", result.failure_reason
    assert await signed_in(skyvern_page) == f"Signed in with {len(PASSWORD)} characters"
    assert ui_tars.requests[0].body["messages"][0]["role"] == "system"
    assert not [b for b in ui_tars.bodies() if PASSWORD in b]


async def test_call_user_terminates_and_bad_answers_fail(
        skyvern_page: SkyvernBrowserPage, ui_tars: ScriptedVisionChatServer) -> None:
    await skyvern_page.set_content(SIGN_IN)
    ui_tars.add_answer("Thought: I need the password from the user.\nAction: call_user()")
    result = await skyvern_page.agent.run_task(GOAL, engine="ui_tars")
    assert result.status == "terminated"
    assert "I need the password" in (result.failure_reason or "")
    ui_tars.add_answer("I would click the button.")
    result = await skyvern_page.agent.run_task(GOAL, engine="ui_tars")
    assert result.status == "failed"
    assert "no 'Action:' line" in (result.failure_reason or "")
