"""``Skyvern(api_key=..., base_url=...)`` is cloud mode: the same client, the server's back end."""

from __future__ import annotations

import inspect

import pytest
from cloud_helpers import SkyvernServer

from pytest_skyvern import NotFoundError, Skyvern, SkyvernError
from pytest_skyvern.cloud import CloudBackend


def test_every_sdk_method_is_on_the_client_with_its_signature() -> None:
    methods = [n for n, _ in inspect.getmembers(CloudBackend, inspect.iscoroutinefunction)
               if not n.startswith("_") and n != "aclose"]
    assert "run_task" in methods
    assert "create_browser_session" in methods
    for name in methods:
        # Parameters only: where local mode answers with its own models (workflows from
        # its store, plain-dict timelines) the client's return types say so.
        assert inspect.signature(getattr(Skyvern, name)).parameters == inspect.signature(
            getattr(CloudBackend, name)).parameters, name


async def test_local_mode_says_what_to_use_instead() -> None:
    async with Skyvern.local() as client:
        with pytest.raises(SkyvernError, match=r"not available in local mode yet.*api_key"):
            await client.retry_run_webhook("tsk_x")


@pytest.mark.slow
async def test_the_client_talks_to_the_real_server(skyvern_server: SkyvernServer) -> None:
    async with Skyvern(api_key=skyvern_server.api_key,
                       base_url=skyvern_server.base_url) as client:
        assert not client.is_local
        assert isinstance(await client.get_workflows(), list)
        with pytest.raises(NotFoundError) as raised:
            await client.get_run("tsk_unknown")
        assert raised.value.status_code == 404
