"""Steps that fill several fields, or say only the value: how forms get described.

- compound fills: "enter the username 'a' and the password 'b' (into the text fields)",
  "enter first name 'Ada', last name 'Lovelace' and email ada@example.com";
- terse pairs: "username: ada", "First name: Ada, last name: Lovelace", "DOB 20.05.2010",
  "Delivery at 14:05";
- steps that give only a date or a time: "deliver it on July 4th, 2026" fills the date
  input (the only one, or the one the other words name).
"""

from __future__ import annotations

import dataclasses
import re

from pytest_skyvern.resolve.grammar import DATE, DATETIME, FIELDS_WORD, INTO, MONTH_YEAR, TIME
from pytest_skyvern.resolve.intent import Intent
from pytest_skyvern.resolve.phrases import MASK, M, Reading, read_target, unmask
from pytest_skyvern.resolve.wording import VERBS, split_list

# Bare (unquoted) values are accepted only as one token or as a date or time; these
# tokens are descriptions of a value, not values, and need an LLM.
_VAGUE_VALUES = {"something", "anything", "it", "them", "random", "valid", "a", "an", "the",
                 "value", "text", "name", "some", "any", "this", "that"}
_NOT_FIELD_END = r"(?<!\bwith)(?<!\bto)(?<!\bas)(?<!\binto)(?<!\bin)(?<!\bfor)(?<!\bon)"
# "the username 'a'" / "email ada@example.com" (a bare value that is data, not a word)
_PAIR = re.compile(
    rf"^(?:the\s+|your\s+|a\s+|my\s+)?(?P<field>[a-z][\w' -]{{0,40}}?){_NOT_FIELD_END}\s*[:=]?\s+"
    rf"(?P<value>{M}|[\w.+-]*[@\d][\w.@/+:-]*|[A-Z][\w'.-]*)$",
    re.I,
)
_COMPOUND = re.compile(
    rf"^(?:type|enter|input|write|put|fill(?:\s+in|\s+out)?|provide)\s+(?:in\s+)?(?P<body>.+?)"
    rf"(?:\s+{INTO}\s+(?:the\s+)?(?:(?:two|both|all|respective|corresponding)\s+)?"
    rf"{FIELDS_WORD})?$",
    re.I,
)
#: Where a "field: value" pair starts: after the start, a comma, a semicolon or "and".
_COLON_FIELD = re.compile(
    r"(?:^|[,;]\s*|\s+and\s+)(?P<field>[a-z][\w .'/&-]{0,40}?)\s*:\s+", re.I
)
_LEADING_FILL = re.compile(
    r"^(?:please\s+)?(?:fill\s+in|fill\s+out|fill|enter|type|set|put|add)\s+(?:in\s+)?", re.I
)
_DATA = rf"(?:{DATETIME}|{MONTH_YEAR}|{TIME}|[\w.+-]*\d[\w.@/+-]*|\S+@\S+)"
# "DOB 20.05.2010", "Delivery at 14:05", "chek-in date 2010-05-20"
_TERSE = re.compile(
    rf"^(?P<field>[a-z][\w .'-]{{0,40}}?)\s*(?:\s(?:at|on|for|of|to|is|=)\s+|\s+)"
    rf"(?P<value>{_DATA})$",
    re.I,
)
_NEXT_TERSE = re.compile(r",\s*(?=[a-z][\w .'-]{0,40}?\s+\S*\d)", re.I)
_DATE_OR_TIME = re.compile(rf"(?P<date>{DATE})(?:\s*,?\s*(?:at\s+)?(?P<time>{TIME}))?|"
                           rf"(?P<alone>{TIME})", re.I)
_FILLER = frozenset({"i", "we", "we'll", "ll", "it", "me", "my", "the", "a", "an", "on", "at",
                     "for", "in", "by", "of", "to", "please", "was", "am", "will", "around",
                     "about", "be", "is", "set", "make", "want", "would", "like", "so"})


def value_of(raw: str, quotes: list[str]) -> str | None:
    """A value as written: a quote's words, a placeholder, a date, a single data token."""
    raw = raw.strip()
    if MASK.fullmatch(raw):
        return unmask(raw, quotes)
    # A stray quote means the value's end is a guess ("type 'abc into Name").
    if raw.lower() in _VAGUE_VALUES or MASK.search(raw) or re.search(r"['\"\u2018\u201c]", raw):
        return None
    return raw


def values_of(raw: str, quotes: list[str]) -> tuple[str, ...] | None:
    """Several quoted options ("select 'A' and 'B' from the list"), or None."""
    items = split_list(raw)
    if len(items) < 2 or not all(MASK.fullmatch(i.strip()) for i in items):
        return None
    return tuple(unmask(i.strip(), quotes) for i in items)


def fill(field: str, value: str, quotes: list[str]) -> Intent | None:
    """A fill of ``field``; a date or time value may also go into the one input of its
    kind ("birthday: March 3, 1990" into the only date input)."""
    readings = read_target(field, quotes)
    if not readings or readings[0].phrase is None:
        return None
    kind = _kind_of(value)
    if kind is None:
        return Intent.on("fill", readings, value=value)
    typed = tuple(dataclasses.replace(r, role_hint=r.role_hint or kind) for r in readings)
    also: tuple[str, ...] = ()
    if kind == "datetime":
        split = _DATE_OR_TIME.fullmatch(value.strip())
        if split is not None and split.group("time"):
            also = (split.group("date"), split.group("time"))
    # The words may name the field, or only the occasion ("book it for 20 May at 19:30").
    return Intent.on("fill_typed", (*readings, *typed, Reading(None, kind)), value=value,
                     values=also)


