"""Visible text as the last handle on a click target.

When no element of a snapshot matches a phrase, the phrase may still be exactly the
visible text of one element the page made clickable in a way nothing else reveals (a
listener on ``document`` that checks the target's class). The probe looks for elements
whose whole text is the phrase, reduced to the element that handles the click, and
they join the snapshot's elements; the resolver then decides as for any other element,
so two such elements are an ambiguity, not a pick.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Sequence
from urllib.parse import quote

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from .elements import make_probe_element
from .model import Element, Snapshot
from .probe import RefInfo, ask, ensure_probe
from .redact import make_scrub, scrub_element

_FRAME_PREFIX = re.compile(r"^f\d+")
#: Longer phrases are sentences, not the text of a control.
MAX_TEXT_CHARS = 80


async def with_text_targets(
    page: Page, snapshot: Snapshot, texts: Sequence[str], *, secrets: Sequence[str] = ()
) -> Snapshot:
    """``snapshot`` plus the elements whose whole visible text is one of ``texts``."""
    wanted = [t for t in dict.fromkeys(t.strip() for t in texts) if 0 < len(t) <= MAX_TEXT_CHARS]
    if not wanted or not await ensure_probe(page):
        return snapshot
    body = "?" + quote(json.dumps(wanted))
    frames: list[tuple[str | None, tuple[str, ...]]] = [(None, ())]
    frames += [(e.ref, (*e.frame_path, e.ref)) for e in snapshot.elements.values()
               if e.role == "iframe"]
    answers = await asyncio.gather(*(_ask(page, ref, body) for ref, _ in frames))
    scrub = make_scrub(secrets)
    found: dict[str, Element] = {}
    for (_, path), answer in zip(frames, answers, strict=True):
        for hits in answer.values():
            for info in hits:
                element = _element(info, path)
                if element is not None and element.ref not in snapshot.elements:
                    found[element.ref] = scrub_element(element, scrub)
    if not found:
        return snapshot
    return dataclasses.replace(snapshot, elements={**snapshot.elements, **found})


async def _ask(page: Page, iframe: str | None, body: str) -> dict[str, list[RefInfo]]:
    try:
        answer: dict[str, list[RefInfo]] = await ask(page, iframe, body)
    except PlaywrightError:
        return {}  # a frame that went away has no text to offer
    return answer


def _element(info: RefInfo, frames: tuple[str, ...]) -> Element | None:
    ref = info.get("r")
    if not ref:
        return None
    if not info.get("aria"):
        prefix = _FRAME_PREFIX.match(info.get("a") or "")
        if frames and prefix is None:
            return None  # no way to name a probe ref inside this frame
        ref = (prefix.group(0) if prefix and frames else "") + ref
    element = make_probe_element(ref, info, frames, info.get("iv", True))
    signals = tuple(dict.fromkeys((*info.get("ck", "").split(), "text")))
    return dataclasses.replace(element, clickable=signals, aria_role=info.get("ar") or "generic")
