"""Rank snapshot elements against a target phrase, and decide if the best is a safe pick.

Scores are additive so reasons stay explainable: a match kind (exact > whole phrase >
contains > fuzzy) on the best field, then role and state adjustments. Only exact and
whole-phrase matches on a role that can take the action are *strong*; a pick also
needs a clear lead over the runner-up, because two equally good matches means the
instruction is ambiguous and a guess would be a silent false answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from pytest_skyvern.resolve.dates import DATE_FORMAT
from pytest_skyvern.resolve.wording import one_edit
from pytest_skyvern.snapshot.model import Element

#: How far ahead of the runner-up the top candidate must be to be picked.
MARGIN = 10.0

_CLICKABLE = frozenset(
    {
        "button", "link", "checkbox", "radio", "tab", "menuitem", "menuitemcheckbox",
        "menuitemradio", "option", "switch", "treeitem", "combobox", "textbox", "searchbox",
        "spinbutton", "slider",
    }
)  # fmt: skip
_FILLABLE = frozenset({"textbox", "searchbox", "combobox", "spinbutton"})
#: Actions any element with a click handler can take, whatever its role.
_POINTER_ACTIONS = frozenset({"click", "press", "hover", "choose", "focus", "expand",
                              "collapse", "close", "open", "view", "sort"})
_SELECTABLE = frozenset({"combobox", "listbox"})
_CHECKABLE = frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"})
_CHOOSABLE = _CHECKABLE | {"option", "tab", "menuitem", "treeitem", "button", "link"}
_ROLES_FOR_ACTION: dict[str, frozenset[str]] = {
    "click": _CLICKABLE,
    "press": _CLICKABLE,
    "fill": _FILLABLE,
    "select": _SELECTABLE,
    "check": _CHECKABLE,
    "uncheck": _CHECKABLE,
    "choose": _CHOOSABLE,
    "focus": _CLICKABLE,
    "expand": _CLICKABLE,
    "collapse": _CLICKABLE,
    "close": frozenset({"button", "link"}),
    "open": _CLICKABLE,
    # "open order 1004": a link, a row, a card; never the checkbox that selects it
    "view": _CLICKABLE - _CHECKABLE - _FILLABLE - {"slider"},
    "sort": _CLICKABLE | {"columnheader"},
}
_ROLES_FOR_HINT: dict[str, frozenset[str]] = {
    "button": frozenset({"button"}),
    "link": frozenset({"link"}),
    "textbox": frozenset({"textbox", "searchbox", "spinbutton", "combobox"}),
    "searchbox": frozenset({"searchbox", "textbox", "combobox"}),
    "checkbox": frozenset({"checkbox", "switch", "menuitemcheckbox"}),
    "radio": frozenset({"radio", "menuitemradio"}),
    "combobox": frozenset({"combobox", "listbox"}),
    "listbox": frozenset({"listbox", "combobox"}),
    "menu": frozenset({"menu", "menubar", "menuitem", "combobox", "button"}),
    "menuitem": frozenset({"menuitem", "menuitemcheckbox", "menuitemradio"}),
    "tab": frozenset({"tab"}),
    "option": frozenset({"option", "radio", "menuitemradio"}),
    "switch": frozenset({"switch", "checkbox"}),
    "slider": frozenset({"slider"}),
    "spinbutton": frozenset({"spinbutton"}),
    "textarea": frozenset({"textbox"}),
    "icon": frozenset({"img"}),
    "img": frozenset({"img"}),
    "row": frozenset({"row"}),
    "item": frozenset({"listitem", "option", "menuitem", "treeitem", "row", "gridcell"}),
    "heading": frozenset({"heading"}),
    "dialog": frozenset({"dialog", "alertdialog"}),
    "card": frozenset(),
    "section": frozenset(),
    "text": frozenset(),
    "record": frozenset(),
}
#: Hints an element with a click handler but another role may still answer to: a span
#: styled as a link, a div styled as a button, a clickable card.
_SOFT_HINTS = frozenset({"button", "link", "tab", "menuitem", "option", "icon", "img", "item",
                         "card", "row", "section", "text", "heading", "menu"})
#: Hints that name an input's type: a date or a time was given and no field.
_TYPED_HINTS = {"date": "date", "time": "time", "datetime": "datetime-local"}
#: Hints that say nothing about the role at all.
_NO_ROLE_HINTS = frozenset({"text"})
#: What the words of a target mean when they name an input's type ("the date").
_INPUT_TYPE_WORDS = {
    "date": "date", "time": "time", "datetime": "datetime-local", "date and time": "datetime-local",
    "month": "month", "week": "week", "color": "color", "colour": "color", "email": "email",
    "e mail": "email", "email address": "email", "password": "password", "phone": "tel",
    "telephone": "tel", "phone number": "tel", "url": "url", "website": "url",
    "number": "number", "file": "file", "search": "search", "range": "range",
}  # fmt: skip
#: An "x" in an instruction is usually the close glyph of a dialog.
_CLOSE_WORDS = frozenset(
    {"x", "\u00d7", "\u2715", "\u2716", "\u2717", "\u2573", "close", "close dialog", "dismiss"}
)  # x, the multiplication sign and the cross glyphs dialogs use
_NOT_TYPABLE = frozenset({"checkbox", "radio", "file", "submit", "button", "reset", "hidden"})
# Field -> penalty: the accessible name is what users read; ids are a weaker signal.
_FIELDS: tuple[tuple[str, float], ...] = (
    ("name", 0.0),
    ("label", 0.0),
    ("placeholder", 2.0),
    ("text", 2.0),
    ("title", 3.0),
    ("test_id", 3.0),
    ("element_id", 4.0),
)
_ARTICLES = re.compile(r" (?:the|a|an|your|my) ")
_POSSESSIVE = re.compile(r"^(?:your|my|our|this|that)\s+", re.I)


@dataclass(frozen=True)
class Candidate:
    """One element, how well it matches, and why. ``strong`` = safe to act on if unique."""

    element: Element
    score: float
    reason: str
    strong: bool = False

    def describe(self) -> str:
        return f"{self.element.describe()}: {self.reason} (score {self.score:.0f})"


def normalise(text: str, *, split_identifiers: bool = False) -> str:
    """Casefold, drop accents and punctuation, collapse whitespace ("Sign-in!" -> "sign in")."""
    if split_identifiers:
        text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def rank(
    elements: Iterable[Element],
    target: str,
    *,
    action: str = "click",
    role_hint: str | None = None,
) -> list[Candidate]:
    """Every element that matches ``target`` at all, best first."""
    if target.strip() in _CLOSE_WORDS:
        target = "x"  # the glyph a close control shows has no letters to match
    variants = {normalise(target), normalise(_POSSESSIVE.sub("", target))} - {""}
    if not variants:
        return _glyph(elements, target.strip(), action)
    found: list[Candidate] = []
    for element in elements:
        candidate = _score(element, variants, action, role_hint)
        if candidate is not None:
            found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.element.ref))
    return found


def _closes(element: Element) -> bool:
    """Whether a control looks like a close button: a cross, "Close", "Dismiss ..."."""
    for raw in (element.name, element.text, element.title or "", element.label or ""):
        words = normalise(raw)
        if raw.strip() in _CLOSE_WORDS or words in _CLOSE_WORDS or words.startswith(
                ("close ", "dismiss")):
            return True
    return False


def _glyph(elements: Iterable[Element], glyph: str, action: str) -> list[Candidate]:
    """A target with no letters ("+", an arrow): the elements that show exactly that."""
    if not glyph:
        return []
    found = [Candidate(e, 100.0, "exact glyph match", role_fits(e, action)) for e in elements
             if glyph in (e.name.strip(), e.text.strip(), (e.title or "").strip())]
    return sorted(found, key=lambda c: c.element.ref)


def pick(candidates: list[Candidate]) -> Candidate | None:
    """The top candidate if it is strong and clearly ahead of the runner-up, else ``None``."""
    if not candidates or not candidates[0].strong:
        return None
    if len(candidates) > 1:
        # A runner-up that is itself a weak match ("shipping" lost in a question) needs
        # less of a lead than a second strong one.
        margin = MARGIN if candidates[1].strong else MARGIN / 2
        if candidates[0].score - candidates[1].score < margin:
            return None
    return candidates[0]


def role_fits(element: Element, action: str) -> bool:
    """Whether ``action`` can be performed on ``element`` at all."""
    if action == "upload":
        return element.input_type == "file"
    if action == "fill" and (element.input_type or "").lower() in _NOT_TYPABLE:
        return False
    if action in {"fill", "press"} and element.input_type == "file":
        return False
    roles = _ROLES_FOR_ACTION.get(action)
    if roles is None or element.role in roles:
        return True
    if action in {"check", "uncheck"}:
        return roleless_box(element)
    if action == "select" and element.role == "button" and any(
            s.startswith("expanded") for s in element.states):
        return True  # a dropdown toggle ("Actions"): its menu holds the options
    return bool(element.clickable) and action in _POINTER_ACTIONS


def roleless_box(element: Element) -> bool:
    """A clickable box with no role and no text: a checkbox drawn with a span or a div
    (``<span class="box" title="Select all">``). What it shows is read when it is ticked."""
    return (element.role == "generic" and bool(element.clickable)
            and not element.text.strip() and element.checked is None)


def hint_fits(element: Element, hint: str) -> bool:
    """Whether ``element`` is what a role word names ("button", "row", "icon")."""
    roles = _ROLES_FOR_HINT.get(hint, frozenset({hint}))
    if hint == "date" and element.input_type in (None, "text") and element.role == "textbox":
        # A text field whose placeholder is a date format ("mm/dd/yyyy") takes a date.
        return bool(DATE_FORMAT.match(element.placeholder or ""))
    if hint in _TYPED_HINTS:
        return element.input_type == _TYPED_HINTS[hint]
    if hint == "textarea":
        return element.role == "textbox" and element.tag == "textarea"
    if element.role in roles or (element.wrapper_role or "") in roles:
        return True
    if hint in {"checkbox", "switch"}:
        return roleless_box(element)
    if hint in {"icon", "img"}:
        return bool(element.clickable) and len(element.text.strip()) <= 2  # a glyph or nothing
    if hint == "card":
        return bool(element.clickable) and element.role == "generic"
    if hint == "record":  # a row, card or item that opens: "open order 1004"
        return element.role in {"row", "listitem", "link", "article", "gridcell"} or (
            bool(element.clickable) and element.role not in _CHECKABLE | _FILLABLE)
    if hint == "section":
        return any(s.startswith("expanded") for s in element.states) or element.tag == "summary"
    return False


def _score(
    element: Element, variants: set[str], action: str, role_hint: str | None
) -> Candidate | None:
    best: tuple[float, str, bool] | None = None
    for field, penalty in _FIELDS:
        raw = getattr(element, field)
        if not raw:
            continue
        value = normalise(raw, split_identifiers=field in {"test_id", "element_id"})
        for variant in variants:
            match = _match(variant, value)
            if match is None:
                continue
            score, kind, strong = match
            score -= penalty
            if best is None or score > best[0]:
                best = (score, f"{kind} {field.replace('_', ' ')} match", strong)
    if "submit" in variants and element.submits and (best is None or best[0] < 86.0):
        best = (86.0, "submit button of its form", True)
    typed = next((_INPUT_TYPE_WORDS[v] for v in sorted(variants) if v in _INPUT_TYPE_WORDS), None)
    if typed is not None and (element.input_type == typed or (
            typed == "date" and hint_fits(element, "date"))) and (best is None or best[0] < 90.0):
        best = (90.0, f"input type {typed} match", True)
    if variants & {"x", "close"} and (best is None or best[0] < 88.0) and _closes(element):
        best = (88.0, "close control match", True)
    if best is None:
        return None
    score, reason, strong = best
    notes: list[str] = []
    if not role_fits(element, action):
        score -= 20
        strong = False
        notes.append(f"role {element.role} does not fit {action}")
    if role_hint is not None and role_hint not in _NO_ROLE_HINTS:
        if hint_fits(element, role_hint):
            score += 5
        elif not (element.clickable and role_hint in _SOFT_HINTS):
            score -= 8
            notes.append(f"not a {role_hint}")
    if element.disabled and action not in {"scroll", "hover"}:
        score -= 25
        strong = False
        notes.append("disabled")
    if not element.in_viewport:
        score -= 3
        notes.append("outside the viewport")
    reason = "; ".join([reason, *notes])
    return Candidate(element, round(score, 1), reason, strong)


def _match(target: str, value: str) -> tuple[float, str, bool] | None:
    if target == value:
        return 100.0, "exact", True
    if target.replace(" ", "") == value.replace(" ", ""):
        return 96.0, "exact", True
    if _ARTICLES.sub(" ", f" {target} ").split() == _ARTICLES.sub(" ", f" {value} ").split():
        return 95.0, "exact", True  # "place the order" is the "Place order" button
    t_words, v_words = target.split(), value.split()
    if _contains_words(v_words, t_words):
        coverage = len(t_words) / len(v_words)
        # A phrase lost in a long text ("Save" in "Save 20% on your first order") is weak.
        return 70.0 + 20.0 * coverage, "whole-phrase", coverage >= 1 / 3 - 1e-9
    if target in value:
        return 40.0 + 10.0 * len(target) / len(value), "partial", False
    if _contains_words(t_words, v_words):
        return 30.0 + 20.0 * len(v_words) / len(t_words), "partial (name inside phrase)", False
    if _one_typo(t_words, v_words):
        return 82.0, "one-typo", True
    t_stems, v_stems = {_stem(w) for w in t_words}, {_stem(w) for w in v_words}
    overlap = len(t_stems & v_stems) / len(t_stems | v_stems)
    if overlap > 0:
        return 35.0 * overlap, "fuzzy", False
    return None


def one_typo(t_words: list[str], v_words: list[str]) -> bool:
    """Whether the words are the same but for one typo (see ``_one_typo``)."""
    return _one_typo(t_words, v_words)


def _one_typo(t_words: list[str], v_words: list[str]) -> bool:
    """Same words but one, which is a letter off and long enough to be unmistakable
    (two swapped letters are unmistakable sooner: "Bcak"); or a missing space ("sigin")."""
    if len(t_words) != len(v_words):
        joined_t, joined_v = "".join(t_words), "".join(v_words)
        return min(len(joined_t), len(joined_v)) >= 5 and one_edit(joined_t, joined_v)
    typos = 0
    for t, v in zip(t_words, v_words, strict=True):
        if t == v or _stem(t) == _stem(v):
            continue
        short = min(len(t), len(v))
        swapped = len(t) == len(v) and sorted(t) == sorted(v)
        if short < (4 if swapped else 5) or not one_edit(t, v):
            # "Sve changes": a short word a letter off, in a name long enough to tell.
            joined_t, joined_v = "".join(t_words), "".join(v_words)
            return len(t_words) > 1 and min(len(joined_t), len(joined_v)) >= 8 and one_edit(
                joined_t, joined_v)
        typos += 1
    return typos == 1


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
