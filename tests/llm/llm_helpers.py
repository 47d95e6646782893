"""Small builders shared by the LLM tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_skyvern.llm import LLMMessage, LLMRequest, OpenAICompatibleClient, Purpose

#: The ``make_client`` fixture: LLMSettings overrides in, a client for the server out.
ClientFactory = Callable[..., OpenAICompatibleClient]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"action": {"type": "string"}, "element": {"type": "string"}},
    "required": ["action", "element"],
}


def ask(
    text: str,
    *,
    schema: dict[str, Any] | None = None,
    purpose: Purpose = "act",
    images: tuple[bytes, ...] = (),
    system: str | None = "You drive a browser.",
) -> LLMRequest:
    messages = [LLMMessage("system", system)] if system else []
    messages.append(LLMMessage("user", text, images))
    return LLMRequest(purpose=purpose, messages=tuple(messages), json_schema=schema)
