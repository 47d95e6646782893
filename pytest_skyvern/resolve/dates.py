"""Dates and times as people write them -> the value an ``<input type=date|time|...>`` takes.

Browsers only accept ISO forms in these inputs (``2010-05-20``, ``21:37``,
``2010-05-20T21:37``, ``2010-05``), while instructions say "05/20/2010" or "9:37 PM".
Slashed dates are read month first, as in US English, unless the first number cannot be
a month. Anything not clearly a date or time is returned unchanged.
"""

from __future__ import annotations

import re

_MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
_NUMERIC = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})$")
_NAMED_MDY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_NAMED_DMY = re.compile(
    r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})$", re.I
)
_HOURS = {w: n for n, w in enumerate(
    ["twelve", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven"])}
_SPOKEN = re.compile(
    r"^(?:(?:a\s+)?(?P<part>quarter|half)\s+(?P<rel>past|to)\s+)?(?P<hour>[a-z]+|\d{1,2})"
    r"(?:\s+o'?clock)?(?:\s+(?:in\s+the\s+)?(?P<when>morning|afternoon|evening|night|am|pm))?$",
    re.I,
)
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])?\.?\s?(m)?\.?$", re.I)
_MONTH_ONLY = re.compile(
    r"^(?:(\d{1,2})[/.-](\d{4}|\d{2})|(\d{4})-(\d{1,2})|([a-z]+)\.?\s+(\d{4}))$", re.I
)
_TYPES = frozenset({"date", "time", "datetime-local", "month"})


def readable(value: str, input_type: str | None) -> bool:
    """Whether ``value`` is, or can become, what an input of ``input_type`` takes."""
    if input_type not in _TYPES:
        return True
    return to_input_value(value, input_type) != value or bool(_ISO[input_type].match(value))


_ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
}


def to_input_value(value: str, input_type: str | None) -> str:
    """``value`` in the form an input of ``input_type`` accepts, when it can be read."""
    if input_type not in _TYPES:
        return value
    text = " ".join(value.split())
    converted: str | None
    if input_type == "date":
        converted = parse_date(text)
    elif input_type == "time":
        converted = parse_time(text)
    elif input_type == "month":
        converted = _month(text)
    else:
        converted = _datetime(text)
    return converted or value


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for "05/20/2010", "20.05.2010", "2010-05-20", "May 20, 2010"..."""
    m = _NUMERIC.match(text)
    if m is not None:
        a, sep, b, c = m.groups()
        if len(a) == 4:
            return _iso(int(a), int(b), int(c))
        first, second, year = int(a), int(b), _year(c)
        if sep == "." or first > 12:
            first, second = second, first  # day first
        return _iso(year, first, second)
    m = _NAMED_MDY.match(text)
    if m is not None and m.group(1).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _NAMED_DMY.match(text)
    if m is not None and m.group(2).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def parse_time(text: str) -> str | None:
    """``HH:MM`` (or ``HH:MM:SS``) for "9:37 PM", "21:37", "9pm"..."""
    words = text.strip().lower()
    if words in {"noon", "midday"}:
        return "12:00"
    if words == "midnight":
        return "00:00"
    spoken = _spoken(words)
    if spoken is not None:
        return spoken
    m = _TIME.match(text.strip())
    if m is None or (m.group(2) is None and m.group(4) is None):
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    half = (m.group(4) or "").lower()
    if half and m.group(5) is None and not text.lower().rstrip(".").endswith(("a", "p")):
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        return None
    return f"{hour:02d}:{minute:02d}" + (f":{second}" if second is not None else "")


def _spoken(words: str) -> str | None:
    """"a quarter past ten in the morning" -> 10:15, "half past two in the afternoon" -> 14:30."""
    m = _SPOKEN.match(words)
    # A bare number or word is no time; "ten o'clock", "half past two" are.
    if m is None or not (m.group("part") or m.group("when") or "clock" in words):
        return None
    raw = m.group("hour").lower()
    if raw.isdigit() and (int(raw) > 12 or not (m.group("part") or "clock" in words)):
        return None  # digits with am/pm are read (strictly) by parse_time itself
    hour = _HOURS.get(raw) if not raw.isdigit() else int(raw) % 12
    if hour is None:
        return None
    minute = {None: 0, "quarter": 15, "half": 30}[m.group("part") and m.group("part").lower()]
    if m.group("rel") and m.group("rel").lower() == "to":
        hour, minute = (hour - 1) % 12, 60 - minute
    if (m.group("when") or "").lower() in {"afternoon", "evening", "night", "pm"}:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _datetime(text: str) -> str | None:
    for cut in range(len(text), 0, -1):
        if text[cut - 1 : cut] not in (" ", ",", "T"):
            continue
        day = parse_date(text[: cut - 1].strip(" ,"))
        time = parse_time(re.sub(r"^(?:at\s+)", "", text[cut:].strip(), flags=re.I))
        if day and time:
            return f"{day}T{time}"
    return None


def _month(text: str) -> str | None:
    m = _MONTH_ONLY.match(text)
    if m is None:
        return None
    if m.group(1):
        month, year = int(m.group(1)), _year(m.group(2))  # a card's "11/29" too
    elif m.group(3):
        year, month = int(m.group(3)), int(m.group(4))
    else:
        name = m.group(5).lower()
        if name not in _MONTHS:
            return None
        month, year = _MONTHS[name], int(m.group(6))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 70 else 1900
    return year


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1000 <= year <= 9999):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


#: A text field's placeholder that shows the date format it takes: "mm/dd/yyyy".
_PART = r"(mm|dd|m|d|yyyy|yy)"
DATE_FORMAT = re.compile(rf"^\s*{_PART}([/.\- ]){_PART}\2{_PART}\s*$", re.I)


def in_format(value: str, pattern: str) -> str | None:
    """``value`` (any date this module reads) written as ``pattern`` says ("mm/dd/yyyy")."""
    m = DATE_FORMAT.match(pattern)
    iso = parse_date(value.strip())
    if m is None or iso is None:
        return None
    year, month, day = iso.split("-")
    parts = {"yyyy": year, "yy": year[2:], "mm": month, "m": str(int(month)), "dd": day,
             "d": str(int(day))}
    return m.group(2).join(parts[m.group(i).lower()] for i in (1, 3, 4))

