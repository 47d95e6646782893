"""The example suite runs against the demo app (started by the root conftest).

``base_url`` is pytest-playwright's setting; pointing it at the demo app lets the
examples say ``page.goto("/login")``. The local stores (credentials, their key, browser
profiles) live in a folder of this run, so the examples never write into your home
directory, and running them twice leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from examples.demo_app import DEMO_USERS
from pytest_skyvern import register_secret


@pytest.fixture(scope="session", autouse=True)
def isolated_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the local stores at a temporary folder (``--skyvern-data-dir`` does the same
    for a whole run)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKYVERN_DATA_DIR", str(tmp_path_factory.mktemp("skyvern-data")))
        for finer in ("SKYVERN_CREDENTIAL_STORE", "SKYVERN_CREDENTIAL_KEY_FILE",
                      "SKYVERN_CREDENTIAL_KEY", "SKYVERN_PROFILE_DIR"):
            patch.delenv(finer, raising=False)
        yield


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
