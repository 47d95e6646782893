"""A pytest plugin for ``pytest-skyvern cache prune``: writes what the suite collects.

Loaded with ``-p pytest_skyvern.cli.collect`` in a ``--collect-only`` run; writes the
rootdir, the action cache folder the plugin would use and every collected test id as
JSON to the file named by ``$PYTEST_SKYVERN_COLLECT_OUT``, with the cache scope names of
the fixtures those tests use (a module-scoped fixture's AI steps are cached under it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

OUT_ENV = "PYTEST_SKYVERN_COLLECT_OUT"


def pytest_collection_finish(session: pytest.Session) -> None:
    target = os.environ.get(OUT_ENV)
    if not target:
        return
    from pytest_skyvern.config import SETTINGS_KEY

    settings = session.config.stash.get(SETTINGS_KEY, None)
    cache_dir = settings.cache_dir if settings is not None else ".skyvern-cache"
    Path(target).write_text(json.dumps({
        "rootdir": str(session.config.rootpath),
        "cache_dir": str(session.config.rootpath / os.path.expanduser(cache_dir)),
        "nodeids": [item.nodeid for item in session.items],
        "scopes": sorted(fixture_scopes(session.items)),
    }), encoding="utf-8")


def fixture_scopes(items: list[pytest.Item]) -> set[str]:
    """``module.py::fixture`` for every fixture the items use (the cache scope names
    ``pytest_skyvern.context.fixture_scope_name`` gives their steps)."""
    from pytest_skyvern.context import fixture_scope_name

    scopes: set[str] = set()
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for defs in getattr(info, "name2fixturedefs", {}).values():
            scopes.update(fixture_scope_name(d.baseid, d.argname) for d in defs)
    return scopes
