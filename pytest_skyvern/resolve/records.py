"""Steps that name an action and the record it applies to: "delete Grace Hopper's order".

The verb is the name of a control in the record ("Delete"), sometimes with the words
after the record ("add the Mug *to cart*" is the "Add to cart" of the Mug's card; "save
it *for later*"; "mark it *as done*"). The record is found by its words, or counted
("remove the second task"). See :mod:`.scoped` for how the page decides.
"""

from __future__ import annotations

import re

from pytest_skyvern.resolve.phrases import MASK, Reading, ordinal_of, unmask
from pytest_skyvern.resolve.wording import VERBS

_RECORD_STEP = re.compile(r"^(?P<verb>[a-z][a-z-]{1,20})\s+(?P<rest>.+)$", re.I)
_TAIL = re.compile(
    r"^(?P<record>.+?)\s+(?P<prep>to|for|as|from|into|on|in)\s+(?:the\s+|my\s+|your\s+|a\s+)?"
    r"(?P<tail>[a-z]+(?:\s+[a-z]+)?)$",
    re.I,
)
_ORDINAL_RECORD = re.compile(
    r"^(?:the\s+)?(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"last|(?P<n>\d{1,2})(?:st|nd|rd|th))\s+[a-z]+$",
    re.I,
)
#: Words a record step may not start with: they are no action on a record.
_NOT_ACTIONS = frozenset({"the", "a", "an", "my", "your", "this", "that", "i", "we", "it", "is",
                          "are", "be", "there", "here", "what", "which", "who", "how", "why",
                          "when", "if", "and", "or", "please", "ok", "now"})


def record_readings(clause: str, quotes: list[str]) -> tuple[Reading, ...]:
    """The readings of a ``<verb> <record> [<prep> <tail>]`` step, or () if it is none."""
    m = _RECORD_STEP.match(clause.strip())
    if m is None or m.group("verb").lower() in _NOT_ACTIONS:
        return ()
    verb, rest = m.group("verb").lower(), m.group("rest").strip()
    readings: list[Reading] = []
    tail = _TAIL.match(rest)
    if tail is not None:
        phrase = f"{verb} {tail.group('prep').lower()} {tail.group('tail').lower()}"
        readings += _in(phrase, tail.group("record"), quotes)
        readings += _in(tail.group("tail").lower(), tail.group("record"), quotes)
    readings += _in(verb, rest, quotes)
    return tuple(dict.fromkeys(readings))


def is_known_verb(word: str) -> bool:
    return re.fullmatch(VERBS, word, re.I) is not None


def _in(phrase: str, record: str, quotes: list[str]) -> list[Reading]:
    record = record.strip()
    ordinal = _ORDINAL_RECORD.match(record)
    if ordinal is not None:
        position = ordinal_of(ordinal.group("word"), ordinal.group("n"))
        return [Reading(phrase, scope_ordinal=position)]
    words = unmask(record, quotes) if MASK.search(record) else record
    return [Reading(phrase, scope=words)] if words else []
