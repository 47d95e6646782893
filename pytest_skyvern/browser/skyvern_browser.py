"""``SkyvernBrowser``: a browser context whose pages are ``SkyvernBrowserPage``s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from playwright.async_api import Browser, BrowserContext, Page

from pytest_skyvern.browser.ai import AIBackend, NoAIBackend
from pytest_skyvern.browser.page import DEFAULT_SELECTOR_TIMEOUT_S, SkyvernBrowserPage

BackendFactory = Callable[[Page], AIBackend]


class SkyvernBrowser:
    """A live browser (one context of it) with AI-enabled pages.

    ``get_working_page()`` gives the most recent page (creating one if there is none),
    ``new_page()`` always opens a new tab, ``close()`` releases what this object owns:
    a launched browser is closed, a connected one (CDP, Playwright server) only
    disconnected, and a test's context is left to its fixture.
    """

    def __init__(
        self,
        context: BrowserContext,
        *,
        browser: Browser | None = None,
        backend_factory: BackendFactory | None = None,
        selector_timeout: float = DEFAULT_SELECTOR_TIMEOUT_S,
        default_ai: str = "fallback",
        on_close: Callable[[], Awaitable[None]] | None = None,
        cdp_url: str | None = None,
    ) -> None:
        self._context = context
        self._browser = browser
        self._backend_factory = backend_factory
        self._selector_timeout = selector_timeout
        self._default_ai = default_ai
        self._on_close = on_close
        self.cdp_url = cdp_url
        self.closed = False

    @property
    def browser_context(self) -> BrowserContext:
        return self._context

    @property
    def browser(self) -> Browser | None:
        return self._browser or self._context.browser

    def wrap(self, page: Page) -> SkyvernBrowserPage:
        """The ``SkyvernBrowserPage`` of a page of this browser."""
        backend = self._backend_factory(page) if self._backend_factory else NoAIBackend()
        return SkyvernBrowserPage.wrap(page, backend, selector_timeout=self._selector_timeout,
                                       default_ai=self._default_ai)

    async def get_working_page(self) -> SkyvernBrowserPage:
        """The most recently opened page that is still open, or a new one."""
        pages = [p for p in self._context.pages if not p.is_closed()]
        if pages:
            return self.wrap(pages[-1])
        return await self.new_page()

    async def new_page(self) -> SkyvernBrowserPage:
        """A new tab."""
        return self.wrap(await self._context.new_page())

    async def close(self) -> None:
        """Release the browser; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        if self._on_close is not None:
            await self._on_close()
