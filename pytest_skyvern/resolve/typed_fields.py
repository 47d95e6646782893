"""Dates and times that name no field: which input of their kind is meant, and a date
entered in separate month, day and year lists, as old forms ask for it.

"repeat weekly until Jan 15" -> the date input labelled "Repeat until" (all its words are
in the step); "book it for 20 May" -> of "Date" and "Alternative date", the one called
just "Date".

"Date of birth: May 20, 1990" next to three ``<select>`` lists in one table cell or
fieldset: the list whose options are month names takes the month, the one that counts to
31 the day, the one of four-digit years the year. Each choice must be one exact option;
anything less certain is left to the next tier.
"""

from __future__ import annotations

from pytest_skyvern.actions import Action
from pytest_skyvern.resolve.dates import parse_date
from pytest_skyvern.resolve.matcher import hint_fits, normalise, one_typo
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import Reading
from pytest_skyvern.snapshot.model import Element, Snapshot

# Fixed English names: ``calendar.month_name`` follows the process locale.
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")


def split_date(found: Element, value: str, snapshot: Snapshot) -> list[Action] | NotConfident:
    """Select the parts of ``value`` in the lists that sit with ``found``."""
    iso = parse_date(value)
    if iso is None:
        return NotConfident(f"{value!r} is no date that lists of days and months can take")
    year, month, day = (int(p) for p in iso.split("-"))
    # The lists of one field sit together (one table cell, one fieldset): the words
    # around them are the same, and the first of them usually carries the label.
    around = found.context[:1]
    lists = [e for e in snapshot.elements.values()
             if e.options and (e.ref == found.ref or (around and e.context[:1] == around))]
    parts: dict[str, tuple[Element, str]] = {}
    for element in lists:
        kind, option = _part(element, year, month, day)
        if kind is None or option is None or kind in parts:
            return NotConfident(f"cannot tell which part of the date {element.describe()} takes")
        parts[kind] = (element, option)
    if "month" not in parts or "day" not in parts:
        return NotConfident(f"{found.describe()} takes no date")
    return [Action(type="select", ref=element.ref, value=option,
                   reasoning=f"select the {kind} in {element.describe()}")
            for kind, (element, option) in parts.items()]


def _part(element: Element, year: int, month: int, day: int) -> tuple[str | None, str | None]:
    """Which part of a date a list holds, and its option for this date."""
    options = [normalise(o) for o in element.options]
    named = [o for o in options if o in _MONTH_NAMES or o[:3] in {m[:3] for m in _MONTH_NAMES}]
    if len(named) >= 12:
        wanted = _MONTH_NAMES[month - 1]
        return "month", _only(element, [o for o, n in zip(element.options, options, strict=True)
                                        if n == wanted or n == wanted[:3]])
    numbers = [int(o) for o in options if o.isdigit()]
    if numbers and all(1000 <= n <= 9999 for n in numbers) and len(numbers) > 1:
        return "year", _only(element, [o for o, n in zip(element.options, options, strict=True)
                                       if n == str(year)])
    if numbers and max(numbers) in {28, 29, 30, 31} and min(numbers) == 1:
        return "day", _only(element, [o for o, n in zip(element.options, options, strict=True)
                                      if n.isdigit() and int(n) == day])
    return None, None


def _only(element: Element, matches: list[str]) -> str | None:
    return matches[0] if len(matches) == 1 else None


DATE_KINDS = frozenset({"date", "time", "datetime"})


def by_label_words(readings: tuple[Reading, ...], snapshot: Snapshot) -> Element | None:
    """Among the inputs of a kind, the one whose label's words all appear in the step
    ("repeat weekly until Jan 15" -> "Repeat until"), if exactly one."""
    for reading in readings:
        if reading.role_hint not in DATE_KINDS:
            continue
        spoken = [w for w in normalise(reading.phrase or "").split() if w not in _KIND_WORDS]
        said = set(spoken)
        inputs = [e for e in snapshot.elements.values() if hint_fits(e, reading.role_hint)]
        named = [e for e in inputs
                 if (words := [w for w in normalise(e.label or e.name or "").split()
                               if w not in _KIND_WORDS])
                 and (set(words) <= said or one_typo(spoken, words))]  # "chekout": Check-out
        if len(named) == 1:
            return named[0]
        # "book it for 20 May": of a "Date" and an "Alternative date", the one that is
        # called just what the value is.
        plain = [e for e in inputs if normalise(e.label or e.name or "") == reading.role_hint]
        if len(plain) == 1:
            return plain[0]
    return None


_KIND_WORDS = frozenset({"date", "time", "day", "the", "of", "a"})

