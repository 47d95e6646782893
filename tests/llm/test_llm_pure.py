"""The pure parts: settings, prices, JSON extraction, backoff, request shaping, exports."""

from __future__ import annotations

import types

import pytest

import pytest_skyvern.llm as llm
from pytest_skyvern.errors import ConfigurationError
from pytest_skyvern.llm import LLMMessage, LLMSettings, cost_usd, extract_json, settings_from_env
from pytest_skyvern.llm.retry import MAX_BACKOFF_S, backoff_delay
from pytest_skyvern.llm.wire import json_schema_format, with_schema_in_prompt


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert llm.__all__ == sorted(llm.__all__, key=_isort_key)
    public = {
        name
        for name, value in vars(llm).items()
        if not name.startswith("_")
        and name != "annotations"
        and not isinstance(value, types.ModuleType)
    }
    assert public == set(llm.__all__)


def test_env_prefers_skyvern_names_over_openai_ones() -> None:
    settings = settings_from_env(
        {
            "SKYVERN_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "OPENAI_BASE_URL": "http://elsewhere/v1",
            "SKYVERN_LLM_API_KEY": "sk-skyvern",
            "OPENAI_API_KEY": "sk-openai",
            "SKYVERN_LLM_MODEL": "gpt-4o",
        }
    )
    assert (settings.base_url, settings.api_key, settings.model) == (
        "http://127.0.0.1:9/v1",
        "sk-skyvern",
        "gpt-4o",
    )


def test_env_falls_back_to_openai_names_and_ignores_blanks() -> None:
    settings = settings_from_env(
        {"SKYVERN_LLM_API_KEY": "  ", "OPENAI_API_KEY": "sk-openai", "OPENAI_BASE_URL": "u"}
    )
    assert (settings.base_url, settings.api_key, settings.model) == ("u", "sk-openai", None)
    assert not settings.is_configured
    assert settings_from_env({}) == LLMSettings()


@pytest.mark.parametrize(
    ("settings", "configured"),
    [
        (LLMSettings(base_url="http://127.0.0.1/v1", model="m"), True),
        (LLMSettings(api_key="sk", model="m"), True),
        (LLMSettings(api_key="sk"), False),
        (LLMSettings(model="m"), False),
    ],
)
def test_is_configured(settings: LLMSettings, configured: bool) -> None:
    assert settings.is_configured is configured


def test_settings_hide_the_key_and_freeze_role_models() -> None:
    roles = {"extract": "gpt-4.1"}
    settings = LLMSettings(api_key="sk-hidden", model="m", role_models=roles)  # type: ignore[arg-type]
    roles["act"] = "changed"
    assert "sk-hidden" not in repr(settings)
    assert settings.model_for("extract") == "gpt-4.1"
    assert settings.model_for("act") == "m"
    with pytest.raises(TypeError):
        settings.role_models["act"] = "x"  # type: ignore[index]


def test_bad_settings_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match=r"timeout_s must be > 0.*max_retries"):
        LLMSettings(timeout_s=0, max_retries=-1)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o", 2.50 + 10.00),
        ("gpt-4o-2024-08-06", 2.50 + 10.00),
        ("gpt-4o-mini-2024-07-18", 0.15 + 0.60),
        ("gpt-4.1-nano", 0.10 + 0.40),
        ("openai/gpt-5-mini", 0.25 + 2.00),
        ("gpt-3.5-turbo-0125", 0.50 + 1.50),
    ],
)
def test_cost_of_known_models(model: str, expected: float) -> None:
    assert cost_usd(model, 1_000_000, 1_000_000) == pytest.approx(expected)


@pytest.mark.parametrize("model", ["gpt-4o-audio-preview", "qwen2.5:7b", "scripted-model"])
def test_cost_of_unknown_models_is_none(model: str) -> None:
    assert cost_usd(model, 1000, 1000) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ("  [1, 2]\n", [1, 2]),
        ('```json\n{"a": "b"}\n```', {"a": "b"}),
        (
            'Here you go: {"a": "} not the end {", "b": [1]} and more {"c": 2}',
            {"a": "} not the end {", "b": [1]},
        ),
        ("Nothing useful {here, then [1, 2] at last", [1, 2]),
    ],
)
def test_extract_json(text: str, expected: object) -> None:
    assert extract_json(text) == expected


@pytest.mark.parametrize("text", ["no json at all", '{"a": "cut', ""])
def test_extract_json_without_json(text: str) -> None:
    with pytest.raises(ValueError, match="no JSON value"):
        extract_json(text)


def test_backoff_is_exponential_capped_and_follows_retry_after() -> None:
    assert [backoff_delay(n, 0.5, None) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]
    assert backoff_delay(20, 0.5, None) == MAX_BACKOFF_S
    assert backoff_delay(1, 0.5, 3.0) == 3.0
    assert backoff_delay(1, 0.5, 10_000) == 60.0


def test_schema_name_is_made_safe_for_openai() -> None:
    fmt = json_schema_format("extract: the order total!", {"type": "object"})
    assert fmt["json_schema"]["name"] == "extract__the_order_total_"


def test_schema_in_prompt_joins_the_first_system_message() -> None:
    messages = (LLMMessage("system", "Be brief."), LLMMessage("user", "hi"))
    merged = with_schema_in_prompt(messages, {"type": "object"})
    assert len(merged) == 2
    assert merged[0].content.startswith("Be brief.\n\nAnswer with one JSON value")
    assert merged[1] is messages[1]
