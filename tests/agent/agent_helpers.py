"""Helpers of the AI engine tests."""

from __future__ import annotations

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.snapshot import capture_snapshot


async def ref_of(page: SkyvernBrowserPage, name: str, role: str | None = None) -> str:
    """The snapshot ref of the element with this accessible name."""
    snapshot = await capture_snapshot(page)
    for element in snapshot.elements.values():
        if element.name == name and (role is None or element.role == role):
            return element.ref
    raise AssertionError(f"no element named {name!r} in {sorted(snapshot.elements)}")
