"""Fixtures for the AI engine tests: the scripted LLM server and AI pages on the demo app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from agent_helpers import llm_client

from pytest_skyvern import Skyvern, SkyvernBrowserPage
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


@pytest_asyncio.fixture
async def ai_client(llm: ScriptedLLMServer) -> AsyncIterator[Skyvern]:
    async with llm_client(llm) as client:
        assert client.llm is not None
        yield client


@pytest_asyncio.fixture
async def ai_page(skyvern_page: SkyvernBrowserPage, ai_client: Skyvern, demo_url: str
                  ) -> SkyvernBrowserPage:
    """The test's page with an engine talking to the scripted LLM."""
    return SkyvernBrowserPage.wrap(skyvern_page, ai_client.engine)
