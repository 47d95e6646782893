"""Build the engine's parts from ``Settings``: the LLM client and the budget."""

from __future__ import annotations

from typing import cast

from pytest_skyvern.agent.steps import Budget
from pytest_skyvern.config import LLM_PURPOSES, Settings
from pytest_skyvern.errors import ConfigurationError
from pytest_skyvern.llm import LLMClient, LLMSettings, OpenAICompatibleClient, Purpose


def llm_settings(settings: Settings) -> LLMSettings:
    return LLMSettings(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        model=settings.llm_model,
        temperature=settings.llm_temperature,
        role_models={cast(Purpose, p): m for p, m in settings.role_models().items()
                     if p in LLM_PURPOSES},
        vision=settings.llm_vision,
        timeout_s=settings.llm_timeout or 60.0,
        max_retries=settings.llm_max_retries,
        max_tokens=settings.llm_max_output_tokens or 2048,
    )


def build_llm(settings: Settings) -> LLMClient | None:
    """The built-in OpenAI-compatible client, or ``None`` when no LLM is configured."""
    if not settings.llm_configured:
        if settings.llm_base_url and not settings.llm_model:
            raise ConfigurationError(
                "An LLM endpoint is set (SKYVERN_LLM_BASE_URL / --skyvern-llm-base-url) but "
                "no model: set SKYVERN_LLM_MODEL or --skyvern-llm-model."
            )
        return None
    return OpenAICompatibleClient(llm_settings(settings))


def budget_from(settings: Settings) -> Budget:
    return Budget(
        max_calls=settings.max_llm_calls, max_tokens=settings.max_tokens,
        max_cost=settings.max_cost, session_max_calls=settings.session_max_llm_calls,
        session_max_tokens=settings.session_max_tokens,
        session_max_cost=settings.session_max_cost, action=settings.budget_action,
    )
