"""What the serve and webhook tests share: a page-and-webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE = ("<html><head><title>Hook test</title></head><body><h1>Hello hooks</h1>"
        "<button onclick=\"document.querySelector('h1').textContent='Clicked'\">Go</button>"
        "</body></html>")

#: What our scripted LLM answers to every task step: the goal is met.
COMPLETE = json.dumps({"status": "complete", "reasoning": "The goal is achieved."})


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Serves ``PAGE`` on GET; records POSTs, answering ``fail_status`` to the first
    ``failures`` of them."""

    base_url: str = ""
    failures: int = 0
    fail_status: int = 500
    deliveries: list[Delivery] = field(default_factory=list)
    attempts: int = 0

    def wait_for(self, count: int, within_s: float = 30) -> list[Delivery]:
        deadline = time.monotonic() + within_s
        while len(self.deliveries) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.deliveries)


@contextmanager
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE.encode())

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            state.attempts += 1
            if state.attempts <= state.failures:
                self.send_response(state.fail_status)
                self.end_headers()
                return
            state.deliveries.append(Delivery(self.path, dict(self.headers.items()), body))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
