"""The session's index.html, rendered in headless Chromium as a reader would see it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from conftest import FAILING, PASSING, Run
from pytest_skyvern.discovery import find_system_chromium


def test_report_shows_the_failing_step_first_with_its_screenshot(full_run: Run) -> None:
    index = full_run.report / "index.html"
    html = index.read_text()
    assert "base64," not in html
    assert "http://" not in html
    assert "https://" not in html
    assert index.stat().st_size < 60_000
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_system_chromium())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        tests = page.locator("details.test")
        # Failing tests come first and open; passing ones are folded.
        assert tests.nth(0).locator(":scope > summary").inner_text().startswith("failed")
        assert FAILING in tests.nth(0).locator(":scope > summary").inner_text()
        assert tests.nth(0).get_attribute("open") is not None
        assert tests.nth(1).get_attribute("open") is None
        assert PASSING in tests.nth(1).locator(":scope > summary").inner_text()
        failing = tests.nth(0)
        step = failing.locator("li.step.st-failed")
        assert step.locator(".instr").inner_text() == "Click the Checkout button"
        assert step.locator(".badge.tier-llm").first.is_visible()
        assert 'button "Order now" (0.41)' in step.inner_text()
        assert "Locator.click: Timeout 300ms exceeded." in step.inner_text()
        after = step.locator("img.after")
        after.scroll_into_view_if_needed()
        assert after.evaluate("img => img.complete && img.naturalWidth") > 0
        assert failing.locator("video").evaluate("v => v.src").endswith("video.webm")
        assert "playwright show-trace test-results/" in failing.inner_text()
        header = page.locator("header").inner_text()
        assert "4 LLM calls" in header
        assert "2612+155 tokens" in header
        shot = full_run.root / "index.png"
        page.screenshot(path=shot, full_page=True)
        browser.close()
    assert Path(shot).stat().st_size > 10_000
