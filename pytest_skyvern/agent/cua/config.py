"""Which endpoint and model each computer-use engine talks to, from the environment.

Every engine reads ``SKYVERN_<ENGINE>_BASE_URL``, ``SKYVERN_<ENGINE>_API_KEY`` and
``SKYVERN_<ENGINE>_MODEL`` (``ENGINE``: ``OPENAI_CUA``, ``ANTHROPIC_CUA``, ``UI_TARS``),
falling back to the provider's own variables (``OPENAI_API_KEY``,
``ANTHROPIC_API_KEY``, ...). API keys come only from the environment. The test guard
(``SKYVERN_LLM_LOOPBACK_ONLY=1``) refuses any endpoint not on this machine.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from pytest_skyvern.errors import ConfigurationError
from pytest_skyvern.llm import check_endpoint_allowed
from pytest_skyvern.sdk.runs import RunEngine

#: USD per 1M tokens (input, output), approximate list prices; for budgets, not billing.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "computer-use-preview": (3.00, 12.00),
    "claude-3-7-sonnet": (3.00, 15.00),
    "claude-sonnet-4": (3.00, 15.00),
    "claude-opus-4": (15.00, 75.00),
}

_DEFAULTS: dict[RunEngine, tuple[str | None, str | None, tuple[str, ...], tuple[str, ...]]] = {
    # engine: (default base URL, default model, provider base-URL vars, provider key vars)
    RunEngine.openai_cua: ("https://api.openai.com/v1", "computer-use-preview",
                           ("OPENAI_BASE_URL",), ("OPENAI_API_KEY",)),
    RunEngine.anthropic_cua: ("https://api.anthropic.com", "claude-3-7-sonnet-20250219",
                              ("ANTHROPIC_BASE_URL",), ("ANTHROPIC_API_KEY",)),
    # A self-hosted model (vLLM, ...): no default endpoint or model.
    RunEngine.ui_tars: (None, None, (), ()),
}


@dataclass(frozen=True)
class EngineEndpoint:
    """One computer-use engine's endpoint; ``extra`` holds engine-specific settings."""

    engine: RunEngine
    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    extra: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 120.0


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def endpoint_from_env(engine: RunEngine, env: Mapping[str, str] | None = None) -> EngineEndpoint:
    """The endpoint of ``engine``; raises ``ConfigurationError`` naming what is missing."""
    env = os.environ if env is None else env
    default_url, default_model, url_vars, key_vars = _DEFAULTS[engine]
    prefix = f"SKYVERN_{engine.value.upper()}_"
    base_url = _first(env, (prefix + "BASE_URL", *url_vars)) or default_url
    model = _first(env, (prefix + "MODEL",)) or default_model
    if base_url is None or model is None:
        raise ConfigurationError(
            f"engine={engine.value!r} needs an OpenAI-compatible vision endpoint: set "
            f"{prefix}BASE_URL (e.g. a vLLM server's http://127.0.0.1:8000/v1) and "
            f"{prefix}MODEL (e.g. ByteDance-Seed/UI-TARS-1.5-7B).")
    check_endpoint_allowed(base_url, env)
    extra = {k.removeprefix(prefix).lower(): v for k, v in env.items()
             if k.startswith(prefix) and k.removeprefix(prefix) not in
             {"BASE_URL", "MODEL", "API_KEY"}}
    return EngineEndpoint(engine=engine, base_url=base_url, model=model,
                          api_key=_first(env, (prefix + "API_KEY", *key_vars)), extra=extra)


def price(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """Approximate cost of one call, or ``None`` for a model not in the table."""
    name = model.lower()
    for known, (inp, out) in PRICES_PER_MILLION.items():
        if name.startswith(known):
            return (input_tokens * inp + output_tokens * out) / 1_000_000
    return None
