"""Scrub secret strings from everything a snapshot carries.

Password fields are redacted where the element is built (their refs are known from the
DOM); this is the second net: any given secret, and any value the page printed for a
password field, is replaced wherever else it appears (text, names, values, selectors).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from .model import REDACTED, Element

Scrub = Callable[[str], str]

# Fields Playwright or the DOM spec fill from fixed vocabularies: never page data.
_STRUCTURAL = frozenset({"ref", "role", "tag", "input_type", "states", "frame_path", "clickable",
                         "aria_role", "wrapper_role", "in_dialog",
                         "submits", "covered", "lazy_popup", "has_popup"})

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
    return _Words(re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))))


def _identity(text: str) -> str:
    return text


def scrubs_nothing(scrub: Scrub) -> bool:
    """True for the scrub :func:`make_scrub` returns when there is nothing to hide."""
    return scrub is _identity


class _Words:
    """A :data:`Scrub` for a set of words, which can also tell if a text holds any."""

    __slots__ = ("_pattern",)

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._pattern = pattern

    def __call__(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if text else text

    def found_in(self, texts: Iterable[str]) -> bool:
        # One search over the joined fields instead of one substitution per field: a
        # word cannot be missed (at worst a match across the separator costs a full pass).
        return self._pattern.search("\0".join(texts)) is not None


_TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(Element) if f.name not in _STRUCTURAL)


def _texts(element: Element) -> Iterator[str]:
    for name in _TEXT_FIELDS:
        value = getattr(element, name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, str))


def scrub_element(element: Element, scrub: Scrub) -> Element:
    """The element with every string field (and option) scrubbed."""
    if scrub is _identity or (isinstance(scrub, _Words) and not scrub.found_in(_texts(element))):
        return element
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(element, name)
        new: object
        if isinstance(value, str):
            new = scrub(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            new = tuple(scrub(v) for v in value)
        else:
            continue
        if new != value:
            changes[name] = new
    if not changes:
        return element
    if "value" in changes:
        changes["secret"] = True
    return dataclasses.replace(element, **changes)  # type: ignore[arg-type]
