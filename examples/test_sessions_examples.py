"""One login for many tests: the skyvern_browser_session fixture.

A stored credential (with its TOTP secret) logs the two-factor demo user in once; the
tests after it run in the same logged-in browser. Nothing here needs an LLM.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from examples.demo_app import DEMO_USERS, TOTP_SECRET
from pytest_skyvern import Skyvern, SkyvernBrowser
from pytest_skyvern.sdk.models import BrowserSessionResponse

INVOICES = {"type": "array", "items": {"type": "object",
                                       "properties": {"invoice": {"type": "string"}}}}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def logged_in(skyvern: Skyvern, skyvern_browser_session_info: BrowserSessionResponse,
                    demo_url: str) -> AsyncIterator[str]:
    user = DEMO_USERS[1]  # the account with two-factor authentication
    cred = await skyvern.create_credential("demo-2fa", "password", {
        "username": user["email"], "password": user["password"], "totp": TOTP_SECRET})
    run = await skyvern.login(
        credential_type="skyvern", credential_id=cred.credential_id, url=f"{demo_url}/login",
        browser_session_id=skyvern_browser_session_info.browser_session_id,
        wait_for_completion=True)
    assert run.status == "completed", run.failure_reason
    yield cred.credential_id
    await skyvern.delete_credential(cred.credential_id)


async def test_dashboard_is_open(logged_in: str, skyvern_browser_session: SkyvernBrowser,
                                 demo_url: str) -> None:
    page = await skyvern_browser_session.get_working_page()
    await page.goto(f"{demo_url}/dashboard")
    assert page.url == f"{demo_url}/dashboard"


async def test_invoices_without_logging_in_again(
        logged_in: str, skyvern_browser_session: SkyvernBrowser, demo_url: str) -> None:
    page = await skyvern_browser_session.get_working_page()
    await page.goto(f"{demo_url}/invoices")
    rows = await page.extract("Extract all invoices", INVOICES)
    assert {"invoice": "INV-1001"} in rows
