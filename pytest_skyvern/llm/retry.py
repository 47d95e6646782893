"""Bounded retries with exponential backoff for calls made through the openai SDK.

The SDK's own retries are switched off (``max_retries=0``) so that this module is the
only place that decides, and every final failure still carries its attempt count.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import openai

T = TypeVar("T")

#: Longest sleep between two attempts, whatever the exponent says.
MAX_BACKOFF_S = 30.0
#: Longest Retry-After we honour; a server asking for more is treated as down.
MAX_RETRY_AFTER_S = 60.0


class SendFailed(Exception):
    """An SDK error that ended the retry loop, with how many attempts were made."""

    def __init__(self, error: openai.OpenAIError, attempts: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.attempts = attempts


def is_retryable(error: openai.OpenAIError) -> bool:
    """429, 5xx, timeouts and connection errors are worth another try; the rest are not."""
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code == 429 or error.status_code >= 500
    return False


def retry_after_s(error: openai.OpenAIError) -> float | None:
    """The delay a 429/503 asked for (``retry-after-ms`` or ``retry-after``), if any."""
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def backoff_delay(attempt: int, backoff_s: float, retry_after: float | None) -> float:
    """Sleep before attempt ``attempt + 1``: Retry-After if given, else exponential."""
    if retry_after is not None:
        return min(retry_after, MAX_RETRY_AFTER_S)
    # No jitter: one pytest process rarely has concurrent calls to one endpoint, and
    # deterministic delays keep timing-sensitive tests stable.
    return float(min(backoff_s * (2 ** (attempt - 1)), MAX_BACKOFF_S))


async def with_retries(
    send: Callable[[], Awaitable[T]], *, max_retries: int, backoff_s: float
) -> tuple[T, int]:
    """Run ``send`` until it succeeds or the bound is hit; return (result, attempts).

    Raises ``SendFailed`` wrapping the last SDK error.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return await send(), attempt
        except openai.OpenAIError as error:
            if attempt > max_retries or not is_retryable(error):
                raise SendFailed(error, attempt) from error
            delay = backoff_delay(attempt, backoff_s, retry_after_s(error))
        await asyncio.sleep(delay)
