"""Fixtures of the action cache tests: cache helpers. Tests that need a browser take the
plugin's ``page``.

Named ``cache_*`` so they never shadow the plugin's or pytest-playwright's fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pytest_skyvern.cache import (
    ActionCache,
    CachedAction,
    CacheEntry,
    CacheKey,
    CacheMode,
)
from pytest_skyvern.secrets import SecretRegistry


@pytest.fixture
def cache_secrets() -> SecretRegistry:
    registry = SecretRegistry()
    registry.add("password", "hunter2-very-secret")
    return registry


KeyFactory = Callable[..., CacheKey]
EntryFactory = Callable[..., CacheEntry]


@pytest.fixture
def make_cache(tmp_path: Path, cache_secrets: SecretRegistry) -> Callable[..., ActionCache]:
    """Build an ``ActionCache`` over ``tmp_path/.skyvern-cache`` in a given mode."""

    def make(mode: CacheMode = "auto") -> ActionCache:
        return ActionCache(tmp_path / ".skyvern-cache", mode, cache_secrets)

    return make


@pytest.fixture
def cache_key() -> KeyFactory:
    """``cache_key(step, instruction, nodeid=..., url=..., value=...)``."""

    def make(
        step: int = 0,
        instruction: str = "Click Sign in",
        *,
        nodeid: str = "examples/test_login.py::test_login",
        url: str = "http://127.0.0.1:5000/login",
        value: str | None = None,
    ) -> CacheKey:
        return CacheKey.build(nodeid, step, "act", instruction, url, value=value)

    return make


@pytest.fixture
def cache_entry() -> EntryFactory:
    """``cache_entry(*actions, instruction=...)``: an ``act`` entry recorded on /login."""

    def make(*actions: CachedAction, instruction: str = "Click Sign in") -> CacheEntry:
        return CacheEntry(
            kind="act",
            instruction=instruction,
            url="/login",
            tier="llm",
            recorded_at=datetime(2025, 1, 1, tzinfo=UTC),
            actions=list(actions) or [CachedAction(type="press", key="Enter")],
        )

    return make
