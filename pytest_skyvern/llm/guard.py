"""The test guard that refuses real (non-loopback) model endpoints.

Our own test suite sets ``SKYVERN_LLM_LOOPBACK_ONLY=1`` so a stray key in the
developer's environment can never turn a test run into paid API calls.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..errors import RealLLMCallBlocked

GUARD_ENV = "SKYVERN_LLM_LOOPBACK_ONLY"


def is_loopback_url(base_url: str) -> bool:
    """True when ``base_url`` points at localhost, 127.0.0.0/8 or ::1."""
    host = urlsplit(base_url).hostname
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guard_is_on(env: Mapping[str, str]) -> bool:
    """True when the loopback-only guard is enabled in ``env``."""
    return env.get(GUARD_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def check_endpoint_allowed(base_url: str | None, env: Mapping[str, str]) -> None:
    """Raise ``RealLLMCallBlocked`` if the guard is on and ``base_url`` is not loopback."""
    if not guard_is_on(env):
        return
    if base_url is None:
        raise RealLLMCallBlocked(
            f"{GUARD_ENV}=1 and no LLM base URL is set, which would call api.openai.com. "
            "Point SKYVERN_LLM_BASE_URL at a server on 127.0.0.1 (e.g. ScriptedLLMServer)."
        )
    if not is_loopback_url(base_url):
        raise RealLLMCallBlocked(
            f"{GUARD_ENV}=1 refuses the non-loopback LLM endpoint {base_url!r}. "
            "Use a server on 127.0.0.1 (e.g. ScriptedLLMServer), or unset the variable."
        )
