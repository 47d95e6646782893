"""The example suite runs against the demo app (started by the root conftest).

``base_url`` is pytest-playwright's setting; pointing it at the demo app lets the
examples say ``page.goto("/login")``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def base_url(demo_url: str) -> str:
    return demo_url
