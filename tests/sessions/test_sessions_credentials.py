"""Credentials encrypted at rest, TOTP (stored secret, pushed code, timeout), login."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from examples.demo_app import DEMO_USERS, TOTP_SECRET
from pytest_skyvern import Skyvern
from pytest_skyvern.errors import NotFoundError, SkyvernError
from pytest_skyvern.local.sessions import LocalBackend
from pytest_skyvern.local.totp import code_from_secret

TOTP_USER = DEMO_USERS[1]


async def test_credentials_are_encrypted_at_rest_and_never_echoed(
        client: Skyvern, backend: LocalBackend, private_stores: Path) -> None:
    created = await client.create_credential(
        "shop", "password",
        {"username": "ann@example.com", "password": "pw-tripwire-7731", "totp": TOTP_SECRET})
    assert created.credential_id.startswith("cred_")
    assert created.credential.username == "ann@example.com"
    assert created.credential.has_totp is True
    dumped = created.model_dump_json()
    assert "pw-tripwire-7731" not in dumped
    assert TOTP_SECRET not in dumped

    store = private_stores / "store" / "creds.sqlite3"
    raw = store.read_bytes()
    for clear in (b"pw-tripwire-7731", TOTP_SECRET.encode(), b"ann@example.com"):
        assert clear not in raw
    key = private_stores / "key" / "credential.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.stat().st_mode) == 0o600

    assert [c.credential_id for c in await client.get_credentials()] == [created.credential_id]
    assert (await client.get_credential(created.credential_id)).name == "shop"
    await client.delete_credential(created.credential_id)
    with pytest.raises(NotFoundError):
        await client.get_credential(created.credential_id)


async def test_code_from_secret_waits_for_a_fresh_window(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import pyotp

    from pytest_skyvern.local import totp

    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(totp.time, "time", lambda: 1_000_000_000 * 30 + 28.0)  # 2 s left
    monkeypatch.setattr(totp.asyncio, "sleep", fake_sleep)
    await code_from_secret(TOTP_SECRET)
    assert slept
    assert slept[0] == pytest.approx(2.05)
    monkeypatch.setattr(totp.time, "time", lambda: 1_000_000_000 * 30 + 3.0)
    slept.clear()
    assert await code_from_secret(TOTP_SECRET) == pyotp.TOTP(TOTP_SECRET).at(30_000_000_003)
    assert not slept


async def _session_login(client: Skyvern, demo_url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    session = await client.create_browser_session()
    return session, await client.login(
        credential_type="skyvern", url=f"{demo_url}/login",
        browser_session_id=session.browser_session_id, **kwargs)


async def test_login_with_a_stored_totp_secret(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    cred = await client.create_credential("totp", "password", {
        "username": TOTP_USER["email"], "password": TOTP_USER["password"], "totp": TOTP_SECRET})
    session, run = await _session_login(client, demo_url, credential_id=cred.credential_id,
                                        wait_for_completion=True)
    assert run.status == "completed", run.failure_reason
    assert run.run_id.startswith("wr_")
    page = await backend.session_page(session.browser_session_id)
    assert page.url.endswith("/dashboard")


async def test_login_with_a_pushed_code(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    cred = await client.create_credential("pushed", "password", {
        "username": TOTP_USER["email"], "password": TOTP_USER["password"]})
    session, run = await _session_login(client, demo_url, credential_id=cred.credential_id,
                                        totp_identifier="ops@example.com", totp_timeout=30)
    assert run.status == "queued"
    await asyncio.sleep(1.0)
    assert (await client.get_run(run.run_id)).status == "running"  # waiting for the code
    import pyotp

    pushed = await client.send_totp_code(totp_identifier="ops@example.com",
                                         content=pyotp.TOTP(TOTP_SECRET).now())
    assert pushed.totp_identifier == "ops@example.com"
    for _ in range(100):
        done = await client.get_run(run.run_id)
        if done.is_terminal:
            break
        await asyncio.sleep(0.1)
    assert done.status == "completed", done.failure_reason
    page = await backend.session_page(session.browser_session_id)
    assert page.url.endswith("/dashboard")


async def test_a_code_that_never_comes_fails_clearly(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    cred = await client.create_credential("nocode", "password", {
        "username": TOTP_USER["email"], "password": TOTP_USER["password"]})
    _, run = await _session_login(client, demo_url, credential_id=cred.credential_id,
                                  totp_identifier="nobody@example.com", totp_timeout=0.5,
                                  wait_for_completion=True)
    assert run.status == "failed"
    assert "nobody@example.com" in (run.failure_reason or "")
    assert "send_totp_code" in (run.failure_reason or "")


async def test_a_totp_site_without_a_code_source_fails_clearly(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    cred = await client.create_credential("bare", "password", {
        "username": TOTP_USER["email"], "password": TOTP_USER["password"]})
    _, run = await _session_login(client, demo_url, credential_id=cred.credential_id,
                                  wait_for_completion=True)
    assert run.status == "failed"
    assert "one-time code" in (run.failure_reason or "")


async def test_wrong_password_is_a_failed_run(
        client: Skyvern, backend: LocalBackend, demo_url: str) -> None:
    cred = await client.create_credential("bad", "password", {
        "username": DEMO_USERS[0]["email"], "password": "not-the-password"})
    _, run = await _session_login(client, demo_url, credential_id=cred.credential_id,
                                  wait_for_completion=True)
    assert run.status == "failed"
    assert "password field is still shown" in (run.failure_reason or "")


@pytest.mark.parametrize("vault", ["bitwarden", "onepassword", "azure_vault"])
async def test_vault_types_are_not_supported_locally(
        client: Skyvern, backend: LocalBackend, vault: str) -> None:
    with pytest.raises(SkyvernError, match="not supported in local mode"):
        await client.login(credential_type=vault)
