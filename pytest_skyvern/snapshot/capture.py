"""Capture a budgeted, redacted :class:`Snapshot` of a page.

Playwright's ``aria_snapshot(mode="ai")`` does the crawl (roles, names, states, iframes,
refs usable as ``aria-ref=e5``); :mod:`.probe` adds in one query per frame what it lacks
(label vs placeholder vs title, test id, id, input type, options, viewport, CSS/XPath).
"""

from __future__ import annotations

from collections.abc import Sequence

from playwright.async_api import Page

from .aria import parse_aria
from .budget import PART_LINE_TOKENS, arrange, collapse_text_runs, paginate
from .model import Snapshot
from .outline import Block, build_outline, plan_probe
from .probe import ensure_probe, probe_refs
from .redact import make_scrub, scrub_element
from .render import COMPACT, FULL, Line, fence, render_lines
from .tokens import count_tokens


async def capture_snapshot(
    page: Page,
    *,
    budget_tokens: int = 6000,
    chunk: int = 0,
    secrets: Sequence[str] = (),
) -> Snapshot:
    """Snapshot ``page`` for the model, within ``budget_tokens`` (o200k tokens).

    Chunk 0 starts with the visible area; ``Snapshot.chunks`` tells how many chunks the
    page needs. Password values and every string in ``secrets`` are replaced by
    ``REDACTED`` in the text and in every element field.
    """
    if chunk < 0:
        raise ValueError(f"chunk must be >= 0, got {chunk}")
    await ensure_probe(page)
    aria = await page.aria_snapshot(mode="ai")
    tree = parse_aria(aria)
    infos = await probe_refs(page, plan_probe(tree).items())
    outline = build_outline(tree, infos)
    scrub = make_scrub(secrets, outline.leaked)
    blocks = [
        Block(b.in_viewport, scrub_element(b.element, scrub), b.text, b.list_item)
        if b.element is not None
        else Block(b.in_viewport, None, scrub(b.text), b.list_item)
        for b in outline.blocks
    ]
    url, title = scrub(page.url), scrub(await page.title())

    chunks, truncated = _fit(blocks, url, title, budget_tokens)
    if chunk >= len(chunks):
        raise ValueError(f"chunk {chunk} does not exist: the page has {len(chunks)} chunk(s)")
    lines = chunks[chunk]
    part = (chunk, len(chunks)) if len(chunks) > 1 else None
    # Second net: nothing in the final text may carry a secret, whatever produced it.
    text = scrub(fence(url, title, "\n".join(line.text for line in lines), part))
    by_ref = {b.element.ref: b.element for b in blocks if b.element is not None}
    elements = {line.ref: by_ref[line.ref] for line in lines if line.ref is not None}
    return Snapshot(
        url=url,
        title=title,
        text=text,
        elements=elements,
        tokens=count_tokens(text),
        truncated=truncated,
        chunk=chunk,
        chunks=len(chunks),
    )


def _fit(blocks: list[Block], url: str, title: str, budget: int) -> tuple[list[list[Line]], bool]:
    """The chunks of lines to show and whether anything was pruned or split off."""
    full = arrange(render_lines(blocks, FULL, url))
    if count_tokens(fence(url, title, "\n".join(line.text for line in full))) <= budget:
        return [full], False
    pruned = collapse_text_runs(arrange(render_lines(blocks, COMPACT, url)))
    overhead = count_tokens(fence(url, title, "")) + PART_LINE_TOKENS
    chunks = paginate(pruned, max(budget - overhead, 1))
    return chunks, True
