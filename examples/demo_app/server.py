"""DemoApp: the HTTP server lifecycle around the routes."""

from __future__ import annotations

import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import cast
from urllib.parse import parse_qs, urlsplit

from .order_form import Order
from .routes import handle
from .skin import Variant
from .state import AppState, Download, check_variant
from .wire import Request, Response

MAX_BODY_BYTES = 20 * 1024 * 1024


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow or kept-alive request never blocks stop()

    def __init__(self, address: tuple[str, int], state: AppState, log_requests: bool) -> None:
        self.state = state
        self.log_requests = log_requests
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: fewer connections in benchmarks
    server_version = "DemoShop/1.0"
    timeout = 30  # drop idle kept-alive connections

    @property
    def _server(self) -> _Server:
        return cast(_Server, self.server)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_POST(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self._server.log_requests:
            super().log_message(format, *args)

    def _read_body(self) -> bytes | Response:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return Response.text("Content-Length required", 411)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return Response.text("Bad Content-Length", 400)
        if length > MAX_BODY_BYTES:
            return Response.text("Request body too large", 413)
        return self.rfile.read(length) if length > 0 else b""

    def _answer(self, *, send_body: bool) -> None:
        body = self._read_body()
        if isinstance(body, Response):
            self.close_connection = True  # the unread body would corrupt the next request
            self._send(body, send_body)
            return
        url = urlsplit(self.path)
        request = Request(
            method="GET" if self.command == "HEAD" else self.command,
            path=url.path or "/",
            query=parse_qs(url.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        try:
            response = handle(self._server.state, request)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = Response.text("Internal server error", 500)
        self._send(response, send_body)

    def _send(self, response: Response, send_body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)


class DemoApp:
    """The demo web app on a background thread.

    ``DemoApp(port=0)`` picks a free port; ``url`` is known after ``start()``.
    ``variant`` may be switched while running and applies from the next request.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        variant: str = "a",
        *,
        log_requests: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self._state = AppState(variant)
        self._log_requests = log_requests
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def variant(self) -> Variant:
        """``"a"`` or ``"b"``: which names the pages use for ids, classes and test ids."""
        return self._state.variant

    @variant.setter
    def variant(self, value: str) -> None:
        self._state.variant = check_variant(value)

    @property
    def orders(self) -> list[Order]:
        """Accepted orders, oldest first."""
        return self._state.orders

    @property
    def downloads(self) -> list[Download]:
        """Files served, oldest first."""
        return self._state.downloads

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:8123``."""
        if self._server is None:
            raise RuntimeError("DemoApp is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._server is not None

    def start(self) -> None:
        """Bind the port and serve on a daemon thread."""
        if self._server is not None:
            raise RuntimeError("DemoApp is already running")
        server = _Server((self.host, self.port), self._state, self._log_requests)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demo-app-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def reset(self) -> None:
        """Forget orders, downloads and sessions (for a fresh state between tests)."""
        self._state.reset()

    def __enter__(self) -> DemoApp:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
