"""Stash keys shared by the plugin and its fixtures."""

from __future__ import annotations

import pytest

from pytest_skyvern.cache import ActionCache
from pytest_skyvern.config import Settings
from pytest_skyvern.discovery import BrowserDiscovery
from pytest_skyvern.events import EventBus

SETTINGS_KEY = pytest.StashKey[Settings]()
DISCOVERY_KEY = pytest.StashKey[BrowserDiscovery]()

#: The running test's event bus (see ``pytest_skyvern.events``), on its item.
BUS_KEY = pytest.StashKey[EventBus]()

#: The session's action cache (``pytest_skyvern.cache.ActionCache``).
CACHE_KEY = pytest.StashKey[ActionCache]()
