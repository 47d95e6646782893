"""``engine="openai_cua"``: OpenAI's computer-use model through the Responses API.

The first request carries the goal and a screenshot with the ``computer_use_preview``
tool; each answer's ``computer_call`` is done in the browser and answered with a
``computer_call_output`` screenshot, chained by ``previous_response_id``. Pending
safety checks are acknowledged (the test names the site it drives) and shown in the
timeline. An answer without a ``computer_call`` ends the task with its message.
"""

from __future__ import annotations

import base64
from typing import Any

import openai
from openai import omit

from pytest_skyvern.agent.cua.config import EngineEndpoint, price
from pytest_skyvern.agent.cua.keys import playwright_key
from pytest_skyvern.agent.cua.model import Button, ComputerAction, Screen, Turn
from pytest_skyvern.errors import LLMResponseError
from pytest_skyvern.llm import Usage
from pytest_skyvern.llm.errormap import to_llm_error

_PLACEHOLDER_KEY = "not-needed"  # the SDK wants a key; a local server ignores it
_BUTTONS: dict[str, Button] = {"left": "left", "right": "right", "wheel": "middle"}
#: The OpenAI samples wait this long for a ``wait`` action (it has no duration).
WAIT_S = 1.0


def data_url(screen: Screen) -> str:
    return "data:image/png;base64," + base64.b64encode(screen.png).decode("ascii")


class OpenAIComputerUse:
    """One task's conversation with the Responses API."""

    def __init__(self, endpoint: EngineEndpoint) -> None:
        self._endpoint = endpoint
        self._client = openai.AsyncOpenAI(
            api_key=endpoint.api_key or _PLACEHOLDER_KEY, base_url=endpoint.base_url,
            timeout=endpoint.timeout_s, max_retries=2,
        )
        self._previous: str | None = None
        self._call_id: str | None = None
        self._checks: list[dict[str, Any]] = []

    @property
    def label(self) -> str:
        return f"openai_cua/{self._endpoint.model}"

    async def start(self, goal: str, screen: Screen) -> Turn:
        message = {"role": "user", "content": [
            {"type": "input_text", "text": goal},
            {"type": "input_image", "image_url": data_url(screen), "detail": "auto"},
        ]}
        return await self._send([message], screen)

    async def observe(self, screen: Screen) -> Turn:
        if self._call_id is None:
            raise LLMResponseError("openai_cua: no computer_call to answer")
        output: dict[str, Any] = {
            "type": "computer_call_output", "call_id": self._call_id,
            "output": {"type": "computer_screenshot", "image_url": data_url(screen)},
        }
        if self._checks:
            output["acknowledged_safety_checks"] = self._checks
        return await self._send([output], screen)

    async def aclose(self) -> None:
        await self._client.close()

    async def _send(self, items: list[dict[str, Any]], screen: Screen) -> Turn:
        tool = {"type": "computer_use_preview", "display_width": screen.width,
                "display_height": screen.height, "environment": "browser"}
        params: dict[str, Any] = {
            "model": self._endpoint.model, "tools": [tool], "input": items,
            "previous_response_id": self._previous or omit,
            "reasoning": {"summary": "concise"}, "truncation": "auto",
        }
        try:
            response = await self._client.responses.create(**params)
        except openai.OpenAIError as exc:
            raise to_llm_error(exc, base_url=self._endpoint.base_url,
                               model=self._endpoint.model, attempts=1,
                               timeout_s=self._endpoint.timeout_s,
                               secret=self._endpoint.api_key) from exc
        self._previous = response.id
        return self._turn(response.model_dump(mode="json"))

    def _turn(self, body: dict[str, Any]) -> Turn:
        usage = body.get("usage") or {}
        tokens_in, tokens_out = int(usage.get("input_tokens") or 0), int(
            usage.get("output_tokens") or 0)
        turn = Turn(usage=Usage(tokens_in, tokens_out,
                                price(self._endpoint.model, tokens_in, tokens_out)))
        said: list[str] = []
        call: dict[str, Any] | None = None
        for item in body.get("output") or []:
            kind = item.get("type")
            if kind == "reasoning":
                said += [s.get("text", "") for s in item.get("summary") or []]
            elif kind == "message":
                said += [c.get("text", "") for c in item.get("content") or []
                         if c.get("type") == "output_text"]
            elif kind == "computer_call" and call is None:
                call = item
        turn.text = " ".join(s for s in said if s).strip()
        if call is None:
            turn.status = "completed"
            self._call_id = None
            return turn
        self._call_id = str(call["call_id"])
        self._checks = [{"id": c["id"], "code": c.get("code"), "message": c.get("message")}
                        for c in call.get("pending_safety_checks") or []]
        turn.acknowledged = [f"{c['code']}: {c['message']}" for c in self._checks]
        raw = call.get("actions") or ([call["action"]] if call.get("action") else [])
        turn.actions = [to_action(a) for a in raw]
        return turn


def _keys(raw: Any) -> tuple[str, ...]:
    return tuple(playwright_key(str(k)) for k in raw or ())


def to_action(raw: dict[str, Any]) -> ComputerAction:
    """A Responses API computer action -> ``ComputerAction``."""
    kind = raw.get("type")
    x, y = raw.get("x"), raw.get("y")
    held = _keys(raw.get("keys"))
    if kind == "click":
        button = _BUTTONS.get(str(raw.get("button") or "left"))
        if button is None:
            raise LLMResponseError(f"openai_cua: unsupported mouse button {raw.get('button')!r}")
        return ComputerAction("click", x, y, button=button, keys=held)
    if kind in ("double_click", "move"):
        return ComputerAction(kind, x, y, keys=held)
    if kind == "drag":
        path = tuple((int(p["x"]), int(p["y"])) for p in raw.get("path") or [])
        return ComputerAction("drag", keys=held, path=path)
    if kind == "scroll":
        return ComputerAction("scroll", x, y, keys=held, scroll_x=int(raw.get("scroll_x") or 0),
                              scroll_y=int(raw.get("scroll_y") or 0))
    if kind == "keypress":
        return ComputerAction("key", keys=held)
    if kind == "type":
        return ComputerAction("type", text=str(raw.get("text") or ""))
    if kind == "wait":
        return ComputerAction("wait", seconds=WAIT_S)
    if kind == "screenshot":
        return ComputerAction("screenshot")
    raise LLMResponseError(f"openai_cua: unknown computer action {kind!r}")
