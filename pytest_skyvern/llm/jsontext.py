"""Pull one JSON value out of model text that may carry fences or prose around it."""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```[ \t]*(?:json|JSON)?[ \t]*\n?(?P<body>.*?)```", re.DOTALL)
_DECODER = json.JSONDecoder()


def excerpt(text: str, limit: int = 200) -> str:
    """A short, single-line repr of ``text`` for error messages."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"... ({len(text)} chars)"


def _first_value(text: str) -> Any:
    # raw_decode does the bracket balancing (strings and escapes included), so we only
    # have to try each place a JSON object or array could start.
    for match in re.finditer(r"[\[{]", text):
        try:
            value, _ = _DECODER.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        return value
    raise ValueError("no JSON value found")


def extract_json(text: str) -> Any:
    """Return the JSON value in ``text``.

    Tries, in order: the whole text, the first ``` fenced block, the first balanced
    JSON object or array anywhere. Raises ``ValueError`` when none parses.
    """
    stripped = text.strip()
    try:
        return json.loads(stripped)
    except json.JSONDecodeError:
        pass
    fenced = _FENCE.search(stripped)
    if fenced:
        try:
            return json.loads(fenced.group("body").strip())
        except json.JSONDecodeError:
            pass
    return _first_value(stripped)
