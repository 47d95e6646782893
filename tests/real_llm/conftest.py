"""Real-model smoke tests: our client against llama.cpp's own server with SmolLM2-135M.

Off by default (they install about 130 MB once and take a minute or two); enable with
``SKYVERN_REAL_LLM=1`` (skip if the server cannot be installed), ``SKYVERN_REAL_LLM=
require`` (fail instead, for CI) or ``-m real_llm``. Every request goes through a
recording proxy on 127.0.0.1, so tests can compare what we did with what the server
really received and answered. They assert on our behaviour only, never on what a 135M
model says.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from real_llm_helpers import real_llm_settings, skyvern_with
from recording_proxy import RecordingProxy

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.llm import OpenAICompatibleClient
from pytest_skyvern.testing.llama import (
    ENABLE_HINT,
    LlamaServer,
    llama_server,
    real_llm_mode,
)

__all__ = ["llama_server"]  # a fixture, imported so pytest finds it here

HERE = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_llm: needs the real llama.cpp server (SKYVERN_REAL_LLM=1 to run)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Skip here, before any fixture runs: a disabled group must not even start a browser.
    if real_llm_mode(os.environ, str(config.getoption("markexpr", "") or "")) != "off":
        return
    skip = pytest.mark.skip(reason=f"real-model tests are off: {ENABLE_HINT}")
    for item in items:
        if item.path.is_relative_to(HERE) and item.get_closest_marker("real_llm"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def llm_proxy(llama_server: LlamaServer) -> Iterator[RecordingProxy]:
    """The recording proxy in front of the server; tests talk to the server through it."""
    with RecordingProxy(llama_server.address) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def real_base_url(llm_proxy: RecordingProxy) -> str:
    return f"{llm_proxy.url}/v1"


@pytest_asyncio.fixture
async def real_client(real_base_url: str) -> AsyncIterator[OpenAICompatibleClient]:
    async with OpenAICompatibleClient(real_llm_settings(real_base_url)) as client:
        yield client


@pytest_asyncio.fixture
async def real_page(
    skyvern_page: SkyvernBrowserPage, real_client: OpenAICompatibleClient
) -> AsyncIterator[SkyvernBrowserPage]:
    """The test's page with an engine whose LLM is our real client on the real server."""
    client = skyvern_with(real_client)
    try:
        yield SkyvernBrowserPage.wrap(skyvern_page, client.engine)
    finally:
        await client.aclose()
