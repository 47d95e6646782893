"""The cache package re-exports exactly its public names."""

from __future__ import annotations

import pytest_skyvern.cache as cache


def test_all_is_complete() -> None:
    # Its order is ruff's RUF022 (constants, classes, functions), checked by the linter.
    assert len(set(cache.__all__)) == len(cache.__all__)
    public = {n for n in vars(cache) if n.isidentifier() and not n.startswith("_")}
    modules = {"changes", "entry", "heals", "keys", "plugin", "replay", "store", "annotations"}
    assert public - modules == set(cache.__all__)
