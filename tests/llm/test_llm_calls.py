"""Model routing, usage and cost records, images, secrets and the loopback guard."""

from __future__ import annotations

import base64

import pytest
from llm_helpers import SCHEMA, ClientFactory, ask

from pytest_skyvern.errors import ConfigurationError, RealLLMCallBlocked
from pytest_skyvern.llm import (
    CallRecord,
    LLMClient,
    LLMSettings,
    OpenAICompatibleClient,
    ScriptedLLMServer,
    cost_usd,
)
from pytest_skyvern.llm.probe import PROBE_PNG

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 16


async def test_purpose_picks_its_model(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    client = make_client(model="gpt-4o-mini", role_models={"extract": "gpt-4.1"})

    await client.complete(ask("act", purpose="act"))
    extracted = await client.complete(ask("extract", purpose="extract"))

    assert [r.model for r in server.llm_requests] == ["gpt-4o-mini", "gpt-4.1"]
    assert extracted.model == "gpt-4.1"
    # Each model is probed on its own first use.
    assert {r.model for r in server.requests if r.is_probe} == {"gpt-4o-mini", "gpt-4.1"}


async def test_temperature_and_max_tokens_come_from_settings_and_request(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    client = make_client(temperature=0.7, max_tokens=300)

    await client.complete(ask("a"))
    request = ask("b")
    await client.complete(type(request)(request.purpose, request.messages, max_tokens=50))

    first, second = server.llm_requests
    assert (first.body["temperature"], first.body["max_tokens"]) == (0.7, 300)
    assert second.body["max_tokens"] == 50


async def test_usage_and_cost_are_recorded(
    server: ScriptedLLMServer, make_client: ClientFactory, records: list[CallRecord]
) -> None:
    answer = '{"action": "click", "element": "e12"}'
    server.add(answer)

    response = await make_client(model="gpt-4o-mini").complete(
        ask("Press the big green button on the checkout page", schema=SCHEMA)
    )

    (sent,) = server.llm_requests
    prompt_tokens = len(sent.text) // 4
    completion_tokens = len(answer) // 4
    (record,) = records
    assert (record.purpose, record.model, record.ok, record.attempts) == (
        "act",
        "gpt-4o-mini",
        True,
        1,
    )
    assert (record.prompt_tokens, record.completion_tokens) == (prompt_tokens, completion_tokens)
    expected_cost = (prompt_tokens * 0.15 + completion_tokens * 0.60) / 1_000_000
    assert record.cost_usd == pytest.approx(expected_cost)
    assert response.usage.cost_usd == pytest.approx(expected_cost)
    assert record.latency_s > 0
    assert record.error is None


async def test_unknown_model_has_no_cost(
    server: ScriptedLLMServer, make_client: ClientFactory, records: list[CallRecord]
) -> None:
    server.add("ok")
    await make_client(model="llama3.1:8b").complete(ask("hi"))

    assert records[0].prompt_tokens > 0
    assert records[0].cost_usd is None
    assert cost_usd("llama3.1:8b", 10, 10) is None


async def test_images_are_dropped_when_vision_is_off(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    await make_client(vision=False).complete(ask("Look", images=(PROBE_PNG,)))

    (sent,) = server.llm_requests
    assert sent.body["messages"][-1] == {"role": "user", "content": "Look"}


async def test_images_are_dropped_when_the_server_cannot_see(
    make_client: ClientFactory,
) -> None:
    with ScriptedLLMServer(vision=False) as blind:
        blind.add("ok")
        response = await make_client(base_url=blind.base_url, vision=True).complete(
            ask("Look", images=(PROBE_PNG,))
        )

        assert response.text == "ok"  # not the 400 a blind server gives to images
        assert blind.llm_requests[0].body["messages"][-1]["content"] == "Look"


async def test_images_are_sent_as_data_urls_when_vision_works(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    await make_client(vision=True).complete(ask("Look", images=(PROBE_PNG, JPEG)))

    text, png, jpeg = server.llm_requests[0].body["messages"][-1]["content"]
    assert text == {"type": "text", "text": "Look"}
    assert png["image_url"]["url"] == "data:image/png;base64," + base64.b64encode(PROBE_PNG).decode(
        "ascii"
    )
    assert jpeg["image_url"]["url"].startswith("data:image/jpeg;base64,")


async def test_api_key_is_sent_but_never_shown(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    client = make_client(api_key="sk-very-secret-key")

    await client.complete(ask("hi"))

    assert server.llm_requests[0].headers["authorization"] == "Bearer sk-very-secret-key"
    assert "sk-very-secret-key" not in repr(client)
    assert "sk-very-secret-key" not in repr(client.settings)
    assert "sk-very-secret-key" not in str(client.settings)
    assert server.base_url in repr(client)


def test_client_satisfies_the_protocol(server: ScriptedLLMServer) -> None:
    client = OpenAICompatibleClient(LLMSettings(base_url=server.base_url, model="m"))
    assert isinstance(client, LLMClient)
    assert client.model == "m"


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8000/v1",
        "http://127.1.2.3:8000/v1",
        "http://localhost:11434/v1",
        "http://[::1]:8000/v1",
    ],
)
def test_guard_allows_loopback(base_url: str) -> None:
    client = OpenAICompatibleClient(LLMSettings(base_url=base_url, model="m"))
    assert client.base_url == base_url


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.openai.com/v1",
        "http://10.0.0.5:8000/v1",
        "http://127.0.0.1.example.com/v1",
        None,
    ],
)
def test_guard_blocks_everything_else(base_url: str | None) -> None:
    settings = LLMSettings(base_url=base_url, api_key="sk-x", model="gpt-4o")
    with pytest.raises(RealLLMCallBlocked, match="SKYVERN_LLM_LOOPBACK_ONLY=1"):
        OpenAICompatibleClient(settings)


def test_guard_off_allows_a_real_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKYVERN_LLM_LOOPBACK_ONLY")
    # Building the client makes no request, so this stays offline.
    client = OpenAICompatibleClient(LLMSettings(api_key="sk-x", model="gpt-4o"))
    assert client.base_url == "https://api.openai.com/v1"


def test_unconfigured_settings_are_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="SKYVERN_LLM_MODEL"):
        OpenAICompatibleClient(LLMSettings(base_url="http://127.0.0.1:1/v1"))
