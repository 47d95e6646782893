"""Our twin of pytest-playwright-asyncio's fallback ``base_url`` fixture.

Upstream cause: when pytest-base-url is not installed, pytest-playwright-asyncio
(0.10) registers a ``_BaseUrlFallback`` plugin object whose session-scoped
``base_url`` fixture is an *instance method*. pytest 9 deprecates those, so every
test that uses ``page`` (through ``browser_context_args``) printed a
``PytestRemovedIn10Warning``. This module provides the same fixture as a plain
function and is registered only when that fallback is, so it wins over the
fallback and never over pytest-base-url or a conftest's own ``base_url``.
"""

from __future__ import annotations

import sys

import pytest

#: The name pytest-playwright-asyncio registers its fallback under.
FALLBACK_PLUGIN = "playwright-base-url"
PLUGIN_NAME = "skyvern-base-url"


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """``--base-url`` or the ``base_url`` ini value, like the fallback it replaces."""
    value = pytestconfig.getoption("--base-url", None) or pytestconfig.getini("base_url")
    return str(value) if value else None


def register(config: pytest.Config) -> None:
    """Register the fixture if (and only if) pytest-playwright-asyncio's fallback is in use."""
    manager = config.pluginmanager
    if manager.has_plugin(FALLBACK_PLUGIN) and not manager.has_plugin(PLUGIN_NAME):
        manager.register(sys.modules[__name__], PLUGIN_NAME)
