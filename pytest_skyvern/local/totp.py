"""One-time codes for logins: from a stored TOTP secret, a pushed code, or a ``totp_url``.

Pushed codes (``send_totp_code``) are process-wide, like the secret registry: a test may
push a code from another client object or thread than the one running the login.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
import pyotp

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.sdk.models import TotpCode
from pytest_skyvern.sdk.runs import new_id, now

#: A code with less time left than this may expire between typing and submitting.
MIN_REMAINING_S = 5.0
DEFAULT_PUSH_WAIT_S = 120.0


class TotpUnavailableError(SkyvernError, TimeoutError):
    """No one-time code arrived in time (also a ``TimeoutError``)."""


async def code_from_secret(secret: str, min_remaining: float = MIN_REMAINING_S) -> str:
    """The current code of a base32 TOTP secret; waits for the next window if this one
    is about to end."""
    totp = pyotp.TOTP(secret.replace(" ", ""))
    remaining = totp.interval - (time.time() % totp.interval)
    if remaining < min_remaining:
        await asyncio.sleep(remaining + 0.05)
    return totp.now()


@dataclass
class _Pushed:
    code: TotpCode
    consumed: bool = False


class PushedCodes:
    """Codes pushed with ``send_totp_code``, waiting for a run to take them. Thread-safe."""

    def __init__(self) -> None:
        self._codes: list[_Pushed] = []
        self._lock = threading.Lock()

    def push(self, totp_identifier: str, content: str, *, task_id: str | None = None,
             workflow_id: str | None = None, workflow_run_id: str | None = None,
             source: str | None = None, expired_at: datetime | None = None) -> TotpCode:
        code = TotpCode(
            totp_code_id=new_id("totp"), totp_identifier=totp_identifier, content=content,
            code=content, task_id=task_id, workflow_id=workflow_id,
            workflow_run_id=workflow_run_id, source=source, expired_at=expired_at,
            otp_type="totp", created_at=now(),
        )
        with self._lock:
            self._codes.append(_Pushed(code))
        return code

    def take(self, totp_identifier: str) -> str | None:
        """The oldest unused, unexpired code for ``totp_identifier`` (marked used)."""
        with self._lock:
            for pushed in self._codes:
                expired = pushed.code.expired_at is not None and pushed.code.expired_at <= now()
                if pushed.code.totp_identifier == totp_identifier and not (
                        pushed.consumed or expired):
                    pushed.consumed = True
                    return pushed.code.content
        return None

    async def wait_for(self, totp_identifier: str, timeout: float = DEFAULT_PUSH_WAIT_S,  # noqa: ASYNC109
                       ) -> str:
        """Wait up to ``timeout`` seconds for a code pushed under ``totp_identifier``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            code = self.take(totp_identifier)
            if code is not None:
                return code
            if loop.time() >= deadline:
                raise TotpUnavailableError(
                    f"No one-time code was pushed for totp_identifier {totp_identifier!r} "
                    f"within {timeout:g} s; push one with "
                    f"client.send_totp_code(totp_identifier={totp_identifier!r}, content=...)."
                )
            await asyncio.sleep(0.1)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()


_PUSHED = PushedCodes()


def pushed_codes() -> PushedCodes:
    """The process-wide pushed codes."""
    return _PUSHED


async def code_from_url(totp_url: str, totp_identifier: str | None,
                        timeout: float = DEFAULT_PUSH_WAIT_S) -> str:  # noqa: ASYNC109
    """Ask ``totp_url`` for a code (POST ``{"totp_identifier": ...}``), as Skyvern does.

    The answer may be JSON with ``totp``, ``code``, ``verification_code`` or ``content``,
    or the bare code as text. An empty answer means "not yet": ask again until ``timeout``.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with httpx.AsyncClient(timeout=10.0) as http:
        while True:
            response = await http.post(totp_url, json={"totp_identifier": totp_identifier})
            response.raise_for_status()
            code = _code_in(response)
            if code:
                return code
            if loop.time() >= deadline:
                raise TotpUnavailableError(
                    f"{totp_url} gave no one-time code for totp_identifier "
                    f"{totp_identifier!r} within {timeout:g} s."
                )
            await asyncio.sleep(1.0)


def _code_in(response: httpx.Response) -> str | None:
    if "json" in response.headers.get("content-type", ""):
        data = response.json()
        if isinstance(data, dict):
            for key in ("totp", "code", "verification_code", "content"):
                if data.get(key):
                    return str(data[key]).strip()
        return None
    return response.text.strip() or None
