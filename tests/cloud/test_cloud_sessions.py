"""Browser sessions against the real Skyvern server, driven over CDP with our SkyvernBrowser."""

from __future__ import annotations

import pytest
from cloud_helpers import wait_until

from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
from pytest_skyvern.cloud import CloudBackend

pytestmark = pytest.mark.slow


async def test_session_create_wait_connect_drive_close(
    cloud: CloudBackend, page_url: str
) -> None:
    created = await cloud.create_browser_session(timeout=10)
    assert created.browser_session_id.startswith("pbs_")
    session = await wait_until(lambda: cloud.get_browser_session(created.browser_session_id),
                               lambda s: s.status == "running")
    assert session.browser_address
    assert session.browser_address.startswith("ws://")
    assert session.browser_session_id in {
        s.browser_session_id for s in await cloud.get_browser_sessions()}

    browser = await cloud.connect_to_cloud_browser_session(session.browser_session_id)
    try:
        assert isinstance(browser, SkyvernBrowser)
        page = await browser.get_working_page()
        assert isinstance(page, SkyvernBrowserPage)
        await page.goto(page_url)
        await page.fill("#name", "Ada")
        await page.click("#go")
        assert await page.text_content("h1") == "Hi Ada"
    finally:
        await browser.close()

    await cloud.close_browser_session(session.browser_session_id)
    closed = await cloud.get_browser_session(session.browser_session_id)
    assert closed.status != "running"
    assert session.browser_session_id not in {
        s.browser_session_id for s in await cloud.get_browser_sessions()}


async def test_launch_then_use_cloud_browser_reuses_the_session(
    cloud: CloudBackend, page_url: str
) -> None:
    launched = await cloud.launch_cloud_browser(timeout=10)
    page = await launched.get_working_page()
    await page.goto(page_url)
    assert await page.title() == "Cloud test"
    reused = await cloud.use_cloud_browser()
    try:
        # Same session browser: the page opened through the first connection is visible.
        urls = [p.url for p in reused.browser_context.pages]
        assert page_url in urls
    finally:
        await reused.close()
        await launched.close()
        for session in await cloud.get_browser_sessions():
            await cloud.close_browser_session(session.browser_session_id)
