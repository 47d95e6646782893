"""Find an element by the record it sits in: "the Delete in Grace Hopper's row".

Each snapshot element carries the words of the nodes around it, innermost first (its
row, then its table...). Among the elements the phrase names, the one whose *nearest*
surrounding words contain every word of the record is meant, if exactly one has the
nearest such surroundings; the Delete of another row only meets the record's words
further out, in the table that holds every row. "The second product" counts records:
the phrase's elements in reading order, each in a record of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_skyvern.resolve.matcher import Candidate, normalise
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.snapshot.model import Element

#: Words that name the kind of record, not which one: "Grace's *order*".
RECORD_NOUNS = frozenset(
    {"row", "rows", "record", "entry", "item", "line", "order", "task", "todo", "post", "card",
     "product", "user", "account", "file", "message", "person", "customer", "member", "tile",
     "section", "box", "listing", "result", "comment", "article", "ticket", "issue", "profile",
     "contact", "one", "s", "the", "a", "an", "of", "for", "with", "named", "called", "to",
     "from", "on", "in", "at", "by", "about", "my", "his", "her", "their", "its"}
)


def record_words(scope: str) -> set[str]:
    """The words that tell one record from another ("Grace Hopper's order" -> grace, hopper)."""
    return {w for w in normalise(scope).split() if w not in RECORD_NOUNS}


def in_record(
    candidates: Sequence[Candidate], scope: str | None, position: int | None,
    order: dict[str, int], *, alone: bool = False,
) -> tuple[Element, bool] | NotConfident:
    """The one candidate in the record ``scope`` names, or at ``position`` among records.
    ``alone``: the record itself is the target ("open order 1004"), so exactly one
    candidate may say the words at all."""
    strong = [c.element for c in candidates if c.strong]
    if not strong:
        return NotConfident("nothing in any record matches the phrase")
    if position is not None:
        return _nth_record(strong, position, order)
    words = record_words(scope or "")
    if not words:
        return NotConfident(f"{scope!r} does not say which record")
    found: list[tuple[int, Element]] = []
    for element in strong:
        size = _nearest(element, words)
        if size is not None:
            found.append((size, element))
    if not found:
        return NotConfident(f"no {scope!r} around any element that matches")
    if alone and len(found) > 1:
        return NotConfident(f"{len(found)} records say {scope!r}",
                            [e.describe() for _, e in found[:5]], ambiguous=True)
    nearest = min(size for size, _ in found)
    best = [e for size, e in found if size == nearest]
    if len(best) != 1:
        return NotConfident(f"several elements sit in a record that says {scope!r}",
                            [e.describe() for e in best[:5]], ambiguous=True)
    return best[0], False


#: A record (a row, a card, a list item) says at most this much; more is a list of them.
RECORD_CHARS = 200


def _nearest(element: Element, words: set[str]) -> int | None:
    """The length of the nearest record-sized text holding all ``words``: the element's
    own (a clickable row), then what surrounds it."""
    own = " ".join(filter(None, (element.name, element.text)))
    for text in (own, *element.context[:2]):
        if len(text) > RECORD_CHARS:
            break
        have = set(normalise(text).split())
        stems = {w.rstrip("s") for w in have}
        if all(w in have or w.rstrip("s") in stems for w in words):
            return len(text)
    return None


def _nth_record(strong: list[Element], position: int, order: dict[str, int]
                ) -> tuple[Element, bool] | NotConfident:
    ordered = sorted(strong, key=lambda e: order.get(e.ref, 0))
    # Each must sit in a record of its own: some level of their surroundings tells them
    # all apart (a post's actions bar is alike in every post; the post itself is not).
    levels = range(max((len(e.context) for e in ordered), default=0))
    if not any(len({e.context[i] if i < len(e.context) else "" for e in ordered}) == len(ordered)
               for i in levels):
        return NotConfident("some records hold more than one such element")
    index = position - 1 if position > 0 else len(ordered) + position
    if not 0 <= index < len(ordered):
        return NotConfident(f"asked for record {position} of {len(ordered)}")
    return ordered[index], False
