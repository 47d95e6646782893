"""Structured output and its fallbacks, through the real openai client over HTTP."""

from __future__ import annotations

import pytest
from llm_helpers import SCHEMA, ClientFactory, ask

from pytest_skyvern.errors import LLMBadRequestError, LLMResponseError
from pytest_skyvern.llm import ScriptedLLMServer


async def test_json_schema_answer_is_parsed(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add({"action": "click", "element": "e3"}, match="Log in")
    client = make_client()

    response = await client.complete(ask("Log in", schema=SCHEMA))

    assert response.data == {"action": "click", "element": "e3"}
    assert response.finish_reason == "stop"
    (sent,) = server.llm_requests
    assert sent.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": SCHEMA, "strict": False},
    }
    assert sent.body["temperature"] == 0.0
    assert sent.body["max_tokens"] == 2048


async def test_without_schema_text_comes_back_and_data_is_none(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("The page shows a login form.")
    response = await make_client().complete(ask("Describe the page"))

    assert response.text == "The page shows a login form."
    assert response.data is None
    assert "response_format" not in server.llm_requests[0].body


async def test_falls_back_to_json_object_with_schema_in_prompt(
    make_client: ClientFactory,
) -> None:
    with ScriptedLLMServer(json_schema=False) as weak:
        weak.add({"action": "fill", "element": "e1"})
        client = make_client(base_url=weak.base_url)

        response = await client.complete(ask("Type the name", schema=SCHEMA))

        assert response.data == {"action": "fill", "element": "e1"}
        (sent,) = weak.llm_requests
        assert sent.body["response_format"] == {"type": "json_object"}
        system = sent.body["messages"][0]
        assert system["role"] == "system"
        assert system["content"].startswith("You drive a browser.")
        assert '"required": ["action", "element"]' in system["content"]


async def test_falls_back_to_text_extraction_when_no_json_mode(
    make_client: ClientFactory,
) -> None:
    # Vision is what keeps such an endpoint usable at all (see the capability tests).
    with ScriptedLLMServer(json_schema=False, json_object=False, vision=True) as weak:
        weak.add('Sure, here it is:\n```json\n{"action": "click", "element": "e7"}\n```\nDone.')
        client = make_client(base_url=weak.base_url, vision=True)

        response = await client.complete(ask("Click it", schema=SCHEMA, system=None))

        assert response.data == {"action": "click", "element": "e7"}
        (sent,) = weak.llm_requests
        assert "response_format" not in sent.body
        # No system message was given, so the schema arrives in a new leading one.
        assert sent.body["messages"][0]["role"] == "system"
        assert "JSON Schema" in sent.body["messages"][0]["content"]


async def test_truncated_json_is_a_response_error(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add({"action": "click", "element": "e3"})
    server.truncate()

    with pytest.raises(LLMResponseError, match=r"truncated at max_tokens=2048"):
        await make_client().complete(ask("Log in", schema=SCHEMA))


async def test_finish_reason_length_with_complete_json_is_still_refused(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    # Valid-looking JSON cut at the limit may be missing fields: never a partial result.
    server.add({"action": "click", "element": "e3"}, finish_reason="length")

    with pytest.raises(LLMResponseError, match="truncated"):
        await make_client().complete(ask("Log in", schema=SCHEMA))


async def test_malformed_answer_is_a_response_error_with_excerpt(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.malformed()

    with pytest.raises(LLMResponseError, match=r"not valid JSON.*button you want says Submit"):
        await make_client().complete(ask("Log in", schema=SCHEMA))


async def test_empty_content_is_a_response_error(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("")

    with pytest.raises(LLMResponseError, match="empty content"):
        await make_client().complete(ask("Anything"))


async def test_unmatched_request_names_the_scripted_server(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add({"action": "click", "element": "e3"}, match="Log in")

    with pytest.raises(LLMBadRequestError, match="no scripted answer matches") as caught:
        await make_client().complete(ask("Open the settings page", schema=SCHEMA))
    assert "Open the settings page" in str(caught.value)
