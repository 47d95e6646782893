"""Read a Chat Completions answer into text and data, or say why it is unusable.

A truncated or malformed answer is an ``LLMResponseError`` here, never a partial
result and never a ``JSONDecodeError`` further up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openai.types.chat import ChatCompletion

from ..errors import LLMResponseError
from .jsontext import excerpt, extract_json


@dataclass(frozen=True)
class Answer:
    """The parts of a completion the client hands on."""

    text: str
    data: Any
    finish_reason: str


def read_answer(completion: ChatCompletion, *, want_json: bool, max_tokens: int) -> Answer:
    """Text (and parsed JSON when ``want_json``) of the first choice, or ``LLMResponseError``."""
    if not completion.choices:
        raise LLMResponseError("the LLM answered with no choices at all")
    choice = completion.choices[0]
    finish_reason = str(choice.finish_reason or "stop")
    text = choice.message.content or ""
    refusal = choice.message.refusal
    if refusal:
        raise LLMResponseError(f"the model refused to answer: {excerpt(refusal)}")
    if want_json and finish_reason == "length":
        raise LLMResponseError(
            f"the answer was truncated at max_tokens={max_tokens} (finish_reason 'length') "
            f"before the JSON was complete; raise max_tokens or ask for less. "
            f"It ended with: {excerpt(text[-200:])}"
        )
    if not text.strip():
        hint = " (truncated at max_tokens)" if finish_reason == "length" else ""
        raise LLMResponseError(
            f"the LLM answered with empty content{hint}, finish_reason {finish_reason!r}"
        )
    if not want_json:
        return Answer(text, None, finish_reason)
    try:
        data = extract_json(text)
    except ValueError:
        raise LLMResponseError(
            f"the LLM answer is not valid JSON, though a JSON schema was asked for: {excerpt(text)}"
        ) from None
    return Answer(text, data, finish_reason)
