"""``engine="anthropic_cua"``: Claude's computer-use tool through the Messages API.

Needs the optional extra ``pytest-skyvern[anthropic]`` (the ``anthropic`` package).
The conversation is kept here: each ``tool_use`` block of the ``computer`` tool is
done in the browser and answered with a ``tool_result``, the last one carrying the
new screenshot; older screenshots are dropped from the history (``MAX_IMAGES``), as
Anthropic's reference loop does. An answer without ``tool_use`` ends the task.
"""

from __future__ import annotations

import base64
from typing import Any

from pytest_skyvern.agent.cua.config import EngineEndpoint, price
from pytest_skyvern.agent.cua.keys import split_combination
from pytest_skyvern.agent.cua.model import ComputerAction, Screen, Turn
from pytest_skyvern.errors import (
    ConfigurationError,
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMError,
    LLMRateLimitError,
    LLMResponseError,
    LLMServerError,
    LLMTimeoutError,
)
from pytest_skyvern.llm import Usage

MAX_IMAGES = 3
#: Tool versions and the beta flag each needs.
BETAS = {"computer_20250124": "computer-use-2025-01-24",
         "computer_20241022": "computer-use-2024-10-22"}
#: Pixels per ``scroll_amount`` step (a wheel notch).
SCROLL_STEP_PX = 100
SYSTEM = ("You are driving a web browser through screenshots of its viewport. There is "
          "no address bar: stay on the page you are given. When the task is done, answer "
          "without using the tool, with what you found.")
_PLACEHOLDER_KEY = "not-needed"
_CLICKS = {"left_click": ("click", "left"), "right_click": ("click", "right"),
           "middle_click": ("click", "middle"), "double_click": ("double_click", "left"),
           "triple_click": ("triple_click", "left"), "mouse_move": ("move", "left"),
           "left_mouse_down": ("mouse_down", "left"), "left_mouse_up": ("mouse_up", "left")}


def _image(screen: Screen) -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                        "data": base64.b64encode(screen.png).decode("ascii")}}


class AnthropicComputerUse:
    """One task's conversation with the Messages API."""

    def __init__(self, endpoint: EngineEndpoint) -> None:
        try:
            import anthropic
        except ImportError:
            raise ConfigurationError(
                "engine='anthropic_cua' needs the anthropic package: "
                "pip install 'pytest-skyvern[anthropic]'") from None
        self._anthropic = anthropic
        self._endpoint = endpoint
        self._tool = endpoint.extra.get("tool") or "computer_20250124"
        if self._tool not in BETAS:
            raise ConfigurationError(f"SKYVERN_ANTHROPIC_CUA_TOOL={self._tool!r} is not a "
                                     f"computer tool version; valid: {', '.join(BETAS)}")
        self._client = anthropic.AsyncAnthropic(
            api_key=endpoint.api_key or _PLACEHOLDER_KEY, base_url=endpoint.base_url,
            timeout=endpoint.timeout_s, max_retries=2,
        )
        self._messages: list[dict[str, Any]] = []
        self._pending: list[str] = []

    @property
    def label(self) -> str:
        return f"anthropic_cua/{self._endpoint.model}"

    async def start(self, goal: str, screen: Screen) -> Turn:
        self._messages = [{"role": "user", "content": [{"type": "text", "text": goal},
                                                       _image(screen)]}]
        return await self._ask(screen)

    async def observe(self, screen: Screen) -> Turn:
        results: list[dict[str, Any]] = [
            {"type": "tool_result", "tool_use_id": tool_id,
             "content": [_image(screen)] if i == len(self._pending) - 1 else "done"}
            for i, tool_id in enumerate(self._pending)]
        self._messages.append({"role": "user", "content": results})
        return await self._ask(screen)

    async def aclose(self) -> None:
        await self._client.close()

    async def _ask(self, screen: Screen) -> Turn:
        _drop_old_images(self._messages, MAX_IMAGES)
        tool = {"type": self._tool, "name": "computer", "display_width_px": screen.width,
                "display_height_px": screen.height}
        params: dict[str, Any] = {
            "model": self._endpoint.model, "max_tokens": 1024, "system": SYSTEM,
            "tools": [tool], "messages": self._messages, "betas": [BETAS[self._tool]],
        }
        try:
            message = await self._client.beta.messages.create(**params)
        except self._anthropic.AnthropicError as exc:
            raise self._error(exc) from exc
        body: dict[str, Any] = message.model_dump(mode="json")
        content = body.get("content") or []
        self._messages.append({"role": "assistant", "content": content})
        usage = body.get("usage") or {}
        tokens_in, tokens_out = int(usage.get("input_tokens") or 0), int(
            usage.get("output_tokens") or 0)
        turn = Turn(usage=Usage(tokens_in, tokens_out,
                                price(self._endpoint.model, tokens_in, tokens_out)))
        turn.text = " ".join(b.get("text", "") for b in content if b.get("type") == "text")
        uses = [b for b in content if b.get("type") == "tool_use"]
        self._pending = [str(b["id"]) for b in uses]
        if not uses:
            turn.status = "completed"
        for block in uses:
            if block.get("name") != "computer":
                raise LLMResponseError(f"anthropic_cua: unknown tool {block.get('name')!r}")
            turn.actions.append(to_action(block.get("input") or {}))
        return turn

    def _error(self, exc: Exception) -> LLMError:
        a, where = self._anthropic, f"{self._endpoint.base_url} ({self._endpoint.model})"
        message = str(exc)
        if self._endpoint.api_key:
            message = message.replace(self._endpoint.api_key, "***")
        kinds: list[tuple[type[Exception], type[LLMError]]] = [
            (a.APITimeoutError, LLMTimeoutError), (a.APIConnectionError, LLMConnectionError),
            (a.AuthenticationError, LLMAuthError), (a.PermissionDeniedError, LLMAuthError),
            (a.RateLimitError, LLMRateLimitError), (a.BadRequestError, LLMBadRequestError),
            (a.InternalServerError, LLMServerError)]
        for source, target in kinds:
            if isinstance(exc, source):
                return target(f"anthropic_cua at {where}: {message}")
        return LLMError(f"anthropic_cua at {where}: {message}")


