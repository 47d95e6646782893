"""A headless Chromium for the extraction tests, shared by the whole session.

Kept local to ``tests/resolve`` (not the project fixtures) so these tests run with the
plugin disabled: ``-p no:skyvern -p no:playwright``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

CHROMIUM = "/usr/lib/chromium/chromium"


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def resolve_browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        await browser.close()


@pytest_asyncio.fixture(loop_scope="session")
async def resolve_page(resolve_browser: Browser) -> AsyncIterator[Page]:
    context = await resolve_browser.new_context()
    page = await context.new_page()
    yield page
    await context.close()
