"""Capture a budgeted, redacted :class:`Snapshot` of a page.

Playwright's ``aria_snapshot(mode="ai")`` does the crawl (roles, names, states, iframes,
refs usable as ``aria-ref=e5``); :mod:`.probe` adds in one query per frame what it lacks
(label vs placeholder vs title, test id, id, input type, options, viewport, CSS/XPath).
The probe needs the refs the snapshot assigns, so the two run one after the other; the
page title is read while the probe runs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from playwright.async_api import Page

from .aria import AriaNode, parse_aria
from .budget import PART_LINE_TOKENS, arrange, collapse_text_runs, paginate
from .hooks import ensure_listener_hooks
from .model import Element, Snapshot
from .outline import Block, build_outline, plan_probe
from .probe import RefInfo, ensure_probe, probe_refs
from .redact import Scrub, make_scrub, scrub_element, scrubs_nothing
from .render import COMPACT, FULL, Line, fence, render_lines, without_echoes
from .tokens import count_tokens, line_tokens

#: Below this many times the budget, the pruned lines' own token sum cannot rule out that
#: the whole page fits, so the full text is counted exactly (the sum of a text's lines is
#: close to, and in practice never above, the tokens of the text).
CLEARLY_OVER = 1.25


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
    await ensure_listener_hooks(page)
    aria = await page.aria_snapshot(mode="ai")
    with _no_cyclic_gc():
        tree = parse_aria(aria)
        plan = plan_probe(tree)
    answer, title = await asyncio.gather(probe_refs(page, plan.items()), page.title())
    with _no_cyclic_gc():
        snapshot = assemble_snapshot(
            tree, answer.infos, page.url, title, budget_tokens, chunk, secrets, answer.extra
        )
    if not answer.hidden and not answer.owners:
        return snapshot
    scrub = make_scrub(secrets)
    hidden = tuple(dict.fromkeys(scrub(name) for name in answer.hidden))
    owners = {scrub(name): found for name, ref in answer.owners.items()
              if (found := _element_ref(ref, snapshot)) is not None}
    return dataclasses.replace(snapshot, hidden_names=hidden, hidden_owners=owners)


def _element_ref(ref: str, snapshot: Snapshot) -> str | None:
    """The snapshot's key for a ref the probe gave: a probe ref ("s2") carries its
    frame's prefix there ("f1s2": Playwright numbers a navigated main frame too)."""
    if ref in snapshot.elements:
        return ref
    keys = [k for k in snapshot.elements if re.fullmatch(rf"f\d+{re.escape(ref)}", k)]
    return keys[0] if len(keys) == 1 else None


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector around a synchronous stretch (never an await).

    A page is tens of thousands of small acyclic objects; while they are built the
    collector rescans them again and again and can free none of them (measured: the
    Python side of a 10,000-element snapshot takes 2.3x as long with it running).
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def assemble_snapshot(
    tree: list[AriaNode | str],
    infos: dict[str, RefInfo],
    url: str,
    title: str,
    budget_tokens: int,
    chunk: int,
    secrets: Sequence[str],
    extra: Sequence[tuple[str | None, RefInfo]] = (),
) -> Snapshot:
    """The pure part of :func:`capture_snapshot`: parsed tree and probe facts to a chunk."""
    outline = build_outline(tree, infos, extra)
    scrub = make_scrub(secrets, outline.leaked)
    blocks = _scrub_blocks(outline.blocks, scrub)
    url, title = scrub(url), scrub(title)

    fitted = _fit(blocks, url, title, budget_tokens)
    chunks = fitted.chunks
    if chunk >= len(chunks):
        raise ValueError(f"chunk {chunk} does not exist: the page has {len(chunks)} chunk(s)")
    lines = chunks[chunk]
    part = (chunk, len(chunks)) if len(chunks) > 1 else None
    # Second net: nothing in the final text may carry a secret, whatever produced it.
    text = scrub(fence(url, title, "\n".join(line.text for line in lines), part))
    tokens = fitted.tokens if text == fitted.text else count_tokens(text)
    by_ref = outline.elements if blocks is outline.blocks else _elements_of(blocks)
    elements = {line.ref: by_ref[line.ref] for line in lines if line.ref is not None}
    return Snapshot(
        url=url,
        title=title,
        text=text,
        elements=elements,
        tokens=tokens,
        truncated=fitted.truncated,
        chunk=chunk,
        chunks=len(chunks),
    )


def _scrub_blocks(blocks: list[Block], scrub: Scrub) -> list[Block]:
    if scrubs_nothing(scrub):
        return blocks
    return [
        Block(b.in_viewport, scrub_element(b.element, scrub), b.text, b.list_item)
        if b.element is not None
        else Block(b.in_viewport, None, scrub(b.text), b.list_item)
        for b in blocks
    ]


def _elements_of(blocks: list[Block]) -> dict[str, Element]:
    return {b.element.ref: b.element for b in blocks if b.element is not None}


class _Fitted(NamedTuple):
    chunks: list[list[Line]]
    #: True when anything was pruned or split off.
    truncated: bool
    #: The whole page's fenced text and its exact tokens, when it fits (else "" and 0).
    text: str = ""
    tokens: int = 0


def _fit(blocks: list[Block], url: str, title: str, budget: int) -> _Fitted:
    """The chunks of lines to show: the full text if it fits, else pruned and paginated."""
    # Pruned lines first: their per-line token counts are what pagination needs, and their
    # sum shows most over-budget pages as such without rendering or counting the full text.
    blocks = without_echoes(blocks)
    pruned = collapse_text_runs(arrange(render_lines(blocks, COMPACT, url)))
    if sum(line_tokens(line.text) for line in pruned) <= budget * CLEARLY_OVER:
        full = arrange(render_lines(blocks, FULL, url))
        text = fence(url, title, "\n".join(line.text for line in full))
        tokens = count_tokens(text)
        if tokens <= budget:
            return _Fitted([full], False, text, tokens)
    overhead = count_tokens(fence(url, title, "")) + PART_LINE_TOKENS
    return _Fitted(paginate(pruned, max(budget - overhead, 1)), True)
