"""Fixtures for the AI engine tests: the scripted LLM server and AI pages on the demo app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from pytest_skyvern import Skyvern, SkyvernBrowserPage
from pytest_skyvern.config import resolve_settings
from pytest_skyvern.llm import ScriptedLLMServer, clear_capability_cache


@pytest.fixture(scope="session")
def llm_server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as server:
        yield server


@pytest.fixture
def llm(llm_server: ScriptedLLMServer) -> Iterator[ScriptedLLMServer]:
    """The scripted server, with no answers and an empty request log."""
    llm_server.reset()
    llm_server.clear()
    clear_capability_cache()
    yield llm_server
    llm_server.reset()


def llm_settings(server: ScriptedLLMServer, **env: str):  # type: ignore[no-untyped-def]
    base = {"SKYVERN_LLM_BASE_URL": server.base_url, "SKYVERN_LLM_MODEL": "scripted-model",
            "SKYVERN_LLM_MAX_RETRIES": "2"}
    return resolve_settings({}, {}, env={**base, **env})


@pytest_asyncio.fixture
async def ai_client(llm: ScriptedLLMServer) -> AsyncIterator[Skyvern]:
    client = Skyvern.local(settings=llm_settings(llm))
    assert client.llm is not None
    yield client
    await client.aclose()


@pytest_asyncio.fixture
async def ai_page(skyvern_page: SkyvernBrowserPage, ai_client: Skyvern, demo_url: str
                  ) -> SkyvernBrowserPage:
    """The test's page with an engine talking to the scripted LLM."""
    return SkyvernBrowserPage.wrap(skyvern_page, ai_client.engine)
