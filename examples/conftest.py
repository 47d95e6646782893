"""The example suite runs against the demo app (started by the root conftest).

``base_url`` is pytest-playwright's setting; pointing it at the demo app lets the
examples say ``page.goto("/login")``.
"""

from __future__ import annotations

import pytest

from examples.demo_app import DEMO_USERS
from pytest_skyvern import register_secret


@pytest.fixture(scope="session")
def base_url(demo_url: str) -> str:
    return demo_url


@pytest.fixture(scope="session")
def demo_password() -> str:
    """The demo user's password as a placeholder: ``{{demo_password}}``.

    Tests, prompts, reports and the action cache only ever contain the placeholder;
    the real value is typed into the browser and nowhere else.
    """
    return register_secret("demo_password", DEMO_USERS[0]["password"])
