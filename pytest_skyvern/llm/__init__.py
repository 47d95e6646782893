"""The model boundary: a small ``LLMClient`` Protocol, the OpenAI-compatible adapter,
usage and cost records, and ``ScriptedLLMServer`` for tests.

Knows nothing of Playwright: it turns messages into answers, and that is all.
"""

from __future__ import annotations

from .base import (
    PROBE_MARKER,
    CallRecord,
    Capabilities,
    LLMClient,
    LLMMessage,
    LLMRequest,
    LLMResponse,
    Purpose,
    Usage,
)
from .guard import GUARD_ENV, check_endpoint_allowed, is_loopback_url
from .jsontext import extract_json
from .openai_client import OpenAICompatibleClient
from .pricing import PRICES_PER_MILLION, cost_usd
from .probe import clear_capability_cache
from .scripted import ScriptedLLMServer
from .scripted_rules import RecordedRequest
from .settings import LLMSettings, settings_from_env

__all__ = [
    "GUARD_ENV",
    "PRICES_PER_MILLION",
    "PROBE_MARKER",
    "CallRecord",
    "Capabilities",
    "LLMClient",
    "LLMMessage",
    "LLMRequest",
    "LLMResponse",
    "LLMSettings",
    "OpenAICompatibleClient",
    "Purpose",
    "RecordedRequest",
    "ScriptedLLMServer",
    "Usage",
    "check_endpoint_allowed",
    "clear_capability_cache",
    "cost_usd",
    "extract_json",
    "is_loopback_url",
    "settings_from_env",
]