def _kind_of(value: str) -> str | None:
    text = value.strip()
    if re.fullmatch(DATETIME, text, re.I) and re.search(TIME, text, re.I):
        return "datetime"
    if re.fullmatch(DATE, text, re.I):
        return "date"
    if re.fullmatch(TIME, text, re.I):
        return "time"
    return None


def compound_fill(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"enter the username 'a' and the password 'b'": one fill per field and value."""
    m = _COMPOUND.match(clause)
    if m is None:
        return None
    items = split_list(m.group("body"))
    intents: list[Intent] = []
    for item in items:
        pair = _PAIR.match(item.strip())
        if pair is None or (len(items) < 2 and not MASK.fullmatch(pair.group("value"))):
            return None  # a bare value is taken only in a list of pairs
        value = value_of(pair.group("value"), quotes)
        intent = fill(pair.group("field"), value, quotes) if value is not None else None
        if intent is None:
            return None
        intents.append(intent)
    return intents or None


_SET_PAIRS = re.compile(r"^(?:set|change|update|make)\s+(?P<body>.+)$", re.I)
_TO_VALUE = re.compile(rf"^(?:the\s+)?(?P<field>[a-z][\w' -]{{0,40}}?)\s+to\s+(?P<value>{M})$",
                       re.I)


def set_pairs(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"change the name to 'Grace' and the bio to 'Rear admiral'": one fill per pair."""
    m = _SET_PAIRS.match(clause)
    if m is None:
        return None
    items = split_list(m.group("body"))
    if len(items) < 2:
        return None
    intents: list[Intent] = []
    for item in items:
        pair = _TO_VALUE.match(item)
        value = unmask(pair.group("value"), quotes) if pair else ""
        intent = fill(pair.group("field"), value, quotes) if pair else None
        if intent is None:
            return None
        intents.append(intent)
    return intents


def colon_pairs(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"First name: Ada, last name: Lovelace": the words before a colon name the field."""
    starts = list(_COLON_FIELD.finditer(clause))
    if not starts or starts[0].start() != 0:
        return None
    intents: list[Intent] = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(clause)
        raw = clause[start.end() : end].strip().rstrip(".")
        value = unmask(raw, quotes).strip() if raw else ""
        field = _LEADING_FILL.sub("", start.group("field")).strip()
        intent = fill(field, value, quotes) if value and field else None
        if intent is None:
            return None
        intents.append(intent)
    return intents


def terse_pairs(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"DOB 20.05.2010", "chek-in date 2010-05-20, chekout 2010-05-23": field, then data."""
    parts = [p.strip() for p in _NEXT_TERSE.split(clause)]
    intents: list[Intent] = []
    for part in parts:
        m = _TERSE.match(part)
        if m is None or MASK.search(part):
            return None
        intent = fill(_LEADING_FILL.sub("", m.group("field")), m.group("value"), quotes)
        if intent is None:
            return None
        intents.append(intent)
    return intents or None


_IN_LIST = re.compile(
    r"^(?P<value>[A-Za-z][\w' .-]{0,30}?)\s+(?:in|for|as)\s+(?:the\s+)?"
    r"(?P<target>[a-z][\w -]{0,30}?)(?:\s+(?:list|dropdown|drop-down|menu|select|field))?$",
    re.I,
)


def in_list(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"Germany in country": an option of the list the last words name."""
    m = _IN_LIST.match(clause)
    if m is None or MASK.search(clause) or re.match(rf"(?:{VERBS})\b", clause, re.I):
        return None
    readings = read_target(m.group("target"), quotes)
    if not readings:
        return None
    return [Intent.on("select", readings, value=m.group("value").strip())]


def dated(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"deliver it on July 4th, 2026 at 6:30 pm": the date (and time) input is meant."""
    if MASK.search(clause):
        return None
    found = list(_DATE_OR_TIME.finditer(clause))
    if len(found) != 1:
        return None
    m = found[0]
    rest = (clause[: m.start()] + " " + clause[m.end() :]).strip()
    words = [w for w in re.findall(r"[\w'-]+", rest.lower()) if w not in _FILLER]
    phrase = " ".join(words) or None
    if m.group("alone"):
        return [_typed("time", m.group("alone"), phrase)]
    if m.group("time"):
        # One datetime-local input, or a date input and a time input.
        both = f"{m.group('date')} {m.group('time')}"
        return [_typed("datetime", both, phrase, also=(m.group("date"), m.group("time")))]
    return [_typed("date", m.group("date"), phrase)]


def _typed(kind: str, value: str, phrase: str | None, also: tuple[str, ...] = ()) -> Intent:
    readings = [Reading(None, kind)]
    if phrase:
        readings.insert(0, Reading(phrase, kind))
    return Intent.on("fill_typed", tuple(readings), value=value, values=also)
