"""pytest hooks of heal review: a fresh heal record per test, ``--skyvern-heal`` applied.

Registered by ``pytest_skyvern.plugin``. The heals themselves are written to the
report by the reporter; this only decides what a heal does to its test.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from pytest_skyvern.cache.heals import forget_heals, heals_for, review_heals
from pytest_skyvern.config import SETTINGS_KEY


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    forget_heals(item.nodeid)  # a rerun reports only its own heals


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    # Only a test that passed is judged: a failing one already needs a look.
    yield
    settings = item.config.stash.get(SETTINGS_KEY, None)
    if settings is not None:
        review_heals(settings.heal, heals_for(item.nodeid))
