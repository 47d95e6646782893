"""Reading a vision model's answer text into ``ComputerAction``s.

Two dialects: UI-TARS's ``Thought: ... Action: click(start_box='(x,y)')`` text, and
Qwen2.5-VL's ``<tool_call>{"name": "computer_use", "arguments": {...}}</tool_call>``.
``parse_answer`` tells them apart by the answer itself.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from pytest_skyvern.agent.cua.coords import CoordinateSpace
from pytest_skyvern.agent.cua.keys import playwright_key, split_combination
from pytest_skyvern.agent.cua.model import ComputerAction, Turn
from pytest_skyvern.errors import LLMResponseError

#: Pixels one UI-TARS ``scroll`` moves (it names a direction, not a distance).
SCROLL_PX = 400
#: UI-TARS's ``wait()`` sleeps 5 s, as its prompt tells it.
WAIT_S = 5.0

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_TOOL_CALL = re.compile(r"<tool_call>\s*(\{.*?\})\s*</tool_call>", re.S)


def parse_answer(text: str, space: CoordinateSpace) -> Turn:
    """The actions (or the end) ``text`` asks for."""
    if "<tool_call>" in text or text.lstrip().startswith("{"):
        return parse_qwen(text, space)
    return parse_ui_tars(text, space)


def _point(value: Any, space: CoordinateSpace) -> tuple[int, int]:
    """``'(x,y)'``, ``'<point>x y</point>'``, ``'[x1, y1, x2, y2]'`` (its middle) ..."""
    numbers = [float(n) for n in _NUMBER.findall(str(value))]
    if len(numbers) == 4:
        numbers = [(numbers[0] + numbers[2]) / 2, (numbers[1] + numbers[3]) / 2]
    if len(numbers) != 2:
        raise LLMResponseError(f"ui_tars: no point in {value!r}")
    return space.to_viewport(numbers[0], numbers[1])


# ---------------------------------------------------------------------- UI-TARS
def parse_ui_tars(text: str, space: CoordinateSpace) -> Turn:
    thought, _, action_text = text.partition("Action:")
    if not action_text.strip():
        raise LLMResponseError(f"ui_tars: the answer has no 'Action:' line: {text[:200]!r}")
    turn = Turn(text=thought.replace("Thought:", "", 1).strip())
    for call in re.split(r"\n\s*\n", action_text.strip()):
        if call.strip():
            _ui_tars_call(call.strip(), space, turn)
    return turn


def _ui_tars_call(call: str, space: CoordinateSpace, turn: Turn) -> None:
    try:
        node = ast.parse(call, mode="eval").body
    except SyntaxError:
        raise LLMResponseError(f"ui_tars: cannot read the action {call!r}") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise LLMResponseError(f"ui_tars: the action {call!r} is not a call")
    name = node.func.id
    args = {k.arg: k.value.value for k in node.keywords
            if k.arg and isinstance(k.value, ast.Constant)}
    box = args.get("start_box") or args.get("point") or args.get("start_point")
    if name in ("click", "left_single", "left_double", "right_single", "hover", "mouse_move"):
        x, y = _point(box, space)
        kind = {"left_double": "double_click", "hover": "move", "mouse_move": "move"}.get(
            name, "click")
        button = "right" if name == "right_single" else "left"
        turn.actions.append(ComputerAction(kind, x, y, button=button))  # type: ignore[arg-type]
    elif name in ("drag", "select"):
        end = args.get("end_box") or args.get("end_point")
        turn.actions.append(ComputerAction("drag", path=(_point(box, space), _point(end, space))))
    elif name in ("hotkey", "press", "keydown"):
        keys = split_combination(str(args.get("key") or args.get("hotkey") or ""))
        turn.actions.append(ComputerAction("key", keys=keys))
    elif name == "type":
        content = str(args.get("content") or "")
        turn.actions.append(ComputerAction("type", text=content.rstrip("\n")))
        if content.endswith("\n"):  # the prompt's way to submit what was typed
            turn.actions.append(ComputerAction("key", keys=("Enter",)))
    elif name == "scroll":
        x, y = _point(box, space) if box else (space.width // 2, space.height // 2)
        direction = str(args.get("direction") or "down").lower()
        dx = {"left": -SCROLL_PX, "right": SCROLL_PX}.get(direction, 0)
        dy = {"up": -SCROLL_PX, "down": SCROLL_PX}.get(direction, 0)
        turn.actions.append(ComputerAction("scroll", x, y, scroll_x=dx, scroll_y=dy))
    elif name == "wait":
        turn.actions.append(ComputerAction("wait", seconds=WAIT_S))
    elif name == "finished":
        turn.status, turn.text = "completed", str(args.get("content") or turn.text)
    elif name == "call_user":
        turn.status = "terminated"
        turn.text = turn.text or "The model asked for the user's help."
    else:
        raise LLMResponseError(f"ui_tars: unknown action {name!r}")


# ---------------------------------------------------------------------- Qwen2.5-VL
def parse_qwen(text: str, space: CoordinateSpace) -> Turn:
    calls = _TOOL_CALL.findall(text) or [text.strip()]
    turn = Turn(text=_TOOL_CALL.sub("", text).strip())
    for raw in calls:
        try:
            call = json.loads(raw)
        except ValueError:
            raise LLMResponseError(f"qwen: the tool call is not JSON: {raw[:200]!r}") from None
        args = call.get("arguments", call) if isinstance(call, dict) else {}
        if isinstance(args, str):
            args = json.loads(args)
        _qwen_action(args, space, turn)
    return turn


def _qwen_action(args: dict[str, Any], space: CoordinateSpace, turn: Turn) -> None:
    action = str(args.get("action") or "")
    at = _point(args["coordinate"], space) if args.get("coordinate") else None
    clicks = {"left_click": ("click", "left"), "right_click": ("click", "right"),
              "middle_click": ("click", "middle"), "double_click": ("double_click", "left"),
              "triple_click": ("triple_click", "left"), "mouse_move": ("move", "left")}
    if action in clicks and at is not None:
        kind, button = clicks[action]
        turn.actions.append(ComputerAction(kind, *at, button=button))  # type: ignore[arg-type]
    elif action == "left_click_drag" and at is not None and args.get("start_coordinate"):
        start = _point(args["start_coordinate"], space)
        turn.actions.append(ComputerAction("drag", path=(start, at)))
    elif action == "type":
        turn.actions.append(ComputerAction("type", text=str(args.get("text") or "")))
    elif action == "key":
        keys = tuple(playwright_key(str(k)) for k in args.get("keys") or [])
        turn.actions.append(ComputerAction("key", keys=keys))
    elif action == "scroll":
        x, y = at or (space.width // 2, space.height // 2)
        # Qwen: positive pixels scroll up; the wheel's positive delta scrolls down.
        turn.actions.append(ComputerAction("scroll", x, y,
                                           scroll_y=-int(args.get("pixels") or 0)))
    elif action == "wait":
        turn.actions.append(ComputerAction("wait", seconds=float(args.get("time") or 1)))
    elif action in ("terminate", "answer"):
        failed = str(args.get("status") or "success") == "failure"
        turn.status = "failed" if failed else "completed"
        turn.text = str(args.get("text") or turn.text or ("The model gave up." if failed else ""))
    else:
        raise LLMResponseError(f"qwen: unknown or incomplete computer_use action {args!r}")
