"""A CDP connector for cloud browsers when no client supplies one (standalone use, tests)."""

from __future__ import annotations

from playwright.async_api import Playwright, async_playwright

from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser


class PlaywrightConnector:
    """Connects to CDP endpoints with its own Playwright driver; ``aclose`` stops it.

    ``Skyvern(api_key=...)`` passes its own connector instead, so pages get its AI backend.
    """

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browsers: list[SkyvernBrowser] = []

    async def __call__(self, cdp_url: str, headers: dict[str, str]) -> SkyvernBrowser:
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        browser = await self._playwright.chromium.connect_over_cdp(cdp_url, headers=headers)
        context = browser.contexts[0] if browser.contexts else await browser.new_context()
        connected = SkyvernBrowser(context, browser=browser, on_close=browser.close,
                                   cdp_url=cdp_url)
        self._browsers.append(connected)
        return connected

    async def aclose(self) -> None:
        for browser in reversed(self._browsers):
            await browser.close()
        self._browsers.clear()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
