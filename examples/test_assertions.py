"""Assertions in plain English that replay offline: ``validate`` compiles each claim once
into a check program (a locator plus a condition), the action cache keeps the program,
and every later run decides with it, with no LLM. The verdict is never cached: a claim
that stops holding fails the test with what the check saw.
"""

from __future__ import annotations

from examples.test_ai_steps import log_in
from pytest_skyvern import SkyvernBrowserPage


async def test_the_sign_in_form_starts_empty(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.goto("/login")
    await skyvern_page.validate("we are on the login page", strict=True)  # URL matches
    assert await skyvern_page.validate("the Email field is empty")  # input value
    assert await skyvern_page.validate("the Remember me checkbox is not checked")  # checked
    await skyvern_page.validate("the Sign in button is enabled", strict=True)  # enabled
    assert not await skyvern_page.validate("the page shows 'Invalid email or password'")


async def test_the_dashboard_greets_the_user(skyvern_page: SkyvernBrowserPage,
                                            demo_password: str) -> None:
    await log_in(skyvern_page, demo_password)
    await skyvern_page.validate("the heading says 'Welcome, Demo User'", strict=True)  # text
    await skyvern_page.validate("the page shows 'Signed in as demo@example.com'", strict=True)


async def test_the_invoice_list(skyvern_page: SkyvernBrowserPage, demo_password: str) -> None:
    await log_in(skyvern_page, demo_password)
    await skyvern_page.goto("/invoices")
    await skyvern_page.validate("we are on the invoices page", strict=True)
    await skyvern_page.validate("5 invoices are listed", strict=True)  # count
    await skyvern_page.validate("the total is 5,633.24", strict=True)  # a parsed number
    await skyvern_page.validate("the page does not show 'Payment failed'", strict=True)