def _drop_old_images(messages: list[dict[str, Any]], keep: int) -> None:
    """Replace all but the last ``keep`` screenshots in tool results with a note."""
    results = [part for m in messages if m["role"] == "user" and isinstance(m["content"], list)
               for part in m["content"] if part.get("type") == "tool_result"
               and isinstance(part.get("content"), list)
               and any(c.get("type") == "image" for c in part["content"])]
    for part in results[:-keep] if len(results) > keep else []:
        part["content"] = "(an older screenshot, left out)"


def _xy(raw: Any) -> tuple[int | None, int | None]:
    if isinstance(raw, list | tuple) and len(raw) == 2:
        return int(raw[0]), int(raw[1])
    return None, None


def to_action(raw: dict[str, Any]) -> ComputerAction:
    """A ``computer`` tool input -> ``ComputerAction``."""
    action = str(raw.get("action") or "")
    x, y = _xy(raw.get("coordinate"))
    held = split_combination(str(raw.get("text") or "")) if action != "type" else ()
    if action in _CLICKS:
        kind, button = _CLICKS[action]
        return ComputerAction(kind, x, y, button=button, keys=held)  # type: ignore[arg-type]
    if action == "left_click_drag":
        start, end = _xy(raw.get("start_coordinate")), (x, y)
        if None in start or None in end:
            raise LLMResponseError("anthropic_cua: left_click_drag needs start_coordinate "
                                   "and coordinate")
        return ComputerAction("drag", path=(start, end))  # type: ignore[arg-type]
    if action == "type":
        return ComputerAction("type", text=str(raw.get("text") or ""))
    if action in ("key", "hold_key"):
        return ComputerAction("key", keys=held)
    if action == "scroll":
        amount = int(raw.get("scroll_amount") or 3) * SCROLL_STEP_PX
        direction = str(raw.get("scroll_direction") or "down")
        dx = {"left": -amount, "right": amount}.get(direction, 0)
        dy = {"up": -amount, "down": amount}.get(direction, 0)
        return ComputerAction("scroll", x, y, scroll_x=dx, scroll_y=dy)
    if action == "wait":
        return ComputerAction("wait", seconds=float(raw.get("duration") or 1))
    if action in ("screenshot", "cursor_position"):
        return ComputerAction("screenshot")
    raise LLMResponseError(f"anthropic_cua: unknown computer action {action!r}")
