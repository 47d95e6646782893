"""The ``skyvern_*`` fixtures, layered on pytest-playwright-asyncio's chain.

``skyvern_page`` wraps the test's own Playwright ``page``, so pytest-playwright's
``--video``, ``--tracing``, ``--screenshot`` and ``--output`` keep working. This module
is registered as a plugin in ``pytest_configure``, after pytest-playwright-asyncio,
so its ``launch_browser`` / ``connect_options`` overrides (remote browsers) take
precedence over that plugin's while users' conftest overrides still win.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, BrowserType, Page, Playwright

from pytest_skyvern.agent.caching import ActionCacheTier
from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
from pytest_skyvern.cache.store import CACHE_KEY
from pytest_skyvern.client import Skyvern
from pytest_skyvern.config import SETTINGS_KEY, Settings
from pytest_skyvern.snapshot import install_listener_hooks, install_probe


@pytest.fixture(scope="session")
def skyvern_settings(pytestconfig: pytest.Config) -> Settings:
    """The effective pytest-skyvern configuration (CLI > ini > env > default)."""
    return pytestconfig.stash[SETTINGS_KEY]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def skyvern(
    pytestconfig: pytest.Config, skyvern_settings: Settings
) -> AsyncGenerator[Skyvern, None]:
    """The session's ``Skyvern`` client (local mode).

    Its LLM comes from the ``pytest_skyvern_llm_client`` hook if an implementation
    returns one, else from the ``--skyvern-llm-*`` settings, else there is none.
    """
    injected = pytestconfig.hook.pytest_skyvern_llm_client(
        config=pytestconfig, settings=skyvern_settings
    )
    cache = ActionCacheTier(pytestconfig.stash[CACHE_KEY])
    client = Skyvern.local(settings=skyvern_settings, llm=injected, cache=cache)
    yield client
    await client.aclose()


@pytest_asyncio.fixture(loop_scope="session")
async def skyvern_browser(
    context: BrowserContext, browser: Browser, skyvern: Skyvern, skyvern_settings: Settings
) -> SkyvernBrowser:
    """A ``SkyvernBrowser`` over the test's own browser context."""
    # No on_close: the context belongs to pytest-playwright, which closes it after
    # saving the test's video and trace.
    return SkyvernBrowser(
        context, browser=browser, backend_factory=skyvern.backend_for,
        selector_timeout=skyvern_settings.selector_timeout,
        default_ai=skyvern_settings.ai,
    )


@pytest_asyncio.fixture(loop_scope="session")
async def skyvern_page(page: Page, skyvern_browser: SkyvernBrowser) -> SkyvernBrowserPage:
    """The test's Playwright ``page`` as a ``SkyvernBrowserPage`` (same page object)."""
    return skyvern_browser.wrap(page)


@pytest_asyncio.fixture(loop_scope="session")
async def skyvern_new_page(
    skyvern_browser: SkyvernBrowser,
) -> Callable[[], Awaitable[SkyvernBrowserPage]]:
    """A factory for extra tabs in the test's context: ``page2 = await skyvern_new_page()``."""
    return skyvern_browser.new_page


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def playwright(playwright: Playwright) -> Playwright:
    """pytest-playwright's driver, with our snapshot probe registered before any page
    exists (a page only learns selector engines registered before its first query)."""
    await install_probe(playwright)
    return playwright


@pytest_asyncio.fixture(loop_scope="session")
async def new_context(
    new_context: Callable[..., Awaitable[BrowserContext]],
) -> Callable[..., Awaitable[BrowserContext]]:
    """pytest-playwright's context factory; each context gets the listener hooks before
    its first page, so the snapshot sees click handlers that page scripts add."""

    async def create(**kwargs: Any) -> BrowserContext:
        context = await new_context(**kwargs)
        await install_listener_hooks(context)
        return context

    return create


@pytest.fixture(scope="session")
def connect_options(
    connect_options: dict[str, Any] | None, skyvern_settings: Settings
) -> dict[str, Any] | None:
    """pytest-playwright's remote-browser hook, set from ``--skyvern-ws-endpoint``."""
    if skyvern_settings.ws_endpoint:
        return {"endpoint": skyvern_settings.ws_endpoint}
    return connect_options


@pytest.fixture(scope="session")
def launch_browser(
    launch_browser: Callable[..., Awaitable[Browser]],
    browser_type: BrowserType,
    skyvern_settings: Settings,
) -> Callable[..., Awaitable[Browser]]:
    """pytest-playwright's launcher, or a CDP connection with ``--skyvern-cdp-url``."""
    cdp_url = skyvern_settings.cdp_url
    if not cdp_url:
        return launch_browser

    async def connect(**kwargs: Any) -> Browser:
        del kwargs  # launch options do not apply to a running browser
        return await browser_type.connect_over_cdp(cdp_url)

    return connect
