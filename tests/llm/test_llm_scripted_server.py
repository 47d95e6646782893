"""ScriptedLLMServer on its own, spoken to with plain HTTP (httpx)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pytest_skyvern.llm import PROBE_MARKER, ScriptedLLMServer


@pytest.fixture
def http(server: ScriptedLLMServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=5) as client:
        yield client


def chat(text: str, **extra: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": text}], **extra}


def content(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return str(response.json()["choices"][0]["message"]["content"])


def test_is_not_collected_as_a_test() -> None:
    assert ScriptedLLMServer.__test__ is False


def test_models_and_unknown_paths(server: ScriptedLLMServer, http: httpx.Client) -> None:
    models = http.get("/models")
    assert models.json()["data"][0]["id"] == "scripted-model"
    missing = http.post("/embeddings", json={})
    assert missing.status_code == 404
    assert server.base_url.startswith("http://127.0.0.1:")


def test_answers_in_order_with_times(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add({"n": 1}, times=1)
    server.add("second")

    answers = [content(http.post("/chat/completions", json=chat("x"))) for _ in range(3)]

    assert answers == ['{"n": 1}', "second", "second"]


def test_match_by_substring_and_predicate(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add("login", match="Log in")
    server.add("gpt-x", match=lambda body: body["model"] == "gpt-x")

    assert content(http.post("/chat/completions", json=chat("Please Log in now"))) == "login"
    other = chat("anything") | {"model": "gpt-x"}
    assert content(http.post("/chat/completions", json=other)) == "gpt-x"


def test_unmatched_request_is_a_400_with_excerpt(
    server: ScriptedLLMServer, http: httpx.Client
) -> None:
    server.add("never", match="nothing like this")

    response = http.post("/chat/completions", json=chat("Open the settings"))

    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("ScriptedLLMServer: no scripted answer matches this request")
    assert "Open the settings" in message


def test_fail_then_recover_with_retry_after(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add("ok")
    server.fail(503, retry_after=1.5)

    failed = http.post("/chat/completions", json=chat("x"))
    assert failed.status_code == 503
    assert failed.headers["retry-after"] == "1.5"
    assert content(http.post("/chat/completions", json=chat("x"))) == "ok"


def test_usage_and_model_are_echoed(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add("a" * 40)

    body = http.post("/chat/completions", json=chat("b" * 80) | {"model": "gpt-4o"}).json()

    assert body["model"] == "gpt-4o"
    assert body["usage"] == {"prompt_tokens": 20, "completion_tokens": 10, "total_tokens": 30}


def test_refuses_what_the_flags_switch_off(http: httpx.Client) -> None:
    with ScriptedLLMServer(json_schema=False, vision=False) as weak:
        schema = {"type": "json_schema", "json_schema": {"name": "a", "schema": {}}}
        image = [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}}]
        weak.add("ok")
        with httpx.Client(base_url=weak.base_url) as client:
            refused = client.post("/chat/completions", json=chat("x", response_format=schema))
            blind = client.post(
                "/chat/completions",
                json={"model": "m", "messages": [{"role": "user", "content": image}]},
            )
            allowed = client.post(
                "/chat/completions", json=chat("x", response_format={"type": "json_object"})
            )
    assert refused.status_code == 400
    assert "json_schema" in refused.json()["error"]["message"]
    assert blind.status_code == 400
    assert allowed.status_code == 200


def test_probes_are_answered_and_kept_apart(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.fail(500, times=None)  # injected failures never touch probes
    probe = {
        "model": "m",
        "messages": [
            {"role": "system", "content": f"{PROBE_MARKER}."},
            {"role": "user", "content": "Reply with JSON"},
        ],
    }

    assert content(http.post("/chat/completions", json=probe)) == '{"ok": true}'
    assert http.post("/chat/completions", json=chat("x")).status_code == 500
    assert len(server.requests) == 2
    assert [r.last_user_text for r in server.llm_requests] == ["x"]
    server.clear()
    assert server.requests == []


def test_tool_call_probe_when_tools_are_supported() -> None:
    with ScriptedLLMServer(tool_calls=True) as llm, httpx.Client(base_url=llm.base_url) as client:
        body = {
            "model": "m",
            "messages": [{"role": "system", "content": PROBE_MARKER}],
            "tools": [{"type": "function", "function": {"name": "f"}}],
            "tool_choice": {"type": "function", "function": {"name": "f"}},
        }
        choice = client.post("/chat/completions", json=body).json()["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["tool_calls"][0]["function"]["name"] == "f"


def test_fixed_answers_everything_unmatched(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add("special", match="special")
    server.fixed("I am a fixed answer")

    assert content(http.post("/chat/completions", json=chat("a special one"))) == "special"
    assert content(http.post("/chat/completions", json=chat("anything"))) == "I am a fixed answer"
    assert content(http.post("/chat/completions", json=chat("more"))) == "I am a fixed answer"


def test_latency_delays_every_answer(server: ScriptedLLMServer, http: httpx.Client) -> None:
    server.add("ok")
    server.latency = 0.2

    started = time.monotonic()
    content(http.post("/chat/completions", json=chat("x")))

    assert time.monotonic() - started >= 0.2


def test_stop_does_not_wait_for_a_slow_reply(server: ScriptedLLMServer) -> None:
    server.add("ok")
    server.slow(30)
    with httpx.Client(base_url=server.base_url, timeout=0.2) as client:
        with pytest.raises(httpx.TimeoutException):
            client.post("/chat/completions", json=chat("x"))

    started = time.monotonic()
    server.stop()

    assert time.monotonic() - started < 2
