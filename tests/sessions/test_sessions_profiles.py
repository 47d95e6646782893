"""Local browser profiles: save a logged-in session, start a new browser from it."""

from __future__ import annotations

import json
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser

from examples.demo_app import DEMO_USERS
from examples.demo_app.sessions import COOKIE_NAME
from pytest_skyvern import Skyvern
from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.errors import NotFoundError, SkyvernError
from pytest_skyvern.local.profiles import PROFILE_DIR_ENV, profile_dir, profile_path
from pytest_skyvern.local.sessions import LocalBackend
from pytest_skyvern.sdk.models import BrowserProfile

REPO = Path(__file__).resolve().parents[2]
USER = DEMO_USERS[0]  # no TOTP


@pytest.fixture(autouse=True)
def profiles_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "profiles"
    monkeypatch.setenv(PROFILE_DIR_ENV, str(folder))
    return folder


async def _logged_in_profile(client: Skyvern, demo_url: str, name: str) -> BrowserProfile:
    cred = await client.create_credential("demo", "password", {
        "username": USER["email"], "password": USER["password"]})
    session = await client.create_browser_session()
    run = await client.login(credential_type="skyvern", url=f"{demo_url}/login",
                             credential_id=cred.credential_id,
                             browser_session_id=session.browser_session_id,
                             wait_for_completion=True)
    assert run.status == "completed", run.failure_reason
    profile = await client.create_browser_profile(
        name, description="demo user", browser_session_id=session.browser_session_id)
    await client.close_browser_session(session.browser_session_id)  # the profile outlives it
    return profile


async def _shows_invoices(page: SkyvernBrowserPage, demo_url: str) -> None:
    await page.goto(f"{demo_url}/invoices")
    assert page.url == f"{demo_url}/invoices"  # no redirect to /login
    assert await page.locator("table caption").inner_text() == "Invoices"


def test_default_folder_is_outside_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_DIR_ENV)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("SKYVERN_DATA_DIR", raising=False)
    assert profile_dir() == Path.home() / ".local/share/pytest-skyvern/profiles"
    monkeypatch.setenv("SKYVERN_DATA_DIR", "/srv/skyvern-data")  # --skyvern-data-dir
    assert profile_dir() == Path("/srv/skyvern-data/profiles")


async def test_a_profile_starts_a_new_browser_logged_in(
        client: Skyvern, backend: LocalBackend, demo_url: str, profiles_in_tmp: Path) -> None:
    profile = await _logged_in_profile(client, demo_url, "demo-login")
    assert profile.browser_profile_id.startswith("bp_")
    assert (profile.name, profile.description) == ("demo-login", "demo user")
    assert profile.created_at is not None

    assert [p.browser_profile_id for p in await client.list_browser_profiles()] == [
        profile.browser_profile_id]
    assert (await client.get_browser_profile(profile.browser_profile_id)) == profile

    file = profile_path(profile.browser_profile_id)
    assert file.parent == profiles_in_tmp
    assert not file.resolve().is_relative_to(REPO)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    state = json.loads(file.read_text())["storage_state"]
    [cookie] = [c for c in state["cookies"] if c["name"] == COOKIE_NAME]

    page = await backend.profile_page(profile.browser_profile_id)
    await _shows_invoices(page, demo_url)
    await page.close()
    by_name = await backend.profile_page("demo-login")
    await _shows_invoices(by_name, demo_url)

    await client.delete_browser_profile(profile.browser_profile_id)
    with pytest.raises(NotFoundError):
        await client.get_browser_profile(profile.browser_profile_id)
    with pytest.raises(NotFoundError):
        await client.delete_browser_profile(profile.browser_profile_id)
    assert await client.list_browser_profiles() == []
    [deleted] = await client.list_browser_profiles(include_deleted=True)
    assert deleted.deleted_at is not None
    assert cookie["value"] not in file.read_text()  # the secret is erased, not just hidden
    with pytest.raises(NotFoundError):
        await backend.profile_page(profile.browser_profile_id)


async def test_the_fixture_opens_a_logged_in_page_in_the_tests_browser(
        skyvern: Skyvern, demo_url: str, browser: Browser,
        skyvern_profile_page: Callable[[str], Awaitable[SkyvernBrowserPage]]) -> None:
    # The session-loop client (like `browser`); a plain Playwright login this time.
    backend = skyvern.local_backend
    session = await backend.create_browser_session()
    login = await backend.session_page(session.browser_session_id)
    await login.goto(f"{demo_url}/login")
    await login.get_by_label("Email").fill(USER["email"])
    await login.get_by_label("Password").fill(USER["password"])
    await login.get_by_role("button", name="Sign in").click()
    await login.wait_for_url(f"{demo_url}/dashboard")
    await backend.create_browser_profile("fixture-login",
                                         browser_session_id=session.browser_session_id)
    await backend.close_browser_session(session.browser_session_id)

    page = await skyvern_profile_page("fixture-login")
    assert page.context.browser is browser
    await _shows_invoices(page, demo_url)

    plain = await browser.new_page()  # the control: without the profile, /login
    await plain.goto(f"{demo_url}/invoices")
    assert "/login" in plain.url
    await plain.close()


async def test_local_profiles_come_from_sessions_only(
        client: Skyvern, backend: LocalBackend) -> None:
    with pytest.raises(SkyvernError, match=r"not available in local mode.*browser_session_id"):
        await client.create_browser_profile("x", workflow_run_id="wr_1")
    # Without a session it is an empty profile, as a Skyvern server makes one.
    empty = await client.create_browser_profile("x")
    assert (await client.get_browser_profile(empty.browser_profile_id)).name == "x"
    await client.delete_browser_profile(empty.browser_profile_id)
    with pytest.raises(NotFoundError):
        await client.create_browser_profile("x", browser_session_id="pbs_missing")
    with pytest.raises(NotFoundError):
        await client.get_browser_profile("../etc/passwd")
