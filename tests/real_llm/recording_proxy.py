"""A recording HTTP proxy on 127.0.0.1: every request body the model server receives
passes through here first, so a test can prove what left the process."""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from pytest_skyvern.llm import PROBE_MARKER

# Hop-by-hop headers belong to one connection and must not be forwarded.
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
               "proxy-authorization", "proxy-authenticate", "host", "content-length"}


@dataclass(frozen=True)
class Exchange:
    """One request as the upstream server received it, and what it answered."""

    method: str
    path: str
    body: bytes
    status: int
    response: bytes

    def request_json(self) -> Any:
        return json.loads(self.body)

    def response_json(self) -> Any:
        return json.loads(self.response)


class RecordingProxy:
    """Forwards ``http://127.0.0.1:<port>/...`` to ``upstream`` and records each exchange."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.hostname is None or parts.port is None:
            raise ValueError(f"upstream needs a host and port: {upstream!r}")
        self.upstream_host, self.upstream_port = parts.hostname, parts.port
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def bodies(self) -> list[bytes]:
        with self._lock:
            return [e.body for e in self.exchanges]

    def chats(self, since: int = 0) -> list[Exchange]:
        """Chat Completions exchanges from index ``since`` on, probes left out."""
        with self._lock:
            recorded = self.exchanges[since:]
        return [e for e in recorded
                if e.path.endswith("/chat/completions") and PROBE_MARKER.encode() not in e.body]

    def mark(self) -> int:
        """A position to pass to ``chats(since=...)``."""
        with self._lock:
            return len(self.exchanges)

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def _record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the openai SDK expects

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in _HOP_BY_HOP}
                # A generous timeout: one slow generation on a busy core takes a while.
                upstream = http.client.HTTPConnection(proxy.upstream_host,
                                                      proxy.upstream_port, timeout=300)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                finally:
                    upstream.close()
                proxy._record(Exchange(self.command, self.path, body, response.status, payload))
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                del format, args  # quiet: the test output is for test results

        return Handler
