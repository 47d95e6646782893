"""Plain Playwright and selector-first calls, side by side, on the demo app.

``skyvern_page`` is the test's own Playwright page: every Playwright method works.
The selector-first calls (``click``, ``fill``, ``select_option``, ``upload_file``) try
the selector first and only use AI when it fails and a prompt was given.
"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, expect

from examples.demo_app import DEMO_USERS
from pytest_skyvern import SkyvernBrowserPage

DEMO = DEMO_USERS[0]  # demo@example.com, no two-factor step


async def test_login_with_plain_playwright(page: Page) -> None:
    await page.goto("/login")
    await page.get_by_label("Email").fill(DEMO["email"])
    await page.get_by_label("Password").fill(DEMO["password"])
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Demo User")


async def test_wrong_password_shows_an_error(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.goto("/login")
    await skyvern_page.fill("#email", DEMO["email"], prompt="the Email field")
    await skyvern_page.fill("#password", "not-the-password", prompt="the Password field")
    await skyvern_page.click("[data-testid=login-submit]", prompt="the Sign in button")
    await expect(skyvern_page.get_by_role("alert")).to_have_text("Invalid email or password")


async def test_order_form_with_selector_first_calls(
    skyvern_page: SkyvernBrowserPage, tmp_path: Path
) -> None:
    attachment = tmp_path / "purchase-order.txt"
    attachment.write_text("PO 4711\n")
    await skyvern_page.goto("/form")
    await skyvern_page.fill("#full-name", "Ada Lovelace", prompt="the Full name field")
    await skyvern_page.fill("#email", "ada@example.com", prompt="the Email field")
    await skyvern_page.select_option("#country", "Germany", prompt="the Country list")
    await skyvern_page.check("#shipping-express")
    await skyvern_page.check("#newsletter")
    await skyvern_page.fill("#delivery-date", "2026-12-24")
    await skyvern_page.upload_file("#attachment", str(attachment), prompt="the Attachment")
    await skyvern_page.click("[data-testid=order-submit]", prompt="the Submit order button")

    await expect(skyvern_page.get_by_role("heading", level=1)).to_contain_text("received")
    summary = skyvern_page.locator("dl")
    await expect(summary).to_contain_text("Ada Lovelace")
    await expect(summary).to_contain_text("Germany")
    await expect(summary).to_contain_text("purchase-order.txt")


async def test_products_and_cart(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.goto("/products")
    cards = skyvern_page.locator(".product-card")
    assert await cards.count() == 6
    await cards.first.get_by_role("button", name="Add to cart").click()
    await expect(skyvern_page.get_by_role("status")).to_contain_text("1")
