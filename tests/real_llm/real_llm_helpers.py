"""Reading what the real server was sent and what it answered, from the proxy's record."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from recording_proxy import Exchange

from pytest_skyvern import Skyvern
from pytest_skyvern.config import resolve_settings
from pytest_skyvern.llm import LLMSettings, OpenAICompatibleClient
from pytest_skyvern.testing.llama import MODEL_ALIAS

#: Small: a 135M model left alone rambles or pads JSON with whitespace until the
#: limit, and every token costs about 30 ms on one thread.
MAX_TOKENS = 160

_REF = re.compile(r"^\[(e\d+)\]", re.MULTILINE)


@dataclass(frozen=True)
class Answer:
    """The first choice of one Chat Completions answer, as the server sent it."""

    content: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int

    def data(self) -> Any:
        """The JSON the model wrote (only call this when it finished with "stop")."""
        return json.loads(self.content)


def answer_of(exchange: Exchange) -> Answer:
    body = exchange.response_json()
    choice = body["choices"][0]
    usage = body["usage"]
    return Answer(choice["message"]["content"] or "", choice["finish_reason"],
                  usage["prompt_tokens"], usage["completion_tokens"])


def json_schema_only(exchanges: list[Exchange]) -> list[Exchange]:
    """``exchanges``, after checking each asked for JSON-schema output and sent no tools
    (the probe found the first, and found that the second does not work here)."""
    for exchange in exchanges:
        sent = exchange.request_json()
        assert sent["response_format"]["type"] == "json_schema", sent.get("response_format")
        assert "tools" not in sent
        assert "tool_choice" not in sent
    return exchanges


def user_text(exchange: Exchange) -> str:
    messages = exchange.request_json()["messages"]
    return "\n".join(m["content"] for m in messages if m["role"] == "user")


def snapshot_refs(exchange: Exchange) -> set[str]:
    """The element refs of the page snapshot this request showed the model."""
    return set(_REF.findall(user_text(exchange)))


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def real_llm_settings(base_url: str, **overrides: Any) -> LLMSettings:
    """Our client's settings for the real server: temperature 0, few tokens, one retry.

    Vision is on so the probe really asks the server about images (it says no, so no
    image is ever sent); every client of the session then shares that one probe.
    """
    values: dict[str, Any] = {"base_url": base_url, "model": MODEL_ALIAS, "vision": True,
                              "max_tokens": MAX_TOKENS, "timeout_s": 120.0, "max_retries": 1,
                              "backoff_s": 0.1}
    values.update(overrides)
    return LLMSettings(**values)


def skyvern_with(llm: OpenAICompatibleClient) -> Skyvern:
    """A local client whose engine asks ``llm`` (screenshots off: the server is text-only)."""
    settings = resolve_settings({}, {}, env={"SKYVERN_LLM_BASE_URL": llm.base_url,
                                             "SKYVERN_LLM_MODEL": llm.model,
                                             "SKYVERN_CACHE": "off"})
    return Skyvern.local(settings=settings, llm=llm)
