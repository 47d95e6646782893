"""The session's index.html, rendered in headless Chromium as a reader would see it."""

from __future__ import annotations

from playwright.async_api import Page

from conftest import FAILING, PASSING, Run


async def test_report_shows_the_failing_step_first_with_its_screenshot(full_run: Run,
                                                                       page: Page) -> None:
    index = full_run.report / "index.html"
    html = index.read_text()
    assert "base64," not in html
    assert "http://" not in html
    assert "https://" not in html
    assert index.stat().st_size < 60_000
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto(index.as_uri())
    await page.wait_for_load_state("load")
    tests = page.locator("details.test")
    # Failing tests come first and open; passing ones are folded.
    first_summary = await tests.nth(0).locator(":scope > summary").inner_text()
    assert first_summary.startswith("failed")
    assert FAILING in first_summary
    assert await tests.nth(0).get_attribute("open") is not None
    assert await tests.nth(1).get_attribute("open") is None
    assert PASSING in await tests.nth(1).locator(":scope > summary").inner_text()
    failing = tests.nth(0)
    step = failing.locator("li.step.st-failed")
    assert await step.locator(".instr").inner_text() == "Click the Checkout button"
    assert await step.locator(".badge.tier-llm").first.is_visible()
    assert 'button "Order now" (0.41)' in await step.inner_text()
    assert "Locator.click: Timeout 300ms exceeded." in await step.inner_text()
    after = step.locator("img.after")
    await after.scroll_into_view_if_needed()
    assert await after.evaluate("img => img.complete && img.naturalWidth") > 0
    assert (await failing.locator("video").evaluate("v => v.src")).endswith("video.webm")
    assert "playwright show-trace test-results/" in await failing.inner_text()
    header = await page.locator("header").inner_text()
    assert "4 LLM calls" in header
    assert "2612+155 tokens" in header
    shot = full_run.root / "index.png"
    await page.screenshot(path=shot, full_page=True)
    assert len(shot.read_bytes()) > 10_000
