"""Browser fixtures for the snapshot tests (until the plugin's own fixtures land)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from pytest_skyvern.snapshot import install_listener_hooks, install_probe

PAGES = Path(__file__).parent.parent / "pages"
CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture
def pages_dir() -> Path:
    return PAGES


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        await install_probe(playwright)
        launched = await playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    await install_listener_hooks(context)
    new_page = await context.new_page()
    yield new_page
    await context.close()
