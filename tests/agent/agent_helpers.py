"""Helpers of the AI engine tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pytest_skyvern import Skyvern, SkyvernBrowserPage
from pytest_skyvern.config import Settings, resolve_settings
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.snapshot import capture_snapshot
from pytest_skyvern.testing.scripted_llm import scripted_llm_env


async def ref_of(page: SkyvernBrowserPage, name: str, role: str | None = None) -> str:
    """The snapshot ref of the element with this accessible name."""
    snapshot = await capture_snapshot(page)
    for element in snapshot.elements.values():
        if element.name == name and (role is None or element.role == role):
            return element.ref
    raise AssertionError(f"no element named {name!r} in {sorted(snapshot.elements)}")


def llm_settings(server: ScriptedLLMServer, **env: str) -> Settings:
    """Settings pointing the engine at the scripted server."""
    base = {**scripted_llm_env(server), "SKYVERN_LLM_MAX_RETRIES": "2"}
    return resolve_settings({}, {}, env={**base, **env})


@asynccontextmanager
async def llm_client(server: ScriptedLLMServer, **env: str) -> AsyncIterator[Skyvern]:
    client = Skyvern.local(settings=llm_settings(server, **env))
    try:
        yield client
    finally:
        await client.aclose()
