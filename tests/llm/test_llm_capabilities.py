"""Capability probing: what is asked, what is concluded, and when we give up."""

from __future__ import annotations

from typing import Any

import pytest
from llm_helpers import SCHEMA, ClientFactory, ask

from pytest_skyvern.errors import LLMCapabilityError
from pytest_skyvern.llm import PROBE_MARKER, CallRecord, Capabilities, ScriptedLLMServer


@pytest.mark.parametrize(
    ("flags", "vision_setting", "expected"),
    [
        pytest.param({}, False, Capabilities(True, True, False, False), id="defaults-vision-off"),
        pytest.param({}, True, Capabilities(True, True, True, False), id="defaults-vision-on"),
        pytest.param(
            {"json_schema": False},
            False,
            Capabilities(False, True, False, False),
            id="json-object-only",
        ),
        pytest.param(
            {"json_schema": False, "json_object": False, "vision": True, "tool_calls": True},
            True,
            Capabilities(False, False, True, True),
            id="vision-and-tools-only",
        ),
        pytest.param(
            {"vision": False, "tool_calls": True},
            True,
            Capabilities(True, True, False, True),
            id="no-vision-on-server",
        ),
    ],
)
async def test_probe_result_follows_the_server(
    make_client: ClientFactory,
    flags: dict[str, Any],
    vision_setting: bool,
    expected: Capabilities,
) -> None:
    with ScriptedLLMServer(**flags) as llm:
        client = make_client(base_url=llm.base_url, vision=vision_setting)

        assert await client.capabilities() == expected

        probes = llm.requests
        assert probes
        assert all(request.is_probe for request in probes)
        assert not llm.llm_requests
        sent_images = any("image_url" in str(r.body["messages"]) for r in probes)
        assert sent_images is vision_setting  # no image upload unless vision is on


async def test_probe_messages_carry_the_marker(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    await make_client().capabilities()

    assert len(server.requests) == 3
    for request in server.requests:
        assert PROBE_MARKER in request.body["messages"][0]["content"]


async def test_first_complete_probes_once_per_endpoint_and_model(
    server: ScriptedLLMServer, make_client: ClientFactory
) -> None:
    server.add("ok")
    first, second = make_client(), make_client()

    await first.complete(ask("one"))
    probes_after_first = len(server.requests) - len(server.llm_requests)
    await first.complete(ask("two"))
    await second.complete(ask("three"))

    assert probes_after_first == 3  # json_schema, json_object, tool calls; vision is off
    assert len(server.requests) - len(server.llm_requests) == 3
    assert len(server.llm_requests) == 3


async def test_endpoint_with_neither_json_nor_vision_is_refused(
    make_client: ClientFactory,
) -> None:
    with ScriptedLLMServer(json_schema=False, json_object=False, vision=False) as weak:
        client = make_client(base_url=weak.base_url, vision=True)

        with pytest.raises(LLMCapabilityError) as caught:
            await client.capabilities()

        message = str(caught.value)
        assert weak.base_url in message
        assert "neither structured JSON output" in message
        assert "image input was refused" in message


async def test_complete_on_an_unusable_endpoint_raises_and_records(
    make_client: ClientFactory, records: list[CallRecord]
) -> None:
    with ScriptedLLMServer(json_schema=False, json_object=False) as weak:
        weak.add({"action": "click", "element": "e1"})
        client = make_client(base_url=weak.base_url, vision=False)

        with pytest.raises(LLMCapabilityError, match="vision is off in the LLM settings"):
            await client.complete(ask("Log in", schema=SCHEMA))

        assert not weak.llm_requests
    (record,) = records
    assert record.ok is False
    assert record.attempts == 0
    assert record.error is not None
    assert record.error.startswith("LLMCapabilityError")
