"""What the routes of ``pytest-skyvern serve`` share: the state and the handler type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from pytest_skyvern.client import Skyvern
from pytest_skyvern.config import Settings

#: What a route returns: a status code and a JSON-ready body (``None``: no body for 204).
Answer = tuple[int, Any]
Handler = Callable[[Request, "ServeState"], Awaitable[Answer]]


@dataclass
class ServeState:
    """What the routes share: the local client, the API key, where we are served."""

    api_key: str
    settings: Settings | None = None
    base_url: str = "http://127.0.0.1:8000"
    client: Skyvern | None = None
    #: CDP websocket URLs of local sessions, by their http endpoint.
    cdp_sockets: dict[str, str] = field(default_factory=dict)

    @property
    def skyvern(self) -> Skyvern:
        assert self.client is not None, "the app has not started"
        return self.client
