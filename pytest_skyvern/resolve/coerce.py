"""Turn page text into JSON Schema typed values, refusing anything doubtful.

"$1,299.00" -> 1299.0, "12" -> 12, "Yes" -> True. Text with more than one number, or
with words around the number ("12 items"), is not coerced: the caller treats that as
not confident instead of inventing a value.
"""

from __future__ import annotations

import re
from typing import Any

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
# What may surround a number: currency signs and codes, percent, sign, parentheses.
_AROUND = re.compile(
    r"^\s*(?P<pre>[-+\u2212(]?\s*(?:[$€£¥₹]|USD|EUR|GBP|CHF|JPY|CAD|AUD)?\s*[-+\u2212]?)\s*"
    r"(?P<num>[\d.,]+)\s*(?P<post>(?:[$€£¥₹%]|USD|EUR|GBP|CHF|JPY|CAD|AUD)?\s*\)?)\s*$",
    re.I,
)
_TRUE = frozenset({"yes", "y", "true", "on", "1", "✓", "✔", "checked", "enabled"})
_FALSE = frozenset({"no", "n", "false", "off", "0", "✗", "✘", "unchecked", "disabled"})


class Uncoercible(ValueError):
    """The text does not clearly hold a value of the schema's type."""


def parse_number(text: str) -> float | None:
    """The one number in ``text`` ("$1,299.00", "(5.00)" -> -5.0), or ``None``."""
    m = _AROUND.match(text)
    if m is None or not _NUMBER.fullmatch(m.group("num")):
        return None
    value = float(m.group("num").replace(",", ""))
    pre, post = m.group("pre"), m.group("post")
    negative = any(s in pre for s in "-\u2212") or ("(" in pre and ")" in post)
    if ("(" in pre) != (")" in post):
        return None
    return -value if negative else value


def coerce(text: str | None, schema: dict[str, Any]) -> Any:
    """``text`` as a value of ``schema``'s type; raises ``Uncoercible`` when unsure."""
    raw = schema.get("type", "string")
    types = [raw] if isinstance(raw, str) else list(raw)
    clean = " ".join(text.split()) if text is not None else None
    if not clean and "null" in types:
        return None
    if clean is None:
        raise Uncoercible("no text")
    if "enum" in schema:
        return _enum(clean, schema["enum"])
    for kind in types:
        value = _as(kind, clean)
        if value is not None:
            return value
    raise Uncoercible(f"{clean!r} is not {' or '.join(types)}")


def _as(kind: str, text: str) -> Any:
    if kind == "string":
        return text
    if kind == "number":
        return parse_number(text)
    if kind == "integer":
        number = parse_number(text)
        return int(number) if number is not None and number.is_integer() else None
    if kind == "boolean":
        low = text.casefold()
        return True if low in _TRUE else False if low in _FALSE else None
    return None


def _enum(text: str, options: list[Any]) -> Any:
    matches = [o for o in options if isinstance(o, str) and o.casefold() == text.casefold()]
    if len(matches) != 1:
        raise Uncoercible(f"{text!r} is not one of {options!r}")
    return matches[0]
