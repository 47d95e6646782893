"""Configuration: CLI > ini > env > default, typed values, clear UsageErrors, redaction."""

from __future__ import annotations

import pytest

from pytest_skyvern.config import OPTIONS, resolve_settings
from pytest_skyvern.errors import ConfigurationError


def test_defaults_when_nothing_is_set() -> None:
    settings = resolve_settings({}, {}, env={})
    assert settings.cache == "auto"
    assert settings.ai == "fallback"
    assert settings.selector_timeout == 5.0
    assert settings.llm_configured is False
    assert dict(settings.sources) == {}


@pytest.mark.parametrize(
    ("cli", "ini", "env", "expected", "source"),
    [
        ("refresh", "off", "replay-only", "refresh", "cli"),
        (None, "off", "replay-only", "off", "ini"),
        (None, None, "replay-only", "replay-only", "env"),
        (None, None, None, "auto", None),
    ],
)
def test_precedence(
    cli: str | None, ini: str | None, env: str | None, expected: str, source: str | None
) -> None:
    environ = {"SKYVERN_CACHE": env} if env else {}
    settings = resolve_settings({"cache": cli}, {"cache": ini}, env=environ)
    assert settings.cache == expected
    assert settings.sources.get("cache") == source


def test_values_are_typed() -> None:
    settings = resolve_settings(
        {"selector_timeout": "2.5", "llm_vision": "true"},
        {"max_llm_calls": "7"},
        env={"SKYVERN_LLM_TEMPERATURE": "0.3"},
    )
    assert settings.selector_timeout == 2.5
    assert settings.llm_vision is True
    assert settings.max_llm_calls == 7
    assert settings.llm_temperature == 0.3


def test_openai_env_names_are_fallbacks() -> None:
    env = {"OPENAI_API_KEY": "sk-fallback", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
           "SKYVERN_LLM_MODEL": "m"}
    settings = resolve_settings({}, {}, env=env)
    assert settings.llm_api_key == "sk-fallback"
    assert settings.llm_base_url == "http://127.0.0.1:9/v1"
    assert settings.llm_configured
    env["SKYVERN_LLM_API_KEY"] = "sk-primary"
    assert resolve_settings({}, {}, env=env).llm_api_key == "sk-primary"


def test_api_keys_are_never_read_from_cli_or_ini() -> None:
    settings = resolve_settings({"llm_api_key": "sk-cli"}, {"api_key": "sk-ini"}, env={})
    assert settings.llm_api_key is None
    assert settings.api_key is None
    assert not any(s.cli_and_ini for s in OPTIONS if s.secret)


def test_secrets_stay_out_of_repr_and_header() -> None:
    settings = resolve_settings({}, {}, env={"SKYVERN_LLM_API_KEY": "sk-tripwire-123",
                                             "SKYVERN_LLM_MODEL": "gpt-4o-mini"})
    assert "sk-tripwire-123" not in repr(settings)
    header = "\n".join(settings.describe())
    assert "sk-tripwire-123" not in header
    assert "llm_api_key=*** (env)" in header


@pytest.mark.parametrize(
    ("layer", "name", "raw", "fragment"),
    [
        ("cli", "cache", "sometimes", "Valid values: auto, replay-only, refresh, off."),
        ("ini", "ai", "always", "Valid values: fallback, proactive, off."),
        ("env", "llm_vision", "maybe", "Valid values: true, false"),
        ("cli", "selector_timeout", "soon", "Expected a number."),
        ("ini", "max_llm_calls", "-1", "Expected a value of 0 or more."),
    ],
)
def test_bad_values_raise_usage_error_naming_valid_values(
    layer: str, name: str, raw: str, fragment: str
) -> None:
    cli = {name: raw} if layer == "cli" else {}
    ini = {name: raw} if layer == "ini" else {}
    env = {f"SKYVERN_{name.upper()}": raw} if layer == "env" else {}
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(cli, ini, env=env)
    assert isinstance(info.value, pytest.UsageError)
    message = str(info.value)
    assert fragment in message
    assert f"--skyvern-{name.replace('_', '-')}" in message
    assert repr(raw) in message


def test_precedence_through_a_real_pytest_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nskyvern_cache = off\nskyvern_selector_timeout = 3\n")
    pytester.makepyfile(
        """
        def test_settings(skyvern_settings):
            assert skyvern_settings.cache == "refresh"          # CLI beats ini
            assert skyvern_settings.selector_timeout == 3.0     # ini beats env
            assert skyvern_settings.llm_model == "env-model"    # env beats default
            assert skyvern_settings.sources["cache"] == "cli"
        """
    )
    monkeypatch.setenv("SKYVERN_CACHE", "replay-only")
    monkeypatch.setenv("SKYVERN_SELECTOR_TIMEOUT", "9")
    monkeypatch.setenv("SKYVERN_LLM_MODEL", "env-model")
    monkeypatch.setenv("SKYVERN_LLM_API_KEY", "sk-header-tripwire")
    result = pytester.runpytest_subprocess("--skyvern-cache=refresh", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["skyvern: cache=refresh, ai=fallback, llm: env-model at *"])
    result.stdout.fnmatch_lines(["skyvern:   cache=refresh (cli)"])
    result.stdout.fnmatch_lines(["skyvern:   llm_api_key=*** (env)"])
    assert "sk-header-tripwire" not in result.stdout.str()


def test_bad_value_is_a_usage_error_at_startup(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile("def test_never_runs(): pass")
    monkeypatch.setenv("SKYVERN_CACHE", "sometimes")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "*--skyvern-cache: invalid value 'sometimes' (from env SKYVERN_CACHE). "
        "Valid values: auto, replay-only, refresh, off.*"
    ])


def test_the_data_dir_option_moves_the_local_stores(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_where="""
        import os
        from pytest_skyvern.local.credential_store import default_key_path, default_store_path
        from pytest_skyvern.local.profiles import profile_dir

        def test_where():
            root = os.environ["SKYVERN_DATA_DIR"]
            assert root.endswith("my-stores")
            assert str(default_store_path()) == os.path.join(root, "credentials.sqlite3")
            assert str(default_key_path()) == os.path.join(root, "credential.key")
            assert str(profile_dir()) == os.path.join(root, "profiles")
    """)
    result = pytester.runpytest_subprocess("--skyvern-data-dir", "my-stores")
    result.assert_outcomes(passed=1)
