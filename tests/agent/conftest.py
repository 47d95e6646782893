"""Fixtures for the AI engine tests: AI pages on the demo app, answered by the scripted
LLM (``llm``, from ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from agent_helpers import llm_client

from pytest_skyvern import Skyvern, SkyvernBrowserPage
from pytest_skyvern.llm import ScriptedLLMServer


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
