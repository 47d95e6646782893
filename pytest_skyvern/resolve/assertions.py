"""The LLM-free assertion compiler: a claim in plain words -> what a check must look at.

``parse_claim("the Sign in button is disabled")`` gives a ``ClaimSpec``: a condition
(``disabled``), the phrase naming its element (``the Sign in button``) and what is
expected. It is pure text work, with no page: the agent finds the element on the page
and turns the spec into a stored check program. A claim that reads as none of the
simple forms gives ``None``, and the LLM compiles it instead. It never guesses: "the
page offers a sign-in form" is not a simple form, so it is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

Condition = Literal[
    "visible", "hidden", "has_text", "contains_text", "count", "value", "checked",
    "unchecked", "enabled", "disabled", "url", "number",
]
CONDITIONS: tuple[str, ...] = get_args(Condition)
Op = Literal["eq", "ne", "lt", "le", "gt", "ge"]
OPS: tuple[str, ...] = get_args(Op)


@dataclass(frozen=True)
class ClaimSpec:
    """What one simple claim checks. ``target`` names an element in the resolver's words
    ("the Email field"); without it the check looks at the page (its text, its URL)."""

    condition: Condition
    target: str | None = None
    #: Text looked for on the whole page (``visible`` / ``hidden`` without a target).
    text: str | None = None
    #: Expected text or input value; for ``url`` a regular expression.
    expected: str | None = None
    number: float | None = None
    op: Op = "eq"
    #: For ``count``: what is counted ("invoices"); for ``number``: the label ("total").
    noun: str | None = None


# Straight quotes, and the curly ones word processors put in.
_Q = (r"""(?:'(?P<q1>[^']*)'|"(?P<q2>[^"]*)"|"""
      r"\u201c(?P<q3>[^\u201d]*)\u201d|\u2018(?P<q4>[^\u2019]*)\u2019)")
_NUM = r"(?P<num>-?[$€£]?\s?-?\d[\d,]*(?:\.\d+)?)"
_WORDS = {"no": 0, "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4,
          "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
_COUNT_WORD = r"(?P<n>\d+|" + "|".join(w for w in _WORDS if w not in ("a", "an")) + ")"
_SHOWN = r"(?:shown|displayed|visible|present|listed|there|on\s+(?:the\s+)?(?:page|screen))"
_PAGE = r"(?:the\s+)?(?:page|screen|site|app|browser)"
_FIELD = re.compile(r"\b(?:field|input|textbox|text\s*box|box|textarea)\s*$", re.I)
_OPS = (
    (r"at\s+least|no\s+(?:less|fewer)\s+than", "ge"), (r"at\s+most|no\s+more\s+than", "le"),
    (r"more\s+than|greater\s+than|over|above|higher\s+than", "gt"),
    (r"less\s+than|fewer\s+than|under|below|lower\s+than", "lt"),
    (r"not|other\s+than", "ne"), (r"exactly|equal\s+to|", "eq"),
)
_OP = "(?P<op>" + "|".join(f"(?:{words})" for words, _ in _OPS if words) + r")?\s*"
_STATES: dict[str, Condition] = {
    "disabled": "disabled", "greyed out": "disabled", "grayed out": "disabled",
    "not clickable": "disabled", "enabled": "enabled", "clickable": "enabled",
    "checked": "checked", "ticked": "checked", "selected": "checked", "on": "checked",
    "unchecked": "unchecked", "not checked": "unchecked", "unticked": "unchecked",
    "not ticked": "unchecked", "not selected": "unchecked", "off": "unchecked",
    "visible": "visible", "shown": "visible", "displayed": "visible",
    "hidden": "hidden", "not visible": "hidden", "not shown": "hidden",
    "not displayed": "hidden", "invisible": "hidden", "gone": "hidden",
}
_STATE = "|".join(sorted((re.escape(s).replace(r"\ ", r"\s+") for s in _STATES), key=len,
                         reverse=True))
_BE = r"(?:is|are|should\s+be|must\s+be|is\s+now|remains|stays)"


def _quoted(match: re.Match[str]) -> str:
    return next(v for k in ("q1", "q2", "q3", "q4") if (v := match.group(k)) is not None)


def _clean(claim: str) -> str:
    text = " ".join(claim.split()).strip()
    text = re.sub(r"^(?:check|verify|assert|ensure|confirm)\s+(?:that\s+)?", "", text, flags=re.I)
    return text.rstrip(".!")


def _op(words: str | None) -> Op:
    words = " ".join((words or "").lower().split())
    for pattern, op in _OPS:
        if pattern and re.fullmatch(pattern, words):
            return op  # type: ignore[return-value]
    return "eq"


def parse_number(text: str) -> float | None:
    """The first number in ``text`` ("Total: $1,250.00" -> 1250.0), or None."""
    found = re.search(r"-?\d[\d,]*(?:\.\d+)?", text.replace("\u2212", "-"))
    if found is None:
        return None
    try:
        return float(found.group(0).replace(",", ""))
    except ValueError:
        return None


def url_pattern(name: str) -> str | None:
    """The URL regex of "the invoices page": its words in the path, singular or plural."""
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower())
             if w not in ("the", "my", "a", "an", "our", "your", "page", "screen", "view")]
    if not words or len(words) > 4:
        return None
    parts = [re.escape(w[:-1]) + "s?" if w.endswith("s") and len(w) > 3 else re.escape(w)
             + "s?" for w in words]
    return "(?i)" + r"[-_/ ]?".join(parts)


