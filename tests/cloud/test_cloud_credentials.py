"""Credentials, TOTP codes, uploads and browser profiles against the real Skyvern server."""

from __future__ import annotations

import json
import uuid

import pytest

from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.errors import NotFoundError

pytestmark = pytest.mark.slow


async def test_credential_secret_is_never_echoed(cloud: CloudBackend) -> None:
    secret = f"pw-{uuid.uuid4().hex}"
    created = await cloud.create_credential(
        name="demo login", credential_type="password",
        credential={"username": "ada@example.com", "password": secret},
    )
    assert created.credential_id.startswith("cred_")
    assert created.credential.username == "ada@example.com"

    fetched = await cloud.get_credential(created.credential_id)
    listed = await cloud.get_credentials(page_size=100)
    raw = await cloud._transport.request("GET", f"/v1/credentials/{created.credential_id}")

    assert created.credential_id in {c.credential_id for c in listed}
    for shown in (created.model_dump_json(), fetched.model_dump_json(), repr(fetched),
                  json.dumps([c.model_dump(mode="json") for c in listed]), json.dumps(raw)):
        assert secret not in shown

    await cloud.delete_credential(created.credential_id)
    with pytest.raises(NotFoundError):
        await cloud.get_credential(created.credential_id)


async def test_send_totp_code(cloud: CloudBackend) -> None:
    code = await cloud.send_totp_code(totp_identifier="ada@example.com", content="123456")
    assert code.totp_code_id.startswith("totp_")
    assert (code.totp_identifier, code.content) == ("ada@example.com", "123456")


async def test_upload_file(cloud: CloudBackend) -> None:
    upload = await cloud.upload_file(file=b"name,price\nwidget,3\n")
    assert upload.s3uri
    assert upload.presigned_url


async def test_browser_profile_lifecycle(cloud: CloudBackend) -> None:
    name = f"profile-{uuid.uuid4().hex[:8]}"
    profile = await cloud.create_browser_profile(name=name, description="for tests")
    assert profile.browser_profile_id.startswith("bp_")
    assert (await cloud.get_browser_profile(profile.browser_profile_id)).name == name
    assert profile.browser_profile_id in {
        p.browser_profile_id for p in await cloud.list_browser_profiles()}

    await cloud.delete_browser_profile(profile.browser_profile_id)

    assert profile.browser_profile_id not in {
        p.browser_profile_id for p in await cloud.list_browser_profiles()}
