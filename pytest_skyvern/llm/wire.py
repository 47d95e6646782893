"""Turn our message types into Chat Completions request parameters.

Kept apart from the client so the shape of what goes over the wire (images as data
URLs, the schema written into the prompt) can be read and tested on its own.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openai.types.chat import (
    ChatCompletionContentPartParam,
    ChatCompletionFunctionToolParam,
    ChatCompletionMessageParam,
    ChatCompletionNamedToolChoiceParam,
)
from openai.types.chat.completion_create_params import ResponseFormat
from openai.types.shared_params import ResponseFormatJSONSchema

from .base import LLMMessage


@dataclass
class ChatCall:
    """One Chat Completions request, before the client adds its settings."""

    model: str
    messages: list[ChatCompletionMessageParam]
    max_tokens: int
    response_format: ResponseFormat | None = None
    tools: list[ChatCompletionFunctionToolParam] | None = None
    tool_choice: ChatCompletionNamedToolChoiceParam | None = None


def image_mime(data: bytes) -> str:
    """The MIME type of PNG, JPEG, GIF or WebP bytes (PNG when unsure)."""
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/png"


def image_data_url(data: bytes) -> str:
    """``data:`` URL for image bytes, the form every OpenAI-compatible server accepts."""
    return f"data:{image_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"


def to_message_params(
    messages: Sequence[LLMMessage], *, with_images: bool
) -> list[ChatCompletionMessageParam]:
    """Chat Completions messages; images go on user messages only, and only if asked."""
    params: list[ChatCompletionMessageParam] = []
    for message in messages:
        if message.role == "system":
            params.append({"role": "system", "content": message.content})
        elif message.role == "assistant":
            params.append({"role": "assistant", "content": message.content})
        elif with_images and message.images:
            parts: list[ChatCompletionContentPartParam] = [
                {"type": "text", "text": message.content}
            ]
            parts.extend(
                {"type": "image_url", "image_url": {"url": image_data_url(image)}}
                for image in message.images
            )
            params.append({"role": "user", "content": parts})
        else:
            params.append({"role": "user", "content": message.content})
    return params


def json_schema_format(name: str, schema: dict[str, Any]) -> ResponseFormatJSONSchema:
    """``response_format`` for structured output. Not strict: strict mode rejects many
    ordinary schemas (optional fields, open objects) that users will write."""
    # OpenAI rejects names outside [A-Za-z0-9_-]{1,64}; callers pass free text.
    safe_name = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "answer"
    return {
        "type": "json_schema",
        "json_schema": {"name": safe_name, "schema": schema, "strict": False},
    }


def schema_instructions(schema: dict[str, Any]) -> str:
    """The prompt text that stands in for ``response_format`` on weaker endpoints."""
    return (
        "Answer with one JSON value only (no prose, no code fences) that conforms to "
        f"this JSON Schema:\n{json.dumps(schema, indent=None, sort_keys=True)}"
    )


def with_schema_in_prompt(
    messages: Sequence[LLMMessage], schema: dict[str, Any]
) -> tuple[LLMMessage, ...]:
    """Add the schema to the first system message (or a new leading one).

    Merged rather than appended because several local chat templates reject a second
    system message or one that is not first.
    """
    text = schema_instructions(schema)
    if messages and messages[0].role == "system":
        first = messages[0]
        merged = LLMMessage("system", f"{first.content}\n\n{text}", first.images)
        return (merged, *messages[1:])
    return (LLMMessage("system", text), *messages)
