"""Token budget: pruning, chunking, visible area first, on a 10,000-element page."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from pytest_skyvern.snapshot import capture_snapshot, count_tokens

pytestmark = pytest.mark.asyncio(loop_scope="session")


def generated_page(n: int) -> str:
    kinds = [
        '<button id="b{i}">Button {i}</button>',
        '<label>Field {i} <input name="f{i}" placeholder="value {i}"></label>',
        '<a href="/item/{i}">Link {i}</a>',
        "<p>Some descriptive text number {i} on this page.</p>",
        '<input type="checkbox" aria-label="Option {i}">',
    ]
    return "<main>" + "\n".join(kinds[i % 5].format(i=i) for i in range(n)) + "</main>"


@pytest.mark.slow
async def test_ten_thousand_elements_fit_in_chunks(page: Page) -> None:
    await page.set_content(generated_page(10_000))
    snap = await capture_snapshot(page, budget_tokens=6000)

    assert snap.tokens <= 6000
    assert count_tokens(snap.text) == snap.tokens
    assert snap.truncated is True
    assert snap.chunks > 1
    assert f"Part 1 of {snap.chunks}" in snap.text
    # Chunk 0 opens with the top of the page, which is what is on screen.
    assert snap.elements["e3"].name == "Button 0"
    assert "--- outside the visible area ---" in snap.text
    assert all(f"[{ref}] " in snap.text for ref in snap.elements)

    last = await capture_snapshot(page, budget_tokens=6000, chunk=snap.chunks - 1)
    assert last.tokens <= 6000
    assert (last.chunk, last.chunks) == (snap.chunks - 1, snap.chunks)
    assert not set(last.elements) & set(snap.elements)
    assert any(e.name == "Option 9999" for e in last.elements.values())


async def test_small_budget_prunes_long_options(page: Page) -> None:
    options = "".join(f"<option>Country {i}</option>" for i in range(200))
    await page.set_content(f"<label>Country <select>{options}</select></label><p>x</p>")
    full = await capture_snapshot(page, budget_tokens=100_000)
    assert "Country 199" in full.text
    assert not full.truncated
    small = await capture_snapshot(page, budget_tokens=300)
    assert small.truncated
    assert small.tokens <= 300
    assert "... (192 more)]" in small.text
    assert "Country 199" not in small.text
