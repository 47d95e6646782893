"""HTTP errors of the real Skyvern server, mapped to the SDK's ``ApiError`` subclasses."""

from __future__ import annotations

import pytest
from cloud_helpers import SkyvernServer

from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.errors import (
    ApiError,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    UnprocessableEntityError,
)
from pytest_skyvern.sdk.runs import RunEngine

pytestmark = pytest.mark.slow


async def test_bad_api_key_is_forbidden(skyvern_server: SkyvernServer) -> None:
    backend = CloudBackend("not-a-key", skyvern_server.base_url)
    try:
        with pytest.raises(ForbiddenError) as raised:
            await backend.get_workflows()
    finally:
        await backend.aclose()
    assert raised.value.status_code == 403
    assert raised.value.body == {"detail": "Could not validate credentials"}


async def test_unknown_run_is_not_found(cloud: CloudBackend) -> None:
    with pytest.raises(NotFoundError) as raised:
        await cloud.get_run("tsk_404")
    assert raised.value.status_code == 404
    assert "tsk_404" in raised.value.body["detail"]
    assert isinstance(raised.value, ApiError)


async def test_cancelling_a_finished_run_is_a_bad_request(
    cloud: CloudBackend, page_url: str
) -> None:
    run = await cloud.run_task("Read the greeting", url=page_url, engine=RunEngine.skyvern_v1,
                               wait_for_completion=True, timeout=120)
    with pytest.raises(BadRequestError) as raised:
        await cloud.cancel_run(run.run_id)
    assert raised.value.status_code == 400
    assert "completed to canceled" in raised.value.body["detail"]

    # This server version has no timeline for skyvern-1.0 task runs; it says so with a 400.
    with pytest.raises(BadRequestError, match="Timeline not available"):
        await cloud.get_run_timeline(run.run_id)


async def test_sdk_engine_names_must_be_mapped(cloud: CloudBackend, page_url: str) -> None:
    # Why run_task maps engine names: the server refuses the SDK's own spelling.
    with pytest.raises(UnprocessableEntityError) as raised:
        await cloud._transport.request("POST", "/v1/run/tasks", json_body={
            "prompt": "x", "url": page_url, "engine": "skyvern_v1"})
    assert raised.value.status_code == 422
    assert "skyvern-1.0" in str(raised.value.body)
