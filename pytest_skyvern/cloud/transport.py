"""The HTTP layer of cloud mode: one ``httpx.AsyncClient`` per client, retries, error mapping.

Every non-2xx answer becomes an ``ApiError``; the statuses the SDK documents get their
own subclass on every endpoint (the official client does that on some endpoints only),
so ``except NotFoundError`` works wherever a 404 can come back.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from pytest_skyvern.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnprocessableEntityError,
)
from pytest_skyvern.sdk.models import RequestOptions

DEFAULT_BASE_URL = "https://api.skyvern.com"
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_RETRIES = 2

#: The status -> error class table of the SDK; any other status is a plain ``ApiError``.
STATUS_ERRORS: Mapping[int, Callable[[Any], ApiError]] = {
    400: BadRequestError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_MAX_DELAY_S = 8.0

Sleep = Callable[[float], Awaitable[None]]


def error_for(status_code: int, body: Any) -> ApiError:
    """The ``ApiError`` (subclass) for an HTTP status and its decoded body."""
    factory = STATUS_ERRORS.get(status_code)
    return factory(body) if factory is not None else ApiError(status_code, body)


def decode_body(response: httpx.Response) -> Any:
    """JSON when the body is JSON, else its text (None when empty)."""
    if not response.content:
        return None
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class CloudTransport:
    """Sends requests to a Skyvern server with the ``x-api-key`` header.

    Answers 429 and 5xx, and connection failures, are retried ``max_retries`` times
    with exponential backoff (``backoff * 2**n`` seconds, at most 8 s, plus up to
    ``jitter`` of it at random; a ``Retry-After`` header wins when it asks for longer).
    Connection failures after a request was sent (read errors, timeouts) are retried
    only for idempotent methods, so a POST that started a run is never sent twice.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        timeout: float | None = None,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = 0.5,
        jitter: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        user_agent: str = "pytest-skyvern",
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.max_retries = max_retries
        self.backoff = backoff
        self.jitter = jitter
        self._sleep = sleep
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"x-api-key": api_key, "user-agent": user_agent},
            timeout=DEFAULT_TIMEOUT_S if timeout is None else timeout,
            transport=transport,
        )

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        delay = min(_MAX_DELAY_S, self.backoff * 2.0**attempt)
        delay += delay * self.jitter * random.random()
        asked = _retry_after(response) if response is not None else None
        if asked is not None:
            delay = max(delay, min(asked, 60.0))
        return delay

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        files: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> httpx.Response:
        """Send with retries; return the 2xx response or raise the mapped ``ApiError``."""
        options = options or {}
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        all_headers = {**(headers or {}), **options.get("additional_headers", {})}
        max_retries = options.get("max_retries", self.max_retries)
        timeout = options.get("timeout_in_seconds")
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        attempt = 0
        while True:
            try:
                response = await self._client.request(
                    method, path, params=clean_params or None, json=json_body,
                    files=files, headers=all_headers or None, **extra,
                )
            except httpx.TransportError as exc:
                retryable = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) or (
                    method.upper() in _IDEMPOTENT
                )
                if retryable and attempt < max_retries:
                    await self._sleep(self._delay(attempt, None))
                    attempt += 1
                    continue
                raise ApiError(
                    None, f"{type(exc).__name__} on {method} {self.base_url}{path}: {exc}"
                ) from exc
            if response.status_code in RETRY_STATUSES and attempt < max_retries:
                await response.aclose()
                await self._sleep(self._delay(attempt, response))
                attempt += 1
                continue
            if response.is_success:
                return response
            raise error_for(response.status_code, decode_body(response))

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Like ``send``, and decode the body (JSON, else text, else None)."""
        return decode_body(await self.send(method, path, **kwargs))

    async def aclose(self) -> None:
        await self._client.aclose()
