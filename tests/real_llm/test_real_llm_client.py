"""Our OpenAI-compatible client against llama.cpp's server: the probe, the request shape,
usage, and a truncated answer."""

from __future__ import annotations

import pytest
from real_llm_helpers import answer_of, is_json, real_llm_settings
from recording_proxy import RecordingProxy

from pytest_skyvern.errors import LLMResponseError
from pytest_skyvern.llm import PROBE_MARKER, LLMMessage, LLMRequest, OpenAICompatibleClient
from pytest_skyvern.llm.probe import PROBE_TOOL
from pytest_skyvern.testing.llama import LlamaServer

pytestmark = pytest.mark.real_llm

VERDICT = {
    "type": "object",
    "properties": {"reasoning": {"type": "string"}, "result": {"type": "boolean"}},
    "required": ["reasoning", "result"],
}
QUESTION = LLMRequest(
    purpose="validate",
    messages=(LLMMessage("system", "Answer in JSON. Keep the reasoning to five words."),
              LLMMessage("user", "Claim: water is wet.")),
    json_schema=VERDICT,
)


def test_the_server_is_llama_cpp_on_loopback(llama_server: LlamaServer) -> None:
    assert llama_server.address.startswith("http://127.0.0.1:")
    assert llama_server.base_url.endswith("/v1")


async def test_probe_reports_what_the_server_really_does(
    real_client: OpenAICompatibleClient, llm_proxy: RecordingProxy
) -> None:
    assert real_client.settings.vision  # so the image probe really goes out
    capabilities = await real_client.capabilities()
    assert capabilities.json_schema is True
    assert capabilities.tool_calls is False
    assert capabilities.vision is False
    probes = [e for e in llm_proxy.exchanges if PROBE_MARKER.encode() in e.body]
    images = [e for e in probes if b'"image_url"' in e.body]
    tools = [e for e in probes if PROBE_TOOL.encode() in e.body and b'"tools"' in e.body]
    # The server said no to images itself (llama.cpp: HTTP 500 for a text-only model),
    # and accepted the tool but answered in prose: both are its real behaviour.
    assert images
    assert all(e.status == 500 and b"image input is not supported" in e.response for e in images)
    assert tools
    assert all(e.status == 200 and b'"tool_calls"' not in e.response for e in tools)
    count = len(llm_proxy.exchanges)
    assert await real_client.capabilities() == capabilities
    assert len(llm_proxy.exchanges) == count  # probed once, then remembered


async def test_answers_use_json_schema_output_and_never_tools(
    real_client: OpenAICompatibleClient, llm_proxy: RecordingProxy
) -> None:
    mark = llm_proxy.mark()
    response = await real_client.complete(QUESTION)
    [exchange] = llm_proxy.chats(mark)
    sent = exchange.request_json()
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == VERDICT
    assert "tools" not in sent
    assert "tool_choice" not in sent
    assert sent["temperature"] == 0
    answer = answer_of(exchange)
    assert answer.finish_reason == "stop"
    # Grammar-enforced: whatever the model thinks, the shape is right.
    assert isinstance(response.data["result"], bool)
    assert response.data == answer.data()
    # Token counts are the server's own, not an estimate.
    assert response.usage.prompt_tokens == answer.prompt_tokens > 0
    assert response.usage.completion_tokens == answer.completion_tokens > 0


async def test_truncated_json_is_a_clear_error(
    real_base_url: str, llm_proxy: RecordingProxy
) -> None:
    mark = llm_proxy.mark()
    async with OpenAICompatibleClient(real_llm_settings(real_base_url, max_tokens=4)) as client:
        with pytest.raises(LLMResponseError, match=r"truncated at max_tokens=4 .*'length'"):
            await client.complete(QUESTION)
    [exchange] = llm_proxy.chats(mark)
    answer = answer_of(exchange)
    assert answer.finish_reason == "length"
    assert not is_json(answer.content)  # it really was a partial answer
