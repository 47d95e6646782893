"""Stash keys shared by the plugin and its fixtures."""

from __future__ import annotations

import pytest

from pytest_skyvern.cache import ActionCache
from pytest_skyvern.config import Settings
from pytest_skyvern.context import TestContext
from pytest_skyvern.discovery import BrowserDiscovery

SETTINGS_KEY = pytest.StashKey[Settings]()
DISCOVERY_KEY = pytest.StashKey[BrowserDiscovery]()

#: The running test's context (see ``pytest_skyvern.context``), on its item.
CONTEXT_KEY = pytest.StashKey[TestContext]()

#: The session's action cache (``pytest_skyvern.cache.ActionCache``).
CACHE_KEY = pytest.StashKey[ActionCache]()
