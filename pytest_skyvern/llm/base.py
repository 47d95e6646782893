"""The model-client boundary: one small Protocol and the plain data it speaks.

Everything above this line (agent, page, budget) depends on these types only, so a
user can inject any client that satisfies :class:`LLMClient`, and the OpenAI adapter
stays one replaceable implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

#: Why a call is made. Picks the per-purpose model and labels usage records.
Purpose = Literal["act", "extract", "validate", "plan", "prompt"]

#: Text put in the system message of every capability probe. Test servers answer
#: probes on their own by spotting it, and tests leave probes out when counting calls.
PROBE_MARKER = "pytest-skyvern capability probe"


@dataclass(frozen=True)
class LLMMessage:
    """One chat message. ``images`` (PNG/JPEG bytes) are sent only when vision is on."""

    role: Literal["system", "user", "assistant"]
    content: str
    images: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class LLMRequest:
    """What the caller wants; the client decides how to ask the endpoint for it."""

    purpose: Purpose
    messages: tuple[LLMMessage, ...]
    json_schema: dict[str, Any] | None = None
    schema_name: str = "answer"
    max_tokens: int | None = None


@dataclass(frozen=True)
class Usage:
    """Token counts as reported by the server; cost from the price table when known."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None


@dataclass(frozen=True)
class LLMResponse:
    """A usable answer. ``data`` is the parsed JSON when a schema was asked for."""

    text: str
    data: Any
    finish_reason: str
    usage: Usage
    latency_s: float
    model: str


@dataclass(frozen=True)
class Capabilities:
    """What the endpoint was seen to support when probed."""

    json_schema: bool
    json_object: bool
    vision: bool
    tool_calls: bool


@dataclass(frozen=True)
class CallRecord:
    """One call as budgets and reports see it, emitted for successes and failures alike."""

    purpose: Purpose
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    latency_s: float
    ok: bool
    error: str | None
    attempts: int


@runtime_checkable
class LLMClient(Protocol):
    """What pytest-skyvern needs from a model endpoint."""

    @property
    def model(self) -> str:
        """The default model name."""
        ...

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer ``request``, or raise an ``LLMError`` subclass."""
        ...

    async def capabilities(self) -> Capabilities:
        """What the endpoint supports for the default model."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
