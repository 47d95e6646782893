"""What ``ScriptedLLMServer`` knows about a request, and the rules of its script."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .base import PROBE_MARKER

#: None (any request), a substring of the request's message texts, or a predicate.
Match = str | Callable[[dict[str, Any]], bool] | None


def message_texts(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, text) for each message; text parts of multi-part contents are joined."""
    texts: list[tuple[str, str]] = []
    for message in body.get("messages") or []:
        content = message.get("content")
        if isinstance(content, list):
            content = "\n".join(
                str(part.get("text", "")) for part in content if part.get("type") == "text"
            )
        texts.append((str(message.get("role", "")), str(content or "")))
    return texts


def image_count(body: dict[str, Any]) -> int:
    """How many ``image_url`` parts the request carries."""
    return sum(
        1
        for message in body.get("messages") or []
        if isinstance(message.get("content"), list)
        for part in message["content"]
        if part.get("type") == "image_url"
    )


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def is_probe(self) -> bool:
        """True for pytest-skyvern capability probes."""
        return any(
            role == "system" and PROBE_MARKER in text for role, text in message_texts(self.body)
        )

    @property
    def text(self) -> str:
        """All message texts, joined: what a string ``match`` searches."""
        return "\n".join(text for _, text in message_texts(self.body))

    @property
    def last_user_text(self) -> str:
        """The text of the last user message ('' if none)."""
        users = [text for role, text in message_texts(self.body) if role == "user"]
        return users[-1] if users else ""

    @property
    def model(self) -> str | None:
        """The model the request asked for."""
        model = self.body.get("model")
        return model if isinstance(model, str) else None


@dataclass
class Rule:
    """A scripted behaviour: which requests it applies to, how many more times."""

    match: Match
    times: int | None

    def applies(self, request: RecordedRequest) -> bool:
        """True if the rule has uses left and ``match`` accepts ``request``."""
        if self.times is not None and self.times <= 0:
            return False
        if self.match is None:
            return True
        if isinstance(self.match, str):
            return self.match in request.text
        return bool(self.match(request.body))

    def use(self) -> None:
        """Count one use."""
        if self.times is not None:
            self.times -= 1


@dataclass
class Answer(Rule):
    """Reply with this content."""

    content: str
    finish_reason: str


@dataclass
class Failure(Rule):
    """Reply with an HTTP error."""

    status: int
    body: dict[str, Any] | None
    retry_after: float | None


@dataclass
class Delay(Rule):
    """Wait before replying."""

    seconds: float


@dataclass
class Mangle(Rule):
    """Spoil one reply: not JSON, or cut off at the token limit."""

    kind: Literal["malformed", "truncate"]


@dataclass
class Script:
    """Everything scripted so far, in the order it was added."""

    answers: list[Answer] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    delays: list[Delay] = field(default_factory=list)
    mangles: list[Mangle] = field(default_factory=list)
    fixed: str | None = None
