"""``ScriptedLLMServer``: a real OpenAI-compatible HTTP server on 127.0.0.1 for tests.

Shipped in the package so users test their own AI steps the way we test ours: the
real ``openai`` client talks real HTTP, and only the model's answers are scripted.

    with ScriptedLLMServer() as llm:
        llm.add({"action": "click", "element": "e3"}, match="Log in")
        llm.fail(429, retry_after=0.1)      # the next call is rate-limited once
        ...                                  # point SKYVERN_LLM_BASE_URL at llm.base_url
        assert len(llm.llm_requests) == 1

Capability probes (see ``PROBE_MARKER``) are answered on their own, consistently
with the flags given to the constructor, and are never hit by injected failures.
"""

from __future__ import annotations

import json
import threading
import time
from types import TracebackType
from typing import Any

from .scripted_http import HTTPThread, Reply
from .scripted_rules import (
    Answer,
    Delay,
    Failure,
    Mangle,
    Match,
    RecordedRequest,
    Script,
    image_count,
)

_IMAGE_TOKENS = 85  # what OpenAI bills for one low-detail image


def _error(status: int, message: str, code: str | None = None, param: str | None = None) -> Reply:
    kind = "invalid_request_error" if status < 500 else "server_error"
    return Reply(
        status, {"error": {"message": message, "type": kind, "param": param, "code": code}}
    )


