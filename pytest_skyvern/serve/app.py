"""The ASGI app of ``pytest-skyvern serve``: Skyvern's REST API over the local client.

Every route calls a public method of one ``Skyvern.local()`` client, built when the app
starts and closed when it stops, and answers with the status code and body a Skyvern
server gives (``wire``). The API key goes in the ``x-api-key`` header; a missing or
wrong one answers 403, as a Skyvern server does.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from pytest_skyvern.client import Skyvern
from pytest_skyvern.errors import ApiError, SkyvernError
from pytest_skyvern.serve.routes_browsers import ROUTES as BROWSER_ROUTES
from pytest_skyvern.serve.routes_runs import ROUTES as RUN_ROUTES
from pytest_skyvern.serve.routes_workflows import ROUTES as WORKFLOW_ROUTES
from pytest_skyvern.serve.state import Handler, ServeState


def endpoint(handler: Handler, state: ServeState) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint that runs ``handler`` and turns our errors into answers."""

    async def run(request: Request) -> Response:
        try:
            status, body = await handler(request, state)
        except ApiError as exc:
            status = exc.status_code or 500
            body = exc.body if isinstance(exc.body, dict) else {"detail": exc.body}
        except SkyvernError as exc:
            # Something the local engine cannot do (a server would have done it).
            status, body = 400, {"detail": str(exc)}
        if status == 204:
            return Response(status_code=204)
        return JSONResponse(body, status_code=status)

    return run


class _ApiKeyCheck(BaseHTTPMiddleware):
    def __init__(self, app: Any, api_key: str) -> None:
        super().__init__(app)
        self.api_key = api_key

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if not request.url.path.startswith("/v1/"):
            return await call_next(request)
        given = request.headers.get("x-api-key")
        if not given:
            return JSONResponse({"detail": "Invalid credentials"}, status_code=403)
        if not hmac.compare_digest(given, self.api_key):
            return JSONResponse({"detail": "Could not validate credentials"}, status_code=403)
        return await call_next(request)


async def _heartbeat(request: Request) -> Response:
    return PlainTextResponse("Server is running.")


async def _http_error(request: Request, exc: Exception) -> Response:
    # FastAPI's shape for an unknown path or method ({"detail": "Not Found"}), which
    # clients use to tell "no such route" from "no such object".
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


def create_app(state: ServeState) -> Starlette:
    """The app; it builds ``state.client`` (``Skyvern.local``) on start-up if unset."""
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = state.client is None
        if owned:
            state.client = Skyvern.local(settings=state.settings)
        try:
            yield
        finally:
            if owned and state.client is not None:
                await state.client.aclose()
                state.client = None

    table = [*RUN_ROUTES, *WORKFLOW_ROUTES, *BROWSER_ROUTES]
    routes = [Route(path, endpoint(handler, state), methods=[method])
              for method, path, handler in table]
    routes.append(Route("/api/v1/heartbeat", _heartbeat, methods=["GET", "HEAD"]))
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(_ApiKeyCheck, api_key=state.api_key)],
                     exception_handlers={HTTPException: _http_error})
