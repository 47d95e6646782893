"""The pure parts of the computer-use engines: answers, coordinates, keys, actions."""

from __future__ import annotations

import pytest

from pytest_skyvern.agent.cua.answers import parse_answer
from pytest_skyvern.agent.cua.anthropic_cua import to_action as anthropic_action
from pytest_skyvern.agent.cua.config import endpoint_from_env
from pytest_skyvern.agent.cua.coords import CoordinateSpace, smart_resize
from pytest_skyvern.agent.cua.keys import split_combination
from pytest_skyvern.agent.cua.model import ComputerAction
from pytest_skyvern.agent.cua.openai_cua import to_action as openai_action
from pytest_skyvern.errors import ConfigurationError, LLMResponseError, RealLLMCallBlocked
from pytest_skyvern.sdk.runs import RunEngine

RELATIVE = CoordinateSpace("relative", 1280, 720)


@pytest.mark.parametrize(("box", "point"), [
    ("<|box_start|>(500,500)<|box_end|>", (640, 360)),
    ("(250,100)", (320, 72)),
    ("[100, 100, 300, 300]", (256, 144)),  # a box: its middle
    ("<point>1000 1000</point>", (1279, 719)),  # clamped to the viewport
])
def test_ui_tars_points_in_the_0_1000_grid(box: str, point: tuple[int, int]) -> None:
    turn = parse_answer(f"Thought: go\nAction: click(start_box='{box}')", RELATIVE)
    assert turn.actions == [ComputerAction("click", *point)]
    assert turn.text == "go"


def test_ui_tars_typing_with_a_newline_submits() -> None:
    turn = parse_answer("Action: type(content='hello\\n')", RELATIVE)
    assert turn.actions == [ComputerAction("type", text="hello"),
                            ComputerAction("key", keys=("Enter",))]


def test_ui_tars_hotkeys_scrolls_and_the_end() -> None:
    keys = parse_answer("Action: hotkey(key='ctrl a')", RELATIVE).actions[0]
    assert keys.keys == ("Control", "a")
    scroll = parse_answer("Action: scroll(start_box='(500,500)', direction='up')", RELATIVE)
    assert scroll.actions[0].scroll_y < 0
    done = parse_answer("Thought: ok\nAction: finished(content='It says 42.')", RELATIVE)
    assert (done.status, done.text) == ("completed", "It says 42.")
    with pytest.raises(LLMResponseError, match="unknown action 'teleport'"):
        parse_answer("Action: teleport()", RELATIVE)


def test_qwen_tool_calls_in_smart_resized_pixels() -> None:
    h_bar, w_bar = smart_resize(720, 1280)
    assert (h_bar % 28, w_bar % 28) == (0, 0)
    space = CoordinateSpace("smart_resize", 1280, 720)
    turn = parse_answer('<tool_call>{"name": "computer_use", "arguments": {"action": '
                        f'"left_click", "coordinate": [{w_bar // 2}, {h_bar // 2}]}}}}'
                        "</tool_call>", space)
    assert turn.actions == [ComputerAction("click", 640, 360)]
    end = parse_answer('<tool_call>{"name": "computer_use", "arguments": {"action": '
                       '"terminate", "status": "failure"}}</tool_call>', space)
    assert end.status == "failed"


def test_absolute_pixels_stay_as_they_are() -> None:
    assert CoordinateSpace("absolute", 1280, 720).to_viewport(100, 200) == (100, 200)


def test_key_names_of_every_provider() -> None:
    assert split_combination("ctrl+shift+Tab") == ("Control", "Shift", "Tab")
    assert split_combination("Return") == ("Enter",)
    assert split_combination("Page_Down") == ("PageDown",)
    assert openai_action({"type": "keypress", "keys": ["CTRL", "A"]}).keys == ("Control", "A")
    assert anthropic_action({"action": "key", "text": "ctrl+a"}).keys == ("Control", "a")


def test_provider_actions_map_to_mouse_calls() -> None:
    assert openai_action({"type": "click", "button": "right", "x": 1, "y": 2}) == \
        ComputerAction("click", 1, 2, button="right")
    assert openai_action({"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]}).path \
        == ((1, 2), (3, 4))
    scroll = anthropic_action({"action": "scroll", "coordinate": [5, 6],
                               "scroll_direction": "down", "scroll_amount": 2})
    assert (scroll.x, scroll.y, scroll.scroll_y) == (5, 6, 200)
    with pytest.raises(LLMResponseError):
        openai_action({"type": "click", "button": "back", "x": 1, "y": 2})


def test_endpoints_come_from_the_environment() -> None:
    env = {"SKYVERN_UI_TARS_BASE_URL": "http://127.0.0.1:8000/v1",
           "SKYVERN_UI_TARS_MODEL": "ui-tars", "SKYVERN_UI_TARS_COORDINATES": "absolute",
           "SKYVERN_LLM_LOOPBACK_ONLY": "1"}
    endpoint = endpoint_from_env(RunEngine.ui_tars, env)
    assert (endpoint.model, endpoint.extra["coordinates"]) == ("ui-tars", "absolute")
    with pytest.raises(ConfigurationError, match="SKYVERN_UI_TARS_MODEL"):
        endpoint_from_env(RunEngine.ui_tars, {})
    with pytest.raises(RealLLMCallBlocked):
        endpoint_from_env(RunEngine.anthropic_cua, {"SKYVERN_LLM_LOOPBACK_ONLY": "1"})
    assert endpoint_from_env(RunEngine.openai_cua, {"OPENAI_API_KEY": "sk-x"}).api_key == "sk-x"
