"""Snapshot refs of a page, to script the LLM's answers in cache-flow tests."""

from __future__ import annotations

from typing import Any

from pytest_skyvern.snapshot import capture_snapshot


async def refs_on(page: Any, url: str, names: list[str]) -> dict[str, str]:
    await page.goto(url)
    snapshot = await capture_snapshot(page)
    found = {e.name: e.ref for e in snapshot.elements.values() if e.name in names}
    missing = set(names) - set(found)
    assert not missing, f"no elements named {missing}"
    return found
