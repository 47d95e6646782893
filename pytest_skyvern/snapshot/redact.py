"""Scrub secret strings from everything a snapshot carries.

Password fields are redacted where the element is built (their refs are known from the
DOM); this is the second net: any given secret, and any value the page printed for a
password field, is replaced wherever else it appears (text, names, values, selectors).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from .model import REDACTED, Element

Scrub = Callable[[str], str]

# Fields Playwright or the DOM spec fill from fixed vocabularies: never page data.
_STRUCTURAL = frozenset({"ref", "role", "tag", "input_type", "states", "frame_path"})

#: Values the page shows for a password field shorter than this are too common to
#: scrub everywhere ("a", "12"); user-given secrets are always scrubbed.
MIN_LEAKED_LENGTH = 4


def make_scrub(secrets: Iterable[str], leaked: Iterable[str] = ()) -> Scrub:
    """A function replacing every secret with :data:`REDACTED` (identity when none)."""
    words = {s for s in secrets if s}
    words.update(s for s in leaked if len(s) >= MIN_LEAKED_LENGTH and s != REDACTED)
    if not words:
        return _identity
    # Longest first, so a secret containing another is replaced whole.
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return lambda text: pattern.sub(REDACTED, text) if text else text


def _identity(text: str) -> str:
    return text


def scrub_element(element: Element, scrub: Scrub) -> Element:
    """The element with every string field (and option) scrubbed."""
    if scrub is _identity:
        return element
    changes: dict[str, object] = {}
    for f in dataclasses.fields(element):
        if f.name in _STRUCTURAL:
            continue
        value = getattr(element, f.name)
        new: object
        if isinstance(value, str):
            new = scrub(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            new = tuple(scrub(v) for v in value)
        else:
            continue
        if new != value:
            changes[f.name] = new
    if not changes:
        return element
    if "value" in changes:
        changes["secret"] = True
    return dataclasses.replace(element, **changes)  # type: ignore[arg-type]
