"""Stash keys shared by the plugin and its fixtures."""

from __future__ import annotations

import pytest

from pytest_skyvern.config import Settings
from pytest_skyvern.discovery import BrowserDiscovery

SETTINGS_KEY = pytest.StashKey[Settings]()
DISCOVERY_KEY = pytest.StashKey[BrowserDiscovery]()
