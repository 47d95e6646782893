"""Fixtures for the LLM adapter tests: a scripted server and a client factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from llm_helpers import ClientFactory

from pytest_skyvern.llm import (
    CallRecord,
    LLMSettings,
    OpenAICompatibleClient,
    ScriptedLLMServer,
    clear_capability_cache,
)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # No test here may reach a hosted model, whatever keys the environment holds.
    monkeypatch.setenv("SKYVERN_LLM_LOOPBACK_ONLY", "1")


@pytest.fixture(autouse=True)
def _fresh_probe_cache() -> Iterator[None]:
    # A stopped server's port can be handed to the next one, with other flags.
    clear_capability_cache()
    yield
    clear_capability_cache()


@pytest.fixture
def server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as llm:
        yield llm


@pytest.fixture
def records() -> list[CallRecord]:
    return []


@pytest.fixture
async def make_client(
    server: ScriptedLLMServer, records: list[CallRecord]
) -> AsyncIterator[ClientFactory]:
    """Build clients for ``server`` (or ``base_url=``), closed at teardown."""
    clients: list[OpenAICompatibleClient] = []

    def build(**overrides: Any) -> OpenAICompatibleClient:
        options: dict[str, Any] = {
            "base_url": server.base_url,
            "api_key": "sk-test-secret-123",
            "model": "gpt-4o-mini",
            "backoff_s": 0.01,
            "timeout_s": 5.0,
        }
        options.update(overrides)
        client = OpenAICompatibleClient(LLMSettings(**options), on_call=records.append)
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()
