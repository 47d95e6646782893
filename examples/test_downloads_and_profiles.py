"""Download an invoice and read it; start a test already logged in from a saved profile.

The password lives in the encrypted local credential store (outside the repository);
the login form is filled with placeholders, so the value reaches only the browser.
"""

from __future__ import annotations

import csv
from pathlib import Path

from playwright.async_api import expect

from examples.demo_app import DEMO_USERS
from pytest_skyvern import Skyvern, SkyvernBrowserPage

USER = DEMO_USERS[0]


async def demo_credential(skyvern: Skyvern) -> str:
    """The stored demo login, found by name: created the first time only."""
    for stored in await skyvern.get_credentials():
        if stored.name == "demo-user":
            return stored.credential_id
    credential = await skyvern.create_credential(
        "demo-user", "password", {"username": USER["email"], "password": USER["password"]})
    return credential.credential_id


async def test_download_an_invoice_and_check_its_total(
    skyvern: Skyvern, skyvern_page: SkyvernBrowserPage, base_url: str
) -> None:
    await skyvern_page.agent.login(credential_type="skyvern",
                                   credential_id=await demo_credential(skyvern),
                                   url=f"{base_url}/login")
    run = await skyvern_page.agent.download_files(
        "the CSV of invoice INV-1001", url=f"{base_url}/invoices", download_suffix=".csv")
    assert run.status == "completed", run.failure_reason
    assert run.downloaded_files is not None
    (invoice,) = run.downloaded_files
    rows = list(csv.reader(Path(str(invoice.path)).read_text().splitlines()))  # noqa: ASYNC240
    assert "INV-1001" in " ".join(rows[0] + rows[1])
    assert any("250.00" in cell for cell in rows[-1])  # the total row


async def test_start_from_a_saved_profile(
    skyvern: Skyvern, skyvern_profile_page, base_url: str  # type: ignore[no-untyped-def]
) -> None:
    session = await skyvern.create_browser_session(timeout=5)
    await skyvern.login(credential_type="skyvern", credential_id=await demo_credential(skyvern),
                        url=f"{base_url}/login", browser_session_id=session.browser_session_id,
                        wait_for_completion=True)
    profile = await skyvern.create_browser_profile(
        "demo-login", browser_session_id=session.browser_session_id)
    await skyvern.close_browser_session(session.browser_session_id)

    page = await skyvern_profile_page(profile.browser_profile_id)
    await page.goto(f"{base_url}/invoices")  # no login form: the profile's cookie is used
    await expect(page.get_by_role("table")).to_contain_text("INV-1001")
    await skyvern.delete_browser_profile(profile.browser_profile_id)
