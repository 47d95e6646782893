"""A credential's password is typed into the browser and written nowhere else."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pytest_skyvern import Skyvern
from pytest_skyvern.context import artifact_dir
from pytest_skyvern.local.sessions import LocalBackend

TRIPWIRE = "tripwire-Zq8v-credential-4411"


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


async def test_tripwire_password_is_typed_but_never_written(
        client: Skyvern, backend: LocalBackend, demo_url: str, private_stores: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cred = await client.create_credential(
        "trip", "password", {"username": "demo@example.com", "password": TRIPWIRE})
    session = await client.create_browser_session()
    run = await client.login(credential_type="skyvern", credential_id=cred.credential_id,
                             url=f"{demo_url}/login", wait_for_completion=True,
                             browser_session_id=session.browser_session_id)
    assert run.status == "failed"  # the demo app rejects it: it was typed and submitted
    assert TRIPWIRE not in run.model_dump_json()
    assert TRIPWIRE not in caplog.text
    needle = TRIPWIRE.encode()
    assert files_containing(private_stores, needle) == []  # store, key, uploads
    assert files_containing(Path(artifact_dir()), needle) == []  # timeline, screenshots
    page = await backend.session_page(session.browser_session_id)
    typed = await page.evaluate("() => document.querySelector('input[type=password]').value")
    assert typed in ("", TRIPWIRE)  # the server re-renders the form empty after a failure
