"""Local browser sessions: a real Chromium per session, chained runs, timeouts, close."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from examples.demo_app import DEMO_USERS
from pytest_skyvern import Skyvern
from pytest_skyvern.errors import NotFoundError, SkyvernError
from pytest_skyvern.local.sessions import LocalBackend

INVOICE_ROWS = {"type": "array", "items": {"type": "object",
                                           "properties": {"invoice": {"type": "string"}}}}


async def test_session_is_a_chromium_with_a_loopback_cdp_endpoint(
        client: Skyvern, backend: LocalBackend) -> None:
    session = await client.create_browser_session(timeout=5)
    assert session.browser_session_id.startswith("pbs_")
    assert session.status == "running"
    assert session.timeout == 5
    assert session.started_at is not None
    assert session.created_at is not None
    assert session.browser_address is not None
    assert session.browser_address.startswith("http://127.0.0.1:")
    async with httpx.AsyncClient() as http:
        version = (await http.get(session.browser_address + "/json/version")).json()
    assert "Chrome" in version["Browser"]
    assert [s.browser_session_id for s in await client.get_browser_sessions()] == [
        session.browser_session_id]

    await client.close_browser_session(session.browser_session_id)
    closed = await client.get_browser_session(session.browser_session_id)
    assert closed.status == "closed"
    assert closed.completed_at is not None
    assert await client.get_browser_sessions() == []
    assert not Path(str(session.model_extra["user_data_dir"])).exists()  # type: ignore[index]  # noqa: ASYNC240 - a test may block
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as http:
            await http.get(session.browser_address + "/json/version")


async def test_unknown_session_is_not_found(client: Skyvern, backend: LocalBackend) -> None:
    with pytest.raises(NotFoundError, match="pbs_nope"):
        await client.get_browser_session("pbs_nope")


async def test_cloud_only_options_are_refused(client: Skyvern, backend: LocalBackend) -> None:
    with pytest.raises(SkyvernError, match="cloud mode"):
        await client.create_browser_session(extensions=["ad-blocker"])


async def test_session_closes_itself_at_its_timeout(client: Skyvern, backend: LocalBackend
                                                    ) -> None:
    session = await client.create_browser_session(timeout=0.01)  # type: ignore[arg-type]
    await asyncio.sleep(1.5)
    assert (await client.get_browser_session(session.browser_session_id)).status == "timed_out"


async def test_client_close_closes_its_sessions(backend: LocalBackend) -> None:
    client = Skyvern.local()
    session = await client.create_browser_session()
    await client.aclose()
    assert (await client.get_browser_session(session.browser_session_id)).status == "closed"


async def test_tasks_chain_in_one_session_with_the_login_kept(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    user = DEMO_USERS[0]
    cred = await client.create_credential(
        "demo", "password", {"username": user["email"], "password": user["password"]})
    session = await client.create_browser_session()
    login = await client.login(credential_type="skyvern", credential_id=cred.credential_id,
                               url=f"{demo_url}/login",
                               browser_session_id=session.browser_session_id,
                               wait_for_completion=True)
    assert login.status == "completed", login.failure_reason

    # A second task in the same session: the login is still there, so the invoices
    # link leads to the invoices (a fresh browser would be sent to /login).
    result = await client.run_task(
        "Click 'Invoices'", url=f"{demo_url}/dashboard",
        browser_session_id=session.browser_session_id, wait_for_completion=True)
    assert result.status == "completed", result.failure_reason
    page = await backend.session_page(session.browser_session_id)
    assert page.url == f"{demo_url}/invoices"
    rows = await page.extract("Extract all invoices", INVOICE_ROWS)
    assert {"invoice": "INV-1001"} in rows

    # Another client connected over CDP sees the same logged-in browser.
    assert session.browser_address is not None
    remote = await client.connect_to_browser_over_cdp(session.browser_address)
    other = await remote.new_page()
    await other.goto(f"{demo_url}/invoices")
    assert other.url == f"{demo_url}/invoices"



async def test_a_cloud_client_has_no_local_backend() -> None:
    async with Skyvern(api_key="sk-test", base_url="http://127.0.0.1:9") as cloud:
        with pytest.raises(SkyvernError, match=r"need a local client"):
            _ = cloud.local_backend
