"""Fixtures of the snapshot tests. Their browser is the plugin's: ``page`` comes from
pytest-playwright-asyncio through pytest-skyvern, which finds Chromium, registers the
snapshot probe and installs the listener hooks on every context."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).parent.parent / "pages"


@pytest.fixture
def pages_dir() -> Path:
    return PAGES