class ScriptedLLMServer:
    """An OpenAI-compatible Chat Completions server that answers from a script."""

    __test__ = False  # not a test class, whatever pytest's name matching thinks

    def __init__(
        self,
        *,
        json_schema: bool = True,
        json_object: bool = True,
        vision: bool = True,
        tool_calls: bool = False,
        model: str = "scripted-model",
        api_key: str | None = None,
        latency: float = 0.0,
    ) -> None:
        self.json_schema = json_schema
        self.json_object = json_object
        self.vision = vision
        self.tool_calls = tool_calls
        self.model = model
        self.api_key = api_key  # when set, other bearer tokens get a 401
        #: Seconds added before every reply, probes included.
        self.latency = latency
        self._lock = threading.RLock()  # re-entrant: a match predicate may read .requests
        self._script = Script()
        self._requests: list[RecordedRequest] = []
        self._http: HTTPThread | None = None
        self._ids = 0

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> ScriptedLLMServer:
        """Start serving on a free port (idempotent)."""
        if self._http is None:
            self._http = HTTPThread(self)
        return self

    def stop(self) -> None:
        """Stop serving; replies still sleeping in a delay are dropped."""
        if self._http is not None:
            self._http.stop()
            self._http = None

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        if self._http is None:
            raise RuntimeError("ScriptedLLMServer is not started; call start() first")
        return self._http.port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``, for ``SKYVERN_LLM_BASE_URL``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def __repr__(self) -> str:
        where = self.base_url if self._http is not None else "not started"
        return f"ScriptedLLMServer({where})"

    # -- scripting -------------------------------------------------------------------

    def add(
        self,
        answer: dict[str, Any] | list[Any] | str,
        *,
        match: Match = None,
        times: int | None = None,
        finish_reason: str = "stop",
    ) -> None:
        """Script an answer: dicts and lists are sent as JSON text, strings as they are.

        Answers are tried in the order added; ``times`` caps how often one is used.
        """
        content = answer if isinstance(answer, str) else json.dumps(answer)
        with self._lock:
            self._script.answers.append(Answer(match, times, content, finish_reason))

    def fixed(self, text: str) -> None:
        """Answer every request that no ``add`` matches with ``text``."""
        with self._lock:
            self._script.fixed = text

    def fail(
        self,
        status: int,
        times: int | None = 1,
        match: Match = None,
        body: dict[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests (all if None) with HTTP ``status``."""
        with self._lock:
            self._script.failures.append(Failure(match, times, status, body, retry_after))

    def slow(self, seconds: float, times: int | None = None, match: Match = None) -> None:
        """Wait ``seconds`` before answering matching requests (forever if times is None)."""
        with self._lock:
            self._script.delays.append(Delay(match, times, seconds))

    def malformed(self, times: int = 1) -> None:
        """Answer 200 with content that is not JSON."""
        with self._lock:
            self._script.mangles.append(Mangle(None, times, "malformed"))

    def truncate(self, times: int = 1) -> None:
        """Answer with cut-off JSON and ``finish_reason`` "length"."""
        with self._lock:
            self._script.mangles.append(Mangle(None, times, "truncate"))

    def reset(self) -> None:
        """Forget the script (answers, failures, delays) and the recorded requests."""
        with self._lock:
            self._script = Script()
            self._requests.clear()

    # -- what was received -----------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, probes included, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def llm_requests(self) -> list[RecordedRequest]:
        """Chat requests that were not capability probes."""
        return [r for r in self.requests if r.path.endswith("/chat/completions") and not r.is_probe]

    def clear(self) -> None:
        """Forget the recorded requests (the script stays)."""
        with self._lock:
            self._requests.clear()

    # -- answering (called from server threads) ----------------------------------------

    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        """The reply to one HTTP request. Public so the script can be unit-tested."""
        route = path.split("?", 1)[0].rstrip("/")
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return _error(400, "ScriptedLLMServer: the request body is not JSON")
        if not isinstance(body, dict):
            body = {"value": body}
        request = RecordedRequest(method, path, body, headers)
        with self._lock:
            self._requests.append(request)
            reply = self._route(method, route, request)
        reply.delay_s += self.latency
        return reply

    def _route(self, method: str, route: str, request: RecordedRequest) -> Reply:
        if self.api_key is not None and request.headers.get("authorization") != (
            f"Bearer {self.api_key}"
        ):
            return _error(401, "Incorrect API key provided.", code="invalid_api_key")
        if method == "GET" and route.endswith("/models"):
            model = {"id": self.model, "object": "model", "created": 0, "owned_by": "scripted"}
            return Reply(200, {"object": "list", "data": [model]})
        if method == "POST" and route.endswith("/chat/completions"):
            if request.is_probe:
                return self._refusal(request) or self._probe_answer(request)
            return self._chat(request)
        return _error(404, f"ScriptedLLMServer: no route for {method} {route}", "not_found")

    def _chat(self, request: RecordedRequest) -> Reply:
        script = self._script
        delay = next((d for d in script.delays if d.applies(request)), None)
        extra = 0.0
        if delay is not None:
            delay.use()
            extra = delay.seconds
        reply = self._failure(request) or self._refusal(request) or self._scripted(request)
        reply.delay_s += extra
        return reply

    def _failure(self, request: RecordedRequest) -> Reply | None:
        failure = next((f for f in self._script.failures if f.applies(request)), None)
        if failure is None:
            return None
        failure.use()
        reply = _error(failure.status, f"ScriptedLLMServer: injected HTTP {failure.status}")
        if failure.body is not None:
            reply.body = failure.body
        if failure.retry_after is not None:
            reply.headers["Retry-After"] = f"{failure.retry_after:g}"
        return reply

    def _refusal(self, request: RecordedRequest) -> Reply | None:
        """A 400 like a real server's for features the flags switch off."""
        response_format = request.body.get("response_format")
        kind = response_format.get("type") if isinstance(response_format, dict) else None
        if kind == "json_schema" and not self.json_schema:
            return _error(
                400,
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
                "with this model.",
                param="response_format",
            )
        if kind == "json_object" and not self.json_object:
            return _error(
                400,
                "Invalid parameter: 'response_format' of type 'json_object' is not supported "
                "with this model.",
                param="response_format",
            )
        if image_count(request.body) and not self.vision:
            return _error(400, "Invalid content type. image_url is not supported by this model.")
        if request.body.get("tools") and not self.tool_calls:
            return _error(400, "tools are not supported by this model.", param="tools")
        return None

    def _scripted(self, request: RecordedRequest) -> Reply:
        answer = next((a for a in self._script.answers if a.applies(request)), None)
        mangle = next((m for m in self._script.mangles if m.applies(request)), None)
        if mangle is not None:
            # Mangling replaces one reply; the scripted answer stays for the retry.
            mangle.use()
            if mangle.kind == "malformed":
                return self._completion(request, "Sure! The button you want says Submit.")
            source = answer.content if answer else '{"answer": "this answer was cut off'
            return self._completion(request, source[: max(1, len(source) // 2)], "length")
        if answer is not None:
            answer.use()
            return self._completion(request, answer.content, answer.finish_reason)
        if self._script.fixed is not None:
            return self._completion(request, self._script.fixed)
        excerpt = request.last_user_text[:200]
        return _error(
            400,
            "ScriptedLLMServer: no scripted answer matches this request; "
            f"last user message: {excerpt!r}",
            code="no_scripted_answer",
        )

    def _probe_answer(self, request: RecordedRequest) -> Reply:
        if request.body.get("tools"):
            choice = request.body.get("tool_choice")
            name = choice["function"]["name"] if isinstance(choice, dict) else "probe"
            call = {
                "id": "call_scripted_probe",
                "type": "function",
                "function": {"name": name, "arguments": '{"ok": true}'},
            }
            return self._completion(request, None, "tool_calls", tool_calls=[call])
        return self._completion(request, '{"ok": true}')

    def _completion(
        self,
        request: RecordedRequest,
        content: str | None,
        finish_reason: str = "stop",
        tool_calls: list[dict[str, Any]] | None = None,
    ) -> Reply:
        self._ids += 1
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        if tool_calls:
            message["tool_calls"] = tool_calls
        prompt_tokens = max(1, len(request.text) // 4) + _IMAGE_TOKENS * image_count(request.body)
        completion_tokens = max(1, len(content or "") // 4)
        return Reply(
            200,
            {
                "id": f"chatcmpl-scripted-{self._ids}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.model or self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "finish_reason": finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )
