"""Find out once what an endpoint can do, and remember it for the process.

OpenAI-compatible servers differ widely: some refuse ``json_schema`` output, some
ignore it, many cannot see images. Asking four tiny questions once per
(base_url, model) is cheaper than guessing wrong on every call.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from ..errors import LLMCapabilityError
from .base import PROBE_MARKER, Capabilities
from .errormap import server_message
from .jsontext import extract_json
from .retry import SendFailed
from .wire import ChatCall, image_data_url, json_schema_format

#: Sends one call; raises ``SendFailed`` (after retries) when it fails.
Send = Callable[[ChatCall], Awaitable[ChatCompletion]]

#: A red 2x2 PNG: the smallest image that every vision model accepts.
PROBE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="
)
PROBE_TOOL = "pytest_skyvern_probe"
_PROBE_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
}
# Enough for reasoning models to think a little and still answer.
_PROBE_MAX_TOKENS = 256

_cache: dict[tuple[str, str, bool], Capabilities] = {}


def clear_capability_cache() -> None:
    """Forget every probe result (tests that reuse ports call this)."""
    _cache.clear()


def cached_capabilities(base_url: str, model: str, vision: bool) -> Capabilities | None:
    """The remembered probe result, if this endpoint and model were probed already."""
    return _cache.get((base_url, model, vision))


def _messages(user: str, image: bool = False) -> list[ChatCompletionMessageParam]:
    system: ChatCompletionMessageParam = {
        "role": "system",
        "content": f"{PROBE_MARKER}. Follow the instruction exactly and answer briefly.",
    }
    if not image:
        return [system, {"role": "user", "content": user}]
    return [
        system,
        {
            "role": "user",
            "content": [
                {"type": "text", "text": user},
                {"type": "image_url", "image_url": {"url": image_data_url(PROBE_PNG)}},
            ],
        },
    ]


def _refused(failure: SendFailed, statuses: Callable[[int], bool]) -> bool:
    error = failure.error
    return isinstance(error, openai.APIStatusError) and statuses(error.status_code)


def _is_schema_refusal(status: int) -> bool:
    return status in (400, 422)


def _is_client_refusal(status: int) -> bool:
    # 401/403/429 mean "not now" or "not you", not "cannot": let those surface.
    return 400 <= status < 500 and status not in (401, 403, 429)


def _says_no_images(failure: SendFailed) -> bool:
    # llama.cpp's server answers image input to a text-only model with HTTP 500
    # "image input is not supported" (a permanent refusal, not an outage).
    error = failure.error
    if not isinstance(error, openai.APIStatusError) or error.status_code < 500:
        return False
    message = server_message(error).lower()
    return "not supported" in message and any(w in message for w in ("image", "mmproj"))


def _answer_json(completion: ChatCompletion) -> object:
    if not completion.choices or completion.choices[0].finish_reason == "length":
        return None
    try:
        return extract_json(completion.choices[0].message.content or "")
    except ValueError:
        return None


async def _json_schema(send: Send, model: str) -> bool:
    call = ChatCall(
        model,
        _messages('Reply with the JSON object {"ok": true}.'),
        _PROBE_MAX_TOKENS,
        response_format=json_schema_format("probe", _PROBE_SCHEMA),
    )
    try:
        answer = _answer_json(await send(call))
    except SendFailed as failure:
        if _refused(failure, _is_schema_refusal):
            return False
        raise
    # A server that silently ignores response_format answers 200 with prose.
    return isinstance(answer, dict) and isinstance(answer.get("ok"), bool)


async def _json_object(send: Send, model: str) -> bool:
    call = ChatCall(
        model,
        _messages('Reply with the JSON object {"ok": true}.'),
        _PROBE_MAX_TOKENS,
        response_format={"type": "json_object"},
    )
    try:
        return isinstance(_answer_json(await send(call)), dict)
    except SendFailed as failure:
        if _refused(failure, _is_schema_refusal):
            return False
        raise


async def _vision(send: Send, model: str) -> bool:
    call = ChatCall(
        model, _messages("What colour is this image? One word.", image=True), _PROBE_MAX_TOKENS
    )
    try:
        await send(call)
    except SendFailed as failure:
        if _refused(failure, _is_client_refusal) or _says_no_images(failure):
            return False
        raise
    return True


async def _tool_calls(send: Send, model: str) -> bool:
    call = ChatCall(
        model,
        _messages(f"Call the function {PROBE_TOOL} with ok set to true."),
        _PROBE_MAX_TOKENS,
        tools=[
            {
                "type": "function",
                "function": {"name": PROBE_TOOL, "parameters": _PROBE_SCHEMA},
            }
        ],
        tool_choice={"type": "function", "function": {"name": PROBE_TOOL}},
    )
    try:
        completion = await send(call)
    except SendFailed as failure:
        if _refused(failure, _is_client_refusal):
            return False
        raise
    return bool(completion.choices and completion.choices[0].message.tool_calls)


async def _no() -> bool:
    return False


async def probe_capabilities(send: Send, base_url: str, model: str, vision: bool) -> Capabilities:
    """Probe (or recall) what ``model`` at ``base_url`` supports.

    Vision is probed only when ``vision`` is on, since it costs an image upload.
    Errors other than a refusal (auth, connection, 5xx) are re-raised as ``SendFailed``.
    """
    known = cached_capabilities(base_url, model, vision)
    if known is not None:
        return known
    # Concurrently: against a slow server four probes cost one round trip, not four.
    results = await asyncio.gather(
        _json_schema(send, model),
        _json_object(send, model),
        _vision(send, model) if vision else _no(),
        _tool_calls(send, model),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    flags = [bool(result) for result in results]
    capabilities = Capabilities(
        json_schema=flags[0], json_object=flags[1], vision=flags[2], tool_calls=flags[3]
    )
    _cache[(base_url, model, vision)] = capabilities
    return capabilities


def check_usable(capabilities: Capabilities, *, base_url: str, model: str, vision: bool) -> None:
    """Raise ``LLMCapabilityError`` if the endpoint has neither JSON output nor vision."""
    if capabilities.json_schema or capabilities.json_object or capabilities.vision:
        return
    vision_note = (
        "image input was refused"
        if vision
        else "vision is off in the LLM settings, so image input was not tried"
    )
    raise LLMCapabilityError(
        f"the LLM endpoint {base_url} (model {model!r}) supports neither structured JSON "
        f"output (response_format json_schema or json_object was refused or ignored) nor "
        f"vision ({vision_note}). pytest-skyvern needs at least one of them: use a model "
        "and server with JSON mode (OpenAI, vLLM, Ollama, llama.cpp server all have it), "
        "or turn vision on with a vision-capable model."
    )
