"""One frozen settings object, resolved once.

Precedence: CLI ``--skyvern-*`` > ini ``skyvern_*`` > env ``SKYVERN_*`` > default.

Every option is declared once in ``OPTIONS``; the plugin registers the flags and ini
keys from it and ``resolve_settings`` reads them back, so names cannot drift apart.
API keys come only from the environment (never ini files or the command line, which
land in shell history and CI logs).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

import pytest

from pytest_skyvern.errors import ConfigurationError

Kind = Literal["str", "bool", "int", "float", "choice", "path"]
Source = Literal["cli", "ini", "env", "default"]

CACHE_MODES = ("auto", "replay-only", "refresh", "off")
AI_MODES = ("fallback", "proactive", "off")
BUDGET_ACTIONS = ("fail", "warn")
HEAL_MODES = ("allow", "warn", "fail")
LLM_PURPOSES = ("act", "extract", "validate", "plan")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class OptionSpec:
    """How one setting is named everywhere and how its raw text becomes a value."""

    name: str
    kind: Kind
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    secret: bool = False
    #: Extra env names tried after ``SKYVERN_<NAME>`` (e.g. ``OPENAI_API_KEY``).
    env_fallbacks: tuple[str, ...] = ()
    #: False for secrets: read from the environment only.
    cli_and_ini: bool = True

    @property
    def flag(self) -> str:
        return "--skyvern-" + self.name.replace("_", "-")

    @property
    def ini(self) -> str:
        return "skyvern_" + self.name

    @property
    def env(self) -> str:
        return "SKYVERN_" + self.name.upper()

    @property
    def dest(self) -> str:
        return "skyvern_" + self.name


OPTIONS: tuple[OptionSpec, ...] = (
    # Browser
    OptionSpec("browser_executable", "path", None,
               "Chromium/Chrome executable to use instead of auto-discovery."),
    OptionSpec("cdp_url", "str", None,
               "Connect to a running Chromium over CDP (e.g. http://127.0.0.1:9222) "
               "instead of launching one."),
    OptionSpec("ws_endpoint", "str", None,
               "Connect to a Playwright browser server (ws://...) instead of launching one."),
    OptionSpec("selector_timeout", "float", 5.0,
               "Seconds a selector-first action waits for its selector before falling back."),
    # AI
    OptionSpec("ai", "choice", "fallback",
               "Default AI mode of selector-first actions: fallback (selector, then AI), "
               "proactive (AI first) or off (plain Playwright).", choices=AI_MODES),
    OptionSpec("llm_base_url", "str", None,
               "OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, llama.cpp).",
               env_fallbacks=("OPENAI_BASE_URL",)),
    OptionSpec("llm_model", "str", None, "Model name sent to the endpoint."),
    OptionSpec("llm_api_key", "str", None, "API key of the endpoint (environment only).",
               secret=True, env_fallbacks=("OPENAI_API_KEY",), cli_and_ini=False),
    OptionSpec("llm_temperature", "float", 0.0, "Sampling temperature."),
    OptionSpec("llm_vision", "bool", False, "Attach screenshots to LLM calls."),
    OptionSpec("llm_timeout", "float", 60.0, "Seconds before one LLM call times out."),
    OptionSpec("llm_max_retries", "int", 3, "Retries on 429, 5xx and timeouts."),
    OptionSpec("llm_max_output_tokens", "int", 2048,
               "Most tokens one LLM answer may use (small local models ramble)."),
    *(OptionSpec(f"llm_model_{p}", "str", None, f"Model for {p} calls (default: llm_model).")
      for p in LLM_PURPOSES),
    # Cache, reports, budgets
    OptionSpec("cache", "choice", "auto", "Action cache mode.", choices=CACHE_MODES),
    OptionSpec("heal", "choice", "allow",
               "What a healed cache entry (auto mode) does to its test: allow, warn (a "
               "SkyvernHealWarning) or fail (the healed cache is still written, for review "
               "in heals.md).", choices=HEAL_MODES),
    OptionSpec("cache_dir", "path", ".skyvern-cache",
               "Action cache folder (relative to the rootdir)."),
    OptionSpec("yaml_pattern", "str", "test_*.yaml test_*.yml *.skyvern.yaml *.skyvern.yml",
               "File-name globs (space- or comma-separated) of YAML workflow test files."),
    OptionSpec("data_dir", "path", None,
               "Folder of the local stores: credentials (and their key), browser profiles "
               "(default $XDG_DATA_HOME/pytest-skyvern, i.e. ~/.local/share/pytest-skyvern)."),
    OptionSpec("store_path", "path", None,
               "SQLite store of workflows and runs (default <report_dir>/skyvern.sqlite3)."),
    OptionSpec("report_dir", "path", "skyvern-report",
               "Folder for summary.json and the HTML report (relative to the rootdir)."),
    OptionSpec("screenshots", "choice", "all",
               "Before/after screenshots of AI actions in the timeline: all, failures (kept "
               "for failing tests only) or off.", choices=("all", "failures", "off")),
    OptionSpec("video_route", "choice", "auto",
               "How --video is recorded: playwright (its ffmpeg recorder), screencast (JPEG "
               "frames, encoded by an ffmpeg if one exists), frames (never encoded: an HTML "
               "flipbook) or auto (playwright when its ffmpeg is installed, else screencast).",
               choices=("auto", "playwright", "screencast", "frames")),
    OptionSpec("max_llm_calls", "int", None, "Budget: LLM calls per test."),
    OptionSpec("max_tokens", "int", None, "Budget: tokens per test."),
    OptionSpec("max_cost", "float", None, "Budget: USD per test."),
    OptionSpec("session_max_llm_calls", "int", None, "Budget: LLM calls per session."),
    OptionSpec("session_max_tokens", "int", None, "Budget: tokens per session."),
    OptionSpec("session_max_cost", "float", None, "Budget: USD per session."),
    OptionSpec("budget_action", "choice", "fail", "What a budget overrun does.",
               choices=BUDGET_ACTIONS),
    # Cloud mode
    OptionSpec("base_url", "str", None, "Skyvern server URL for cloud mode."),
    OptionSpec("api_key", "str", None, "Skyvern API key for cloud mode (environment only).",
               secret=True, cli_and_ini=False),
)

SPECS: dict[str, OptionSpec] = {spec.name: spec for spec in OPTIONS}


@dataclass(frozen=True)
class Settings:
    """The effective configuration of a pytest run. Build it with ``resolve_settings``."""

    browser_executable: str | None = None
    cdp_url: str | None = None
    ws_endpoint: str | None = None
    selector_timeout: float = 5.0
    ai: str = "fallback"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_temperature: float = 0.0
    llm_vision: bool = False
    llm_timeout: float = 60.0
    llm_max_retries: int = 3
    llm_max_output_tokens: int = 2048
    llm_model_act: str | None = None
    llm_model_extract: str | None = None
    llm_model_validate: str | None = None
    llm_model_plan: str | None = None
    cache: str = "auto"
    heal: str = "allow"
    cache_dir: str = ".skyvern-cache"
    yaml_pattern: str = "test_*.yaml test_*.yml *.skyvern.yaml *.skyvern.yml"
    data_dir: str | None = None
    store_path: str | None = None
    report_dir: str = "skyvern-report"
    screenshots: str = "all"
    video_route: str = "auto"
    max_llm_calls: int | None = None
    max_tokens: int | None = None
    max_cost: float | None = None
    session_max_llm_calls: int | None = None
    session_max_tokens: int | None = None
    session_max_cost: float | None = None
    budget_action: str = "fail"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    #: Where each value came from, for the report header.
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_model and (self.llm_base_url or self.llm_api_key))

    def role_models(self) -> dict[str, str]:
        """Per-purpose model overrides that are set."""
        models = {p: getattr(self, f"llm_model_{p}") for p in LLM_PURPOSES}
        return {p: m for p, m in models.items() if m}

    def describe(self) -> list[str]:
        """Lines for the pytest report header; secrets are redacted."""
        shown = []
        for f in fields(self):
            if f.name == "sources":
                continue
            value = getattr(self, f.name)
            source = self.sources.get(f.name, "default")
            if source == "default":
                continue
            if SPECS[f.name].secret:
                value = "***" if value else value
            shown.append(f"{f.name}={value} ({source})")
        llm = (
            f"llm: {self.llm_model} at {self.llm_base_url or 'api.openai.com'}"
            if self.llm_configured
            else "llm: none configured (cache and resolver only)"
        )
        return [f"skyvern: cache={self.cache}, ai={self.ai}, {llm}",
                *(f"skyvern:   {line}" for line in shown)]


def _convert(spec: OptionSpec, raw: Any, origin: str) -> Any:
    """Turn a raw CLI/ini/env value into the typed value, or raise a clear UsageError."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    text = raw.strip() if isinstance(raw, str) else raw

    def bad(expected: str) -> ConfigurationError:
        return ConfigurationError(
            f"{spec.flag}: invalid value {raw!r} (from {origin}). {expected}"
        )

    if spec.kind == "choice":
        if text not in spec.choices:
            raise bad("Valid values: " + ", ".join(spec.choices) + ".")
        return text
    if spec.kind == "bool":
        if isinstance(text, bool):
            return text
        lowered = str(text).lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise bad("Valid values: true, false (also 1/0, yes/no, on/off).")
    if spec.kind in ("int", "float"):
        caster: Callable[[Any], Any] = int if spec.kind == "int" else float
        try:
            number = caster(text)
        except (TypeError, ValueError):
            raise bad(f"Expected a{'n integer' if spec.kind == 'int' else ' number'}.") from None
        if number < 0:
            raise bad("Expected a value of 0 or more.")
        return number
    return str(text)


