"""Put tests and fixtures that use browser fixtures on the session event loop.

Playwright objects belong to the loop that created them. pytest-playwright-asyncio
creates its browser on the session loop, so an async test or fixture that touches a
page must run there too, or it fails with "attached to a different loop". Instead of
asking every user for ``asyncio_default_test_loop_scope = session`` (and its fixture
twin), we set the loop scope on exactly the tests and fixtures that need it. A
``loop_scope`` the user chose explicitly is kept.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pytest

#: Fixtures whose objects live on the session's event loop.
SESSION_LOOP_FIXTURES = frozenset({
    "skyvern", "skyvern_browser", "skyvern_page", "skyvern_new_page",
    "playwright", "browser", "context", "page", "new_context", "launch_browser",
})

SESSION = "session"


def _is_async(func: Any) -> bool:
    func = getattr(func, "__func__", func)
    return inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)


def needs_session_loop(
    argnames: Iterable[str],
    name2defs: Mapping[str, Sequence[Any]],
    seen: set[str] | None = None,
) -> bool:
    """Whether these fixture names reach a session-loop fixture, directly or not."""
    seen = set() if seen is None else seen
    for name in argnames:
        if name in SESSION_LOOP_FIXTURES:
            return True
        if name in seen:
            continue
        seen.add(name)
        defs = name2defs.get(name) or ()
        if defs and needs_session_loop(defs[-1].argnames, name2defs, seen):
            return True
    return False


def mark_test(item: pytest.Function) -> None:
    """Give an async test that uses browser fixtures the session loop.

    A ``@pytest.mark.skyvern`` test counts too: its task runs in the browser even when
    its own signature names no fixture.
    """
    uses_browser = (SESSION_LOOP_FIXTURES.intersection(item.fixturenames)
                    or item.get_closest_marker("skyvern") is not None)
    if not uses_browser:
        name2defs = item._fixtureinfo.name2fixturedefs
        if not needs_session_loop(item.fixturenames, name2defs):
            return
    marker = item.get_closest_marker("asyncio")
    if marker is not None and ("loop_scope" in marker.kwargs or "scope" in marker.kwargs):
        return
    # Prepended, so it is the closest asyncio marker pytest-asyncio reads.
    item.add_marker(pytest.mark.asyncio(loop_scope=SESSION), append=False)


def mark_fixtures(items: Iterable[pytest.Item]) -> None:
    """Give async fixtures that use browser fixtures the session loop."""
    done: set[int] = set()
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        name2defs = info.name2fixturedefs
        for name, defs in name2defs.items():
            # Every definition in an override chain (a fixture that overrides and
            # requests one of the same name) runs, so each needs the right loop.
            for fixturedef in defs:
                _mark_fixture(name, fixturedef, name2defs, done)


def _mark_fixture(
    name: str, fixturedef: Any, name2defs: Mapping[str, Sequence[Any]], done: set[int]
) -> None:
    func = getattr(fixturedef.func, "__func__", fixturedef.func)
    if id(func) in done or not _is_async(func):
        return
    done.add(id(func))
    if getattr(func, "_loop_scope", None) is not None:
        return
    # The browser fixtures themselves too: with `asyncio_default_fixture_loop_scope
    # = function` (which pytest-asyncio's warning suggests), pytest-playwright's
    # session-scoped `playwright` fixture would otherwise ask for a function loop.
    if name in SESSION_LOOP_FIXTURES or needs_session_loop(
        fixturedef.argnames, name2defs, {name}
    ):
        # The attributes pytest-asyncio's own decorator sets: this also makes a
        # plain @pytest.fixture async fixture work in strict mode.
        func._force_asyncio_fixture = True
        func._loop_scope = SESSION
