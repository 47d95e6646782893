"""``skyvern_browser_session``: one persistent browser shared by many tests.

Log in once (``skyvern.login(browser_session_id=...)``) and the tests that follow run
in the same logged-in browser. The scope comes from the ini option
``skyvern_session_scope`` (default ``session``). With ``--skyvern-cdp-url`` or
``--skyvern-ws-endpoint`` the fixture connects to that browser instead of starting one.
The browser is closed at teardown whatever happened, failures and Ctrl-C included.

``skyvern_profile_page``: ``await skyvern_profile_page("name-or-id")`` opens a page in a
new context of the test's browser that starts from a saved browser profile (logged in).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, Literal

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext

from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
from pytest_skyvern.client import Skyvern
from pytest_skyvern.config import Settings
from pytest_skyvern.local.profiles import new_context_from_profile
from pytest_skyvern.sdk.models import BrowserSessionResponse

SCOPE_INI = "skyvern_session_scope"
Scope = Literal["session", "package", "module", "class", "function"]
_SCOPES: tuple[Scope, ...] = ("session", "package", "module", "class", "function")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(SCOPE_INI, default="session",
                  help="Scope of skyvern_browser_session: " + ", ".join(_SCOPES))


def session_scope(fixture_name: str, config: pytest.Config) -> Scope:
    """The ``skyvern_session_scope`` ini value, checked."""
    del fixture_name
    scope = str(config.getini(SCOPE_INI) or "session").strip()
    if scope not in _SCOPES:
        raise pytest.UsageError(f"{SCOPE_INI} = {scope!r} is not valid; use one of "
                                + ", ".join(_SCOPES))
    return scope


@pytest_asyncio.fixture(scope=session_scope, loop_scope="session")
async def skyvern_browser_session_info(
    skyvern: Skyvern, skyvern_settings: Settings,
) -> AsyncGenerator[BrowserSessionResponse, None]:
    """The session record (``browser_session_id``) behind ``skyvern_browser_session``."""
    backend = skyvern.local_backend
    if skyvern_settings.cdp_url:
        browser = await skyvern.connect_to_browser_over_cdp(skyvern_settings.cdp_url)
        record = backend.adopt_browser_session(browser)
    elif skyvern_settings.ws_endpoint:
        browser = await skyvern.connect_to_playwright_server(skyvern_settings.ws_endpoint)
        record = backend.adopt_browser_session(browser)
    else:
        record = await backend.create_browser_session()
    try:
        yield record
    finally:
        # BaseException-safe: KeyboardInterrupt unwinds through here too.
        await backend.close_browser_session(record.browser_session_id)


@pytest_asyncio.fixture(scope=session_scope, loop_scope="session")
async def skyvern_browser_session(
    skyvern: Skyvern, skyvern_browser_session_info: BrowserSessionResponse,
) -> SkyvernBrowser:
    """A ``SkyvernBrowser`` on a persistent local browser session (or the remote browser
    of ``--skyvern-cdp-url`` / ``--skyvern-ws-endpoint``)."""
    return skyvern.local_backend.session_browser(
        skyvern_browser_session_info.browser_session_id)


@pytest_asyncio.fixture(loop_scope="session")
async def skyvern_profile_page(
    browser: Browser, browser_context_args: dict[str, Any], skyvern: Skyvern,
    skyvern_settings: Settings,
) -> AsyncGenerator[Callable[[str], Awaitable[SkyvernBrowserPage]], None]:
    """A factory: ``page = await skyvern_profile_page("profile-name-or-id")`` is a page in
    a new context of the test's browser, started from that saved browser profile."""
    contexts: list[BrowserContext] = []

    async def open_page(name_or_id: str) -> SkyvernBrowserPage:
        context = await new_context_from_profile(browser, name_or_id, **browser_context_args)
        contexts.append(context)
        return await SkyvernBrowser(
            context, browser=browser, backend_factory=skyvern.backend_for,
            selector_timeout=skyvern_settings.selector_timeout, default_ai=skyvern_settings.ai,
        ).new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            await context.close()
