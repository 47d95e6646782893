"""Hooks pytest-skyvern offers to users and other plugins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_skyvern.config import Settings


@pytest.hookspec(firstresult=True)
def pytest_skyvern_llm_client(config: pytest.Config, settings: Settings) -> Any:
    """Return an object implementing ``pytest_skyvern.llm.LLMClient`` to answer the
    AI steps of this session, or ``None`` to let the next implementation (finally the
    built-in OpenAI-compatible client, when configured) decide."""
