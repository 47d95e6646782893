"""engine="anthropic_cua" against a scripted Messages API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cua_pages import PASSWORD, SIGN_IN, center, signed_in

from pytest_skyvern import SkyvernBrowserPage, register_secret
from pytest_skyvern.context import current_bus
from pytest_skyvern.testing.scripted_anthropic import ScriptedAnthropicServer

pytest.importorskip("anthropic")  # the [anthropic] extra; the test extras install it

GOAL = "Sign in with the password {{password}}"


@pytest.fixture(scope="module")
def messages_server() -> Iterator[ScriptedAnthropicServer]:
    with ScriptedAnthropicServer() as server:
        yield server


@pytest.fixture
def anthropic_cua(messages_server: ScriptedAnthropicServer, monkeypatch: pytest.MonkeyPatch
                  ) -> ScriptedAnthropicServer:
    messages_server.clear()
    monkeypatch.setenv("SKYVERN_ANTHROPIC_CUA_BASE_URL", messages_server.base_url)
    monkeypatch.setenv("SKYVERN_ANTHROPIC_CUA_API_KEY", "sk-ant-test-key")
    return messages_server


async def test_a_two_step_task_completes(skyvern_page: SkyvernBrowserPage,
                                         anthropic_cua: ScriptedAnthropicServer) -> None:
    register_secret("password", PASSWORD)
    await skyvern_page.set_content(SIGN_IN)
    field, button = await center(skyvern_page, "#pw"), await center(skyvern_page, "#go")
    anthropic_cua.add_tool_use({"action": "left_click", "coordinate": list(field)},
                               "I'll click the password field.")
    anthropic_cua.add_tool_use({"action": "type", "text": "{{password}}"})
    anthropic_cua.add_tool_use({"action": "key", "text": "Tab"})
    anthropic_cua.add_tool_use({"action": "left_click", "coordinate": list(button)})
    anthropic_cua.add_text("You are signed in.")
    result = await skyvern_page.agent.run_task(GOAL, engine="anthropic_cua")
    assert result.status == "completed", result.failure_reason
    assert result.output == "You are signed in."
    assert await signed_in(skyvern_page) == f"Signed in with {len(PASSWORD)} characters"
    requests = anthropic_cua.requests
    assert len(requests) == 5
    assert "computer-use-2025-01-24" in requests[0].headers["anthropic-beta"]
    headers = requests[0].headers  # x-api-key, or a bearer token from newer SDKs
    assert "sk-ant-test-key" in headers.get("x-api-key", headers.get("authorization", ""))
    first = requests[0].body
    assert first["model"] == "claude-3-7-sonnet-20250219"
    assert first["tools"][0]["type"] == "computer_20250124"
    last = requests[-1].body["messages"]
    images = [part for m in last if m["role"] == "user" for block in m["content"]
              if block.get("type") == "tool_result" and isinstance(block["content"], list)
              for part in block["content"] if part["type"] == "image"]
    assert len(images) == 3  # older screenshots are left out of the history
    assert not [b for b in anthropic_cua.bodies() if PASSWORD in b]
    turns = [s for s in current_bus().steps if s.kind == "act"]
    assert [a.type for s in turns for a in s.actions] == ["click", "type", "key", "click"]
    assert all(s.screenshot for s in turns)


async def test_a_refused_request_fails_the_run(skyvern_page: SkyvernBrowserPage,
                                               anthropic_cua: ScriptedAnthropicServer) -> None:
    await skyvern_page.set_content(SIGN_IN)
    result = await skyvern_page.agent.run_task(GOAL, engine="anthropic_cua")  # no answers
    assert result.status == "failed"
    assert "no answer left" in (result.failure_reason or "")
