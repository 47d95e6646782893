"""HTTP failures become our errors, after bounded retries where retrying makes sense."""

from __future__ import annotations

import socket
import time

import pytest
from llm_helpers import SCHEMA, ClientFactory, ask

from pytest_skyvern.errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
)
from pytest_skyvern.llm import CallRecord, ScriptedLLMServer


async def test_429_is_retried_then_succeeds(
    server: ScriptedLLMServer, make_client: ClientFactory, records: list[CallRecord]
) -> None:
    server.add({"action": "click", "element": "e3"})
    server.fail(429, times=2, retry_after=0.05)

    started = time.monotonic()
    response = await make_client().complete(ask("Log in", schema=SCHEMA))

    assert response.data == {"action": "click", "element": "e3"}
    assert len(server.llm_requests) == 3
    assert time.monotonic() - started >= 0.1  # Retry-After was honoured twice
    assert records[-1].ok
    assert records[-1].attempts == 3


async def test_429_after_the_bound_is_a_rate_limit_error(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add({"action": "click", "element": "e3"})
    server.fail(429, times=10)

    with pytest.raises(LLMRateLimitError, match="after 2 attempts"):
        await make_client(max_retries=1).complete(ask("Log in", schema=SCHEMA))


async def test_500_after_the_bound_is_a_server_error_with_attempts(
    server: ScriptedLLMServer, make_client: ClientFactory, records: list[CallRecord]
) -> None:
    server.add({"action": "click", "element": "e3"})
    server.fail(500, times=10, body={"error": {"message": "model overloaded"}})

    with pytest.raises(LLMServerError, match=r"HTTP 500\) after 4 attempts: model overloaded"):
        await make_client(max_retries=3).complete(ask("Log in", schema=SCHEMA))

    assert len(server.llm_requests) == 4
    assert not records[-1].ok
    assert records[-1].attempts == 4
    assert records[-1].error is not None
    assert records[-1].error.startswith("LLMServerError")


async def test_slow_server_is_a_timeout_error(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add({"action": "click", "element": "e3"})
    server.slow(2.0)

    client = make_client(timeout_s=0.2, max_retries=1)
    with pytest.raises(LLMTimeoutError, match=r"within 0.2s, after 2 attempts"):
        await client.complete(ask("Log in", schema=SCHEMA))
    assert len(server.llm_requests) == 2


async def test_connection_refused_names_the_url_and_the_settings(
    make_client: ClientFactory,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/v1"  # closed again: nothing listens here

    with pytest.raises(LLMConnectionError) as caught:
        await make_client(base_url=base_url, max_retries=1).complete(ask("Log in"))

    message = str(caught.value)
    assert base_url in message
    assert "SKYVERN_LLM_BASE_URL" in message
    assert "after 2 attempts" in message


async def test_wrong_api_key_is_an_auth_error_without_retries(
    make_client: ClientFactory, records: list[CallRecord]
) -> None:
    with ScriptedLLMServer(api_key="sk-the-right-one") as guarded:
        client = make_client(base_url=guarded.base_url, api_key="sk-the-wrong-one")

        with pytest.raises(LLMAuthError, match="HTTP 401") as caught:
            await client.complete(ask("Log in"))

        # The probes hit the 401 first, each once: auth errors are not retried.
        assert len(guarded.requests) == 3
        assert all(request.is_probe for request in guarded.requests)
        assert "sk-the-wrong-one" not in str(caught.value)
        assert records[-1].ok is False


async def test_401_on_the_call_itself_is_an_auth_error(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.fail(401, body={"error": {"message": "Incorrect API key provided: sk-test-secret-123"}})

    with pytest.raises(LLMAuthError) as caught:
        await make_client().complete(ask("Log in"))

    assert len(server.llm_requests) == 1
    assert "sk-test-secret-123" not in str(caught.value)  # scrubbed even when echoed


async def test_other_4xx_is_a_bad_request_with_the_server_message(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.fail(404, body={"error": {"message": "The model `gpt-9` does not exist"}})

    with pytest.raises(LLMBadRequestError, match=r"HTTP 404\): The model `gpt-9` does not exist"):
        await make_client().complete(ask("Log in"))
    assert len(server.llm_requests) == 1


async def test_max_tokens_refusal_switches_to_max_completion_tokens(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    # What OpenAI's reasoning models answer to the classic parameter.
    server.fail(
        400,
        times=None,
        match=lambda body: "max_tokens" in body,
        body={
            "error": {
                "message": "Unsupported parameter: 'max_tokens' is not supported with this "
                "model. Use 'max_completion_tokens' instead.",
                "param": "max_tokens",
            }
        },
    )
    server.add("fine")

    response = await make_client().complete(ask("Hello"))

    assert response.text == "fine"
    last = server.llm_requests[-1].body
    assert last["max_completion_tokens"] == 2048
    assert "max_tokens" not in last
