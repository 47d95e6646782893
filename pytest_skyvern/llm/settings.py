"""LLM endpoint settings, and the pure reading of them from environment variables.

The plugin's config module merges these with CLI and ini values; this module never
touches ``os.environ`` itself so that merging stays testable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import ConfigurationError
from .base import Purpose


@dataclass(frozen=True)
class LLMSettings:
    """How to reach one OpenAI-compatible endpoint and how to call it."""

    base_url: str | None = None
    # repr=False: settings end up in tracebacks and report headers; the key must not.
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    temperature: float = 0.0
    # hash=False: a mapping is not hashable, and (base_url, model) identify an endpoint.
    role_models: Mapping[Purpose, str] = field(default_factory=dict, hash=False)
    vision: bool = False
    timeout_s: float = 60.0
    max_retries: int = 3
    backoff_s: float = 0.5
    max_tokens: int = 2048

    def __post_init__(self) -> None:
        # A frozen dataclass would still let a caller mutate the dict they passed in.
        object.__setattr__(self, "role_models", MappingProxyType(dict(self.role_models)))
        problems = []
        if self.timeout_s <= 0:
            problems.append(f"timeout_s must be > 0, got {self.timeout_s}")
        if self.max_retries < 0:
            problems.append(f"max_retries must be >= 0, got {self.max_retries}")
        if self.backoff_s < 0:
            problems.append(f"backoff_s must be >= 0, got {self.backoff_s}")
        if self.max_tokens <= 0:
            problems.append(f"max_tokens must be > 0, got {self.max_tokens}")
        if not 0.0 <= self.temperature <= 2.0:
            problems.append(f"temperature must be between 0 and 2, got {self.temperature}")
        if problems:
            raise ConfigurationError("invalid LLM settings: " + "; ".join(problems))

    @property
    def is_configured(self) -> bool:
        """True when there is an endpoint (a base URL or an API key) and a model."""
        return bool((self.base_url or self.api_key) and self.model)

    def model_for(self, purpose: Purpose) -> str | None:
        """The model for ``purpose``: its override if set, else the default model."""
        return self.role_models.get(purpose) or self.model


def _first(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def settings_from_env(env: Mapping[str, str]) -> LLMSettings:
    """Read ``SKYVERN_LLM_*`` variables, falling back to the ``OPENAI_*`` ones.

    Pure: pass ``os.environ`` (or any mapping). Empty values count as unset.
    """
    return LLMSettings(
        base_url=_first(env, "SKYVERN_LLM_BASE_URL", "OPENAI_BASE_URL"),
        api_key=_first(env, "SKYVERN_LLM_API_KEY", "OPENAI_API_KEY"),
        model=_first(env, "SKYVERN_LLM_MODEL"),
    )
