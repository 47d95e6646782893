"""``engine="ui_tars"``: a vision model behind any OpenAI-compatible chat endpoint.

UI-TARS (or Qwen2.5-VL) served by vLLM, say, answers each screenshot with the next
action at a point. The dialect (``SKYVERN_UI_TARS_DIALECT``: ``ui_tars``, the default,
or ``qwen``) picks the prompt; either answer is read. Coordinates follow
``SKYVERN_UI_TARS_COORDINATES`` (``relative`` 0-1000 by default for UI-TARS,
``smart_resize`` for Qwen; see ``coords``). The conversation keeps all the model's
answers and the last ``MAX_IMAGES`` screenshots, as the UI-TARS cookbook does.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import openai

from pytest_skyvern.agent.cua.answers import parse_answer
from pytest_skyvern.agent.cua.config import EngineEndpoint, price
from pytest_skyvern.agent.cua.coords import CoordinateMode, CoordinateSpace, coordinate_mode
from pytest_skyvern.agent.cua.model import Screen, Turn
from pytest_skyvern.errors import ConfigurationError, LLMResponseError
from pytest_skyvern.llm import Usage
from pytest_skyvern.llm.errormap import to_llm_error

MAX_IMAGES = 5
_PLACEHOLDER_KEY = "not-needed"

UI_TARS_PROMPT = r"""You are a GUI agent. You are given a task and your action history, with screenshots. You need to perform the next action to complete the task.

## Output Format
```
Thought: ...
Action: ...
```

## Action Space
click(start_box='<|box_start|>(x1,y1)<|box_end|>')
left_double(start_box='<|box_start|>(x1,y1)<|box_end|>')
right_single(start_box='<|box_start|>(x1,y1)<|box_end|>')
drag(start_box='<|box_start|>(x1,y1)<|box_end|>', end_box='<|box_start|>(x3,y3)<|box_end|>')
hotkey(key='')
type(content='') #If you want to submit your input, use "\n" at the end of `content`.
scroll(start_box='<|box_start|>(x1,y1)<|box_end|>', direction='down or up or right or left')
wait() #Sleep for 5s and take a screenshot to check for any changes.
finished(content='xxx') # Use escape characters \\', \\", and \\n in content part to ensure we can parse the content in normal python string format.

## Note
- Use English in `Thought` part.
- Write a small plan and finally summarize your next action (with its target element) in one sentence in `Thought` part.

## User Instruction
"""  # noqa: E501 - the model's own prompt, verbatim

_QWEN_TOOL = {"type": "function", "function": {
    "name": "computer_use",
    "description": "Use a mouse and keyboard to interact with a web browser, and take "
                   "screenshots. The screen's resolution is {width}x{height}.",
    "parameters": {"type": "object", "required": ["action"], "properties": {
        "action": {"type": "string", "enum": [
            "key", "type", "mouse_move", "left_click", "left_click_drag", "right_click",
            "middle_click", "double_click", "scroll", "wait", "terminate"]},
        "keys": {"type": "array", "description": "Required only by action=key."},
        "text": {"type": "string", "description": "Required only by action=type."},
        "coordinate": {"type": "array", "description": "(x, y) in pixels."},
        "pixels": {"type": "number", "description": "Positive scrolls up, negative down."},
        "time": {"type": "number", "description": "Seconds to wait."},
        "status": {"type": "string", "enum": ["success", "failure"]},
    }},
}}

QWEN_PROMPT = """You are a helpful assistant.

# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{tool}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{{"name": <function-name>, "arguments": <args-json-object>}}
</tool_call>"""  # noqa: E501


def _image(screen: Screen) -> dict[str, Any]:
    url = "data:image/png;base64," + base64.b64encode(screen.png).decode("ascii")
    return {"type": "image_url", "image_url": {"url": url}}


class VisionChatComputerUse:
    """One task's conversation with an OpenAI-compatible vision model."""

    def __init__(self, endpoint: EngineEndpoint) -> None:
        self._endpoint = endpoint
        self._dialect = (endpoint.extra.get("dialect") or "ui_tars").strip().lower()
        if self._dialect not in ("ui_tars", "qwen"):
            raise ConfigurationError(f"SKYVERN_UI_TARS_DIALECT={self._dialect!r} is not a "
                                     "dialect; valid: ui_tars, qwen")
        default: CoordinateMode = "relative" if self._dialect == "ui_tars" else "smart_resize"
        self._mode = coordinate_mode(endpoint.extra.get("coordinates"), default)
        self._client = openai.AsyncOpenAI(
            api_key=endpoint.api_key or _PLACEHOLDER_KEY, base_url=endpoint.base_url,
            timeout=endpoint.timeout_s, max_retries=2,
        )
        self._messages: list[dict[str, Any]] = []

    @property
    def label(self) -> str:
        return f"ui_tars/{self._endpoint.model}"

    async def start(self, goal: str, screen: Screen) -> Turn:
        if self._dialect == "qwen":
            tool = json.dumps(_QWEN_TOOL).replace("{width}", str(screen.width)).replace(
                "{height}", str(screen.height))
            self._messages = [{"role": "system", "content": QWEN_PROMPT.format(tool=tool)},
                              {"role": "user", "content": [{"type": "text", "text": goal},
                                                           _image(screen)]}]
        else:
            self._messages = [{"role": "user", "content": UI_TARS_PROMPT + goal},
                              {"role": "user", "content": [_image(screen)]}]
        return await self._ask(screen)

    async def observe(self, screen: Screen) -> Turn:
        self._messages.append({"role": "user", "content": [_image(screen)]})
        return await self._ask(screen)

    async def aclose(self) -> None:
        await self._client.close()

    async def _ask(self, screen: Screen) -> Turn:
        _keep_last_images(self._messages, MAX_IMAGES)
        params: dict[str, Any] = {"model": self._endpoint.model, "messages": self._messages,
                                  "temperature": 0.0, "max_tokens": 1000}
        try:
            completion = await self._client.chat.completions.create(**params)
        except openai.OpenAIError as exc:
            raise to_llm_error(exc, base_url=self._endpoint.base_url,
                               model=self._endpoint.model, attempts=1,
                               timeout_s=self._endpoint.timeout_s,
                               secret=self._endpoint.api_key) from exc
        if not completion.choices:
            raise LLMResponseError("ui_tars: the answer has no choices")
        text = completion.choices[0].message.content or ""
        self._messages.append({"role": "assistant", "content": text})
        turn = parse_answer(text, CoordinateSpace(self._mode, screen.width, screen.height))
        usage = completion.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        turn.usage = Usage(tokens_in, tokens_out,
                           price(self._endpoint.model, tokens_in, tokens_out))
        return turn


def _keep_last_images(messages: list[dict[str, Any]], keep: int) -> None:
    """Drop screenshot-only user turns but the last ``keep`` (the answers stay)."""
    shots = [i for i, m in enumerate(messages) if m["role"] == "user"
             and isinstance(m["content"], list)
             and all(part.get("type") == "image_url" for part in m["content"])]
    for index in reversed(shots[:-keep] if len(shots) > keep else []):
        del messages[index]
