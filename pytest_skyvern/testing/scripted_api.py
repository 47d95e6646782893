"""The base of the scripted provider servers the computer-use engines are tested on.

Each subclass speaks one provider's API on 127.0.0.1 (the Responses API, Anthropic
Messages, vision chat completions), answers from a queue of scripted turns in the
shapes of the provider's public docs, checks each request as strictly as the
provider does where a mistake would matter (a wrong call id, an unacknowledged
safety check), and keeps every raw request body, so a test can show a secret never
left the process.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from pytest_skyvern.llm.scripted_http import HTTPThread, Reply


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the server got it."""

    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw or b"{}")


class ScriptedAPIServer:
    """Answers POSTs to ``path`` from a queue; ``answer`` is the subclass's."""

    __test__ = False
    path = "/"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: deque[dict[str, Any]] = deque()
        self._ids = itertools.count(1)
        self.requests: list[ReceivedRequest] = []
        self._http = HTTPThread(self)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._http.port}"

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):024x}"

    def enqueue(self, answer: dict[str, Any]) -> None:
        with self._lock:
            self._answers.append(answer)

    def bodies(self) -> list[str]:
        """Every request body received, as text."""
        with self._lock:
            return [r.raw.decode("utf-8", "replace") for r in self.requests]

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self.requests.clear()

    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        with self._lock:
            self.requests.append(ReceivedRequest(path, headers, raw))
            if method != "POST" or path.split("?")[0] != self.path:
                return self.error(404, f"no route {method} {path}")
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self.error(400, "the body is not JSON")
            problem = self.check(body)
            if problem is not None:
                return self.error(400, problem)
            if not self._answers:
                return self.error(400, "the scripted server has no answer left")  # 400: no retries
            return Reply(200, self.answer(body, self._answers.popleft()))

    # ---------------------------------------------------------------- subclasses
    def check(self, body: dict[str, Any]) -> str | None:
        """What the provider would refuse in ``body`` (a 400), or ``None``."""
        return None

    def answer(self, body: dict[str, Any], scripted: dict[str, Any]) -> dict[str, Any]:
        """The provider's response to ``body``, built from the next scripted turn."""
        raise NotImplementedError

    def error(self, status: int, message: str) -> Reply:
        return Reply(status, {"error": {"message": message, "type": "invalid_request_error",
                                        "param": None, "code": None}})

    # ---------------------------------------------------------------- lifecycle
    def stop(self) -> None:
        self._http.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
