"""A credential's values never reach the LLM: typed via placeholders, redacted in snapshots."""

from __future__ import annotations

import json
import secrets as random
from pathlib import Path

import pytest

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.local.credential_store import CredentialStore
from pytest_skyvern.local.login import register_credential


async def test_credential_values_reach_the_browser_but_never_the_model(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SKYVERN_CREDENTIAL_STORE", str(tmp_path / "credentials.sqlite3"))
    monkeypatch.setenv("SKYVERN_CREDENTIAL_KEY_FILE", str(tmp_path / "credential.key"))
    tripwire_user = f"tripwire-{random.token_hex(6)}@example.com"
    tripwire_password = f"tripwire-{random.token_hex(8)}"
    stored = CredentialStore().add("tripwire", "password",
                                   {"username": tripwire_user, "password": tripwire_password})
    user, password = register_credential(stored)

    await ai_page.goto(f"{demo_url}/login")
    await ai_page.fill("#email", user)
    await ai_page.fill("#password", password)
    assert await ai_page.input_value("#password") == tripwire_password  # typed for real

    llm.add({"reasoning": "both fields are filled", "result": True})
    assert await ai_page.validate("the login form is filled in")
    sent = json.dumps([r.body for r in llm.requests])
    assert llm.llm_requests, "the model was asked"
    assert tripwire_password not in sent
    assert tripwire_user not in sent
