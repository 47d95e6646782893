"""pytest hooks of pytest-skyvern: options, configuration, report header, loop scope.

Wiring only: the logic lives in modules a test can reach through a fixture or the
public API.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest

from pytest_skyvern.browser.discovery import DISCOVERY_KEY, default_cache_root, discover_browser
from pytest_skyvern.cache import ActionCache, CacheMode
from pytest_skyvern.cache.store import CACHE_KEY
from pytest_skyvern.config import (
    DATA_DIR_ENV,
    OPTIONS,
    SETTINGS_KEY,
    SPECS,
    Settings,
    resolve_settings,
)
from pytest_skyvern.context import (
    CONTEXT_KEY,
    TestContext,
    enter_context,
    fixture_scope_name,
    leave_context,
    running_context,
    test_artifact_dir,
)
from pytest_skyvern.plugin import loopscope
from pytest_skyvern.plugin.budget import budget_marker
from pytest_skyvern.secrets import secrets

# The browser-session fixture adds its own ini option, so it loads with this plugin.
# Heal review (--skyvern-heal) applies to every test that uses the action cache.
pytest_plugins = ["pytest_skyvern.plugin.session_fixtures", "pytest_skyvern.cache.plugin"]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from pytest_skyvern.plugin import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("skyvern", "pytest-skyvern (AI browser tests)")
    for spec in OPTIONS:
        if not spec.cli_and_ini:
            continue
        help_text = f"{spec.help} [ini {spec.ini}, env {spec.env}"
        help_text += f"; default {spec.default}]" if spec.default is not None else "]"
        if spec.choices:
            help_text = f"{help_text} One of: {', '.join(spec.choices)}."
        if spec.kind == "bool":
            group.addoption(spec.flag, dest=spec.dest, default=None, nargs="?",
                            const="true", metavar="true|false", help=help_text)
        else:
            group.addoption(spec.flag, dest=spec.dest, default=None, help=help_text)
        parser.addini(spec.ini, help=spec.help, default=None)


def settings_from_config(config: pytest.Config) -> Settings:
    """Resolve the settings of this run from its CLI, ini file and environment."""
    cli: dict[str, Any] = {}
    ini: dict[str, Any] = {}
    for name, spec in SPECS.items():
        if not spec.cli_and_ini:
            continue
        cli[name] = config.getoption(spec.dest, default=None)
        ini[name] = config.getini(spec.ini)
    return resolve_settings(cli, ini)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    settings = settings_from_config(config)
    config.stash[SETTINGS_KEY] = settings
    if settings.data_dir and settings.sources.get("data_dir") in ("cli", "ini"):
        # The stores read SKYVERN_DATA_DIR when they open (as do child processes).
        os.environ[DATA_DIR_ENV] = str(Path(config.rootpath, settings.data_dir))
    config.stash[DISCOVERY_KEY] = discover_browser(
        settings.browser_executable, default_cache_root()
    )
    # Written files are masked with the shared secrets only: each entry was masked with
    # its own test's scope when recorded (see pytest_skyvern.secrets).
    config.stash[CACHE_KEY] = ActionCache(
        Path(config.rootpath, settings.cache_dir), cast(CacheMode, settings.cache),
        secrets().shared,
    )
    config.addinivalue_line(
        "markers",
        "skyvern(prompt, url=None, schema=None, expected=None, **run_task_kwargs): "
        "run an AI task for this test and assert on its output.",
    )
    config.addinivalue_line(
        "markers",
        "skyvern_budget(max_llm_calls=None, max_tokens=None, max_cost=None, action='fail'): "
        "cap this test's LLM use (overrides --skyvern-max-*).",
    )
    from pytest_skyvern.plugin import fixtures
    from pytest_skyvern.report.plugin import register as register_reporter

    # Timeline, screenshots, summary.json, the HTML report and the attachments to
    # allure / pytest-html / JUnit. `-p no:skyvern-reporter` turns it off.
    register_reporter(config)
    from pytest_skyvern.datatests.hooks import register as register_marker
    from pytest_skyvern.datatests.yamlfile import register as register_yaml

    # @pytest.mark.skyvern tests and YAML workflow test files.
    register_marker(config)
    register_yaml(config)

    # Registered now, after every entry-point plugin, so our overrides of
    # pytest-playwright's launch_browser/connect_options take precedence.
    if not config.pluginmanager.is_registered(fixtures):
        config.pluginmanager.register(fixtures, "skyvern-fixtures")
    from pytest_skyvern.plugin import playwright_compat

    # pytest-playwright-asyncio's fallback base_url fixture warns on every test.
    playwright_compat.register(config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = list(config.stash[SETTINGS_KEY].describe())
    discovery = config.stash.get(DISCOVERY_KEY, None)
    if discovery is not None and discovery.notice:
        lines.append(f"skyvern: browser: {discovery.notice}")
    return lines


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_pycollect_makeitem(
    collector: pytest.Module | pytest.Class, name: str, obj: object
) -> Generator[None, Any, None]:
    # trylast: runs inside pytest-asyncio's wrapper, so it sees the marker added here
    # when it converts the items (strict and auto mode alike).
    outcome = yield
    result = outcome.get_result()
    if not inspect.iscoroutinefunction(obj) or not result:
        return
    for item in result if isinstance(result, list) else [result]:
        if isinstance(item, pytest.Function):
            loopscope.mark_test(item)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    loopscope.mark_fixtures(items)
    for item in items:
        budget_marker(item)  # a bad marker is a usage error before anything runs


_TOKEN_KEY = pytest.StashKey[Any]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # One context per test, current until its teardown is over: the page and the agent
    # read it; reporters (their setup hooks run after this one) subscribe to its bus.
    context = TestContext.for_test(item.nodeid, str(test_artifact_dir(item)),
                                   budget_marker(item))
    item.stash[CONTEXT_KEY] = context
    item.stash[_TOKEN_KEY] = enter_context(context)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    # A module- or session-scoped fixture is set up by whichever test needs it first
    # (another one under xdist): its steps and secrets get a context of their own.
    outer = running_context() if fixturedef.scope != "function" else None
    if outer is None:
        return (yield)
    scope = fixture_scope_name(fixturedef.baseid, fixturedef.argname)
    token = enter_context(outer.for_fixture(scope))
    try:
        return (yield)
    finally:
        leave_context(token)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    token = item.stash.get(_TOKEN_KEY, None)
    if token is not None:
        leave_context(token)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.passed:
        # Entries this passing test did not use belong to steps it no longer has.
        cache = item.config.stash.get(CACHE_KEY, None)
        if cache is not None:
            cache.prune(item.nodeid)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = session.config.stash.get(CACHE_KEY, None)
    if cache is not None:
        cache.flush()