DATA_DIR_ENV = "SKYVERN_DATA_DIR"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the local stores live: ``$SKYVERN_DATA_DIR`` (which ``--skyvern-data-dir``
    and ``skyvern_data_dir`` set for the run), else ``$XDG_DATA_HOME/pytest-skyvern``,
    else ``~/.local/share/pytest-skyvern``. Read when a store is opened."""
    env = os.environ if env is None else env
    configured = env.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser().absolute()
    data_home = env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "pytest-skyvern"


def resolve_settings(
    cli: Mapping[str, Any],
    ini: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Merge the four layers. ``cli`` and ``ini`` are keyed by option name."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for spec in OPTIONS:
        layers: list[tuple[Source, str, Any]] = []
        if spec.cli_and_ini:
            layers.append(("cli", spec.flag, cli.get(spec.name)))
            layers.append(("ini", f"ini {spec.ini}", ini.get(spec.name)))
        for env_name in (spec.env, *spec.env_fallbacks):
            layers.append(("env", f"env {env_name}", env.get(env_name)))
        for source, origin, raw in layers:
            value = _convert(spec, raw, origin)
            if value is not None:
                values[spec.name] = value
                sources[spec.name] = source
                break
        else:
            values[spec.name] = spec.default
    return Settings(**values, sources=sources)


#: The run's settings, on ``config.stash`` (put there by the plugin's ``pytest_configure``).
SETTINGS_KEY = pytest.StashKey[Settings]()
