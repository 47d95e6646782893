"""The HTTP plumbing of ``ScriptedLLMServer``: a stdlib server in a daemon thread.

Separate from the script logic so that logic stays a plain function of a request,
and this file only moves bytes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol


@dataclass
class Reply:
    """What to send back, and how long to wait first."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class Responder(Protocol):
    """Turns one HTTP request into a ``Reply``; called from server threads."""

    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply: ...


class _Server(ThreadingHTTPServer):
    # Daemon threads: a handler sleeping in slow() must never keep pytest alive.
    daemon_threads = True

    def __init__(self, address: tuple[str, int], responder: Responder) -> None:
        super().__init__(address, _Handler)
        self.responder = responder
        self.stopping = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out close the socket mid-reply; that is the test working.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # One request per connection: no idle keep-alive threads left behind at stop().
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        # Silent: the test output is for test results, not an access log.
        pass

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.server.responder.respond(method, self.path, headers, raw)
        if reply.delay_s > 0 and self.server.stopping.wait(reply.delay_s):
            return  # the server is stopping: drop the reply instead of finishing a sleep
        payload = json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


class HTTPThread:
    """Serves a ``Responder`` on 127.0.0.1 from a daemon thread."""

    def __init__(self, responder: Responder, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), responder)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ScriptedLLMServer:{self.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        """The bound port (a free one when 0 was asked for)."""
        return int(self._server.server_address[1])

    def stop(self) -> None:
        """Stop serving, wake sleeping handlers, close the socket."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
