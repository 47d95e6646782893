"""Fixtures in a child pytest run, and the client's browser connections (CDP, server)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_skyvern import Skyvern, SkyvernBrowserPage
from pytest_skyvern.browser.discovery import default_cache_root, discover_browser, find_free_port


def test_fixtures_in_a_child_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from playwright.async_api import Page
        from pytest_skyvern import Skyvern, SkyvernBrowser, SkyvernBrowserPage

        async def test_skyvern_page_is_the_tests_page(skyvern_page, page):
            assert isinstance(skyvern_page, Page)
            assert isinstance(skyvern_page, SkyvernBrowserPage)
            await page.set_content("<h1>Same page</h1>")
            assert await skyvern_page.inner_text("h1") == "Same page"
            # Playwright itself now hands out the AI page.
            assert page.context.pages == [skyvern_page]

        async def test_browser_and_new_pages(skyvern_browser, skyvern_new_page, skyvern_page,
                                             skyvern):
            assert isinstance(skyvern_browser, SkyvernBrowser)
            assert isinstance(skyvern, Skyvern) and skyvern.is_local
            assert await skyvern_browser.get_working_page() is skyvern_page
            extra = await skyvern_new_page()
            assert isinstance(extra, SkyvernBrowserPage) and extra is not skyvern_page
            assert await skyvern_browser.get_working_page() is extra
            assert len(skyvern_page.context.pages) == 2

        def test_sync_tests_still_work(skyvern_settings):
            assert skyvern_settings.ai == "fallback"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--video=on",
                                           "--output=out")
    result.assert_outcomes(passed=3)
    videos = sorted((pytester.path / "out").rglob("*.webm"))
    # One video for the first test's page, two for the second's pages.
    assert len(videos) == 3
    assert all(v.stat().st_size > 0 for v in videos)


@pytest.fixture(scope="module")
def chromium_with_cdp() -> Iterator[str]:
    """A Chromium started by the test with --remote-debugging-port on 127.0.0.1."""
    found = discover_browser(None, default_cache_root())
    executable = found.executable or _playwright_executable()
    port = find_free_port()
    profile = tempfile.mkdtemp(prefix="cdp-profile-")
    proc = subprocess.Popen(  # its own process group: all of Chromium goes at teardown
        [executable, "--headless", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--disable-background-networking",
         f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started with ``start_new_session=True`` and all its children."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _group_gone(pgid: int, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _playwright_executable() -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        return pw.chromium.executable_path


def _wait_for_port(port: int, timeout_s: float = 15.0) -> None:
    import socket

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


async def test_connect_to_browser_over_cdp(chromium_with_cdp: str) -> None:
    async with Skyvern.local() as client:
        browser = await client.connect_to_browser_over_cdp(chromium_with_cdp)
        page = await browser.get_working_page()
        assert isinstance(page, SkyvernBrowserPage)
        await page.set_content("<button onclick=\"this.textContent='done'\">Go</button>")
        await page.click("text=Go")
        assert await page.inner_text("button") == "done"
        await browser.close()
        assert browser.closed


def test_cdp_url_option_drives_pytest_playwright_page(
    pytester: pytest.Pytester, chromium_with_cdp: str
) -> None:
    pytester.makepyfile(
        """
        async def test_remote(skyvern_page, browser):
            # The session browser is the one the test started, not a launched one.
            assert browser.contexts[0].pages[0].url == "about:blank"
            await skyvern_page.set_content("<p>over cdp</p>")
            assert await skyvern_page.inner_text("p") == "over cdp"
        """
    )
    result = pytester.runpytest_subprocess(
        f"--skyvern-cdp-url={chromium_with_cdp}", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)


async def test_launch_local_browser_exposes_cdp() -> None:
    async with Skyvern.local() as client:
        browser = await client.launch_local_browser(headless=True, port=0)
        assert browser.cdp_url is not None
        assert browser.cdp_url.startswith("http://127.0.0.1:")
        page = await browser.get_working_page()
        await page.set_content("<title>launched</title>")
        # A second client sees the same page through the CDP endpoint.
        async with Skyvern.local() as other:
            remote = await other.connect_to_browser_over_cdp(browser.cdp_url)
            titles = [await p.title() for p in remote.browser_context.pages]
            assert "launched" in titles
    assert browser.closed


def test_ws_endpoint_option_uses_a_playwright_server(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    found = discover_browser(None, default_cache_root())
    port = find_free_port()
    config = {"port": port, "host": "127.0.0.1", "wsPath": "skyvern-test",
              "headless": True}
    if found.executable:
        config["executablePath"] = found.executable
    (tmp_path / "server.json").write_text(json.dumps(config))
    server = subprocess.Popen(
        [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium",
         "--config", str(tmp_path / "server.json")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
        # `python -m playwright` runs the node driver as a child: stop the whole group,
        # or the driver and its Chromium outlive the test.
        start_new_session=True,
    )
    try:
        _wait_for_port(port)
        pytester.makepyfile(
            """
            async def test_remote(skyvern_page):
                await skyvern_page.set_content("<p>via server</p>")
                assert await skyvern_page.inner_text("p") == "via server"
            """
        )
        result = pytester.runpytest_subprocess(
            f"--skyvern-ws-endpoint=ws://127.0.0.1:{port}/skyvern-test",
            "-p", "no:cacheprovider",
        )
        result.assert_outcomes(passed=1)
    finally:
        _stop_group(server)
    assert _group_gone(server.pid), "the Playwright server or its Chromium outlived the test"

