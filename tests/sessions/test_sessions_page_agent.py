"""``page.agent.login`` and ``page.agent.download_files`` in the test's own page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from playwright.async_api import expect

from examples.demo_app import DEMO_USERS
from pytest_skyvern import Skyvern, SkyvernBrowserPage


async def test_login_then_download_in_the_tests_page(
    skyvern_page: SkyvernBrowserPage, client: Skyvern, demo_url: str
) -> None:
    user = DEMO_USERS[0]
    credential = await client.create_credential(
        "demo", "password", {"username": user["email"], "password": user["password"]})
    await skyvern_page.agent.login(credential_type="skyvern",
                                   credential_id=credential.credential_id,
                                   url=f"{demo_url}/login")
    await expect(skyvern_page.get_by_role("heading", level=1)).to_have_text(
        "Welcome, Demo User")

    run = await skyvern_page.agent.download_files(
        "the CSV of invoice INV-1001", url=f"{demo_url}/invoices", download_suffix=".csv")
    assert run.status == "completed", run.failure_reason
    assert run.downloaded_files is not None
    (saved,) = run.downloaded_files
    assert saved.filename == "INV-1001.csv"
    data = Path(str(saved.path)).read_bytes()  # noqa: ASYNC240 - a small test file
    assert saved.checksum == hashlib.sha256(data).hexdigest()
    assert b"INV-1001" in data
    assert "/downloads/" in str(saved.path)