def parse_claim(claim: str) -> ClaimSpec | None:
    """The simple check ``claim`` states, or None when only an LLM can read it."""
    text = _clean(claim)
    for parse in (_url, _page_text, _count, _field, _element_text, _number, _state):
        spec = parse(text)
        if spec is not None:
            return spec
    return None


def _url(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?:(?:we|you|i|the\s+user)\s+(?:are|am|is)|we're|i'm|you're)\s+"
                     r"(?:now\s+)?(?:on|at|in)\s+(?P<name>.+?)\s+(?:page|screen|view)", text,
                     re.I)
    if m:
        pattern = url_pattern(m.group("name"))
        return None if pattern is None else ClaimSpec("url", expected=pattern)
    m = re.fullmatch(r"(?:the\s+)?(?:url|address|location)\s+(?P<how>contains|includes|"
                     r"ends\s+with|is|matches)\s+" + _Q, text, re.I)
    if m:
        value, how = _quoted(m), m.group("how").lower()
        tail = "$" if how.startswith("ends") else ""
        pattern = value if how == "matches" else re.escape(value) + tail
        return ClaimSpec("url", expected=pattern)
    return None


def _page_text(text: str) -> ClaimSpec | None:
    m = re.fullmatch(_PAGE + r"\s+(?P<neg>does\s+not\s+|doesn't\s+|no\s+longer\s+)?"
                     r"(?:shows?|displays?|contains?|says?|reads?|includes?|mentions?|has)\s+"
                     r"(?:the\s+(?:text|message|words?)\s+)?" + _Q, text, re.I)
    if m is None:
        m = re.fullmatch(r"(?:the\s+(?:text|message|words?)\s+)?" + _Q + r"\s+(?:is|are)\s+"
                         r"(?P<neg>not\s+|no\s+longer\s+)?" + _SHOWN, text, re.I)
    if m is None:
        return None
    return ClaimSpec("hidden" if m.group("neg") else "visible", text=_quoted(m))


def _count(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?:there\s+(?:are|is)\s+)?" + _OP + _COUNT_WORD +
                     r"\s+(?P<noun>[A-Za-z][\w -]*?)(?:\s+(?:are|is))?(?:\s+" + _SHOWN +
                     r")?(?:\s+(?:in|on)\s+the\s+(?:list|table|page))?", text, re.I)
    if m is None or (not m.group(0).lower().startswith("there") and m.group("noun") is None):
        return None
    noun = m.group("noun").strip()
    raw = m.group("n").lower()
    number = float(raw) if raw.isdigit() else float(_WORDS[raw])
    # "3 invoices" is a count only when it says they are there; "5 stars" alone is not.
    said = re.search(r"\b(?:there\s+(?:are|is)|" + _SHOWN + r")\b", text, re.I)
    if said is None or len(noun.split()) > 3:
        return None
    return ClaimSpec("count", number=number, op=_op(m.group("op")), noun=noun)


def _field(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?P<target>.+?)\s+" + _BE + r"\s+(?:empty|blank|cleared)", text, re.I)
    if m and _FIELD.search(m.group("target")):
        return ClaimSpec("value", target=m.group("target"), expected="")
    m = re.fullmatch(r"(?P<target>.+?)\s+(?:is|has|holds|contains|shows|reads|says|"
                     r"has\s+the\s+value)\s+" + _Q, text, re.I)
    if m and _FIELD.search(m.group("target")):
        return ClaimSpec("value", target=m.group("target"), expected=_quoted(m))
    return None


def _element_text(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?P<target>(?:the|a|an)\s+.+?)\s+(?P<how>says|reads|shows|displays|"
                     r"is\s+titled|is\s+labell?ed|is|contains|includes|mentions)\s+" + _Q,
                     text, re.I)
    if m is None or re.fullmatch(_PAGE, m.group("target"), re.I):
        return None
    how = m.group("how").lower()
    condition: Condition = "contains_text" if how in ("contains", "includes", "mentions") \
        else "has_text"
    return ClaimSpec(condition, target=m.group("target"), expected=_quoted(m))


def _number(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?P<label>(?:the\s+)?[A-Za-z][\w ]*?)\s+(?:is|equals|shows|reads|"
                     r"comes\s+to|amounts\s+to|should\s+be)\s+" + _OP + _NUM, text, re.I)
    if m is None:
        return None
    number = parse_number(m.group("num"))
    label = re.sub(r"^the\s+", "", m.group("label"), flags=re.I).strip()
    if number is None or not label or len(label.split()) > 4:
        return None
    return ClaimSpec("number", number=number, op=_op(m.group("op")), noun=label)


def _state(text: str) -> ClaimSpec | None:
    m = re.fullmatch(r"(?P<target>(?:the|a|an)\s+.+?)\s+" + _BE + r"\s+(?P<state>" + _STATE +
                     r")", text, re.I)
    if m is None or re.fullmatch(_PAGE, m.group("target"), re.I):
        return None
    state = " ".join(m.group("state").lower().split())
    return ClaimSpec(_STATES[state], target=m.group("target"))
