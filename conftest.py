"""Shared fixtures of the example suite and the test suite: the demo app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from examples.demo_app import DemoApp


@pytest.fixture(scope="session")
def demo_app() -> Iterator[DemoApp]:
    """The demo web app, started on 127.0.0.1 on a free port for the session."""
    with DemoApp() as app:
        yield app


@pytest.fixture(scope="session")
def demo_url(demo_app: DemoApp) -> str:
    """Base URL of the demo app, e.g. ``http://127.0.0.1:41234``."""
    return demo_app.url
