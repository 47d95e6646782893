"""Which element one reading of a target names, or why none does.

A reading is a phrase with a role, an ordinal, a record it sits in, or a dialog
(:mod:`.phrases`). The answer is one element and whether its name matched exactly,
or a ``NotConfident`` that says what was seen: nothing, a loose match only, or several
elements that match about equally well (an ambiguity, where nothing is safe).
"""

from __future__ import annotations

from pytest_skyvern.resolve.lists import nth_of_list
from pytest_skyvern.resolve.matcher import (
    Candidate,
    hint_fits,
    normalise,
    pick,
    rank,
    role_fits,
)
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import ROLE_ONLY_OK, Reading
from pytest_skyvern.resolve.scoped import RECORD_CHARS, in_record
from pytest_skyvern.snapshot.model import Element, Snapshot

#: How many candidates a ``NotConfident`` lists.
MAX_CANDIDATES = 5


#: Actions whose target, when nothing names it, may be found by its visible text alone.
#: Actions a disabled element still takes (a read-only text area scrolls).
_INERT_OK = frozenset({"scroll", "hover"})


_TEXT_ACTIONS = frozenset({"click", "choose", "hover", "expand", "collapse", "open", "sort"})


#: What a role word alone counts ("the text field": any of these is one).
_ROLE_ONLY_ROLES: dict[str, frozenset[str]] = {
    "textbox": frozenset({"textbox", "searchbox", "spinbutton"}),
    "spinbutton": frozenset({"spinbutton"}),
    "searchbox": frozenset({"searchbox"}),
    "combobox": frozenset({"combobox", "listbox"}),
    "listbox": frozenset({"listbox", "combobox"}),
    "checkbox": frozenset({"checkbox"}),
    "switch": frozenset({"switch"}),
    "menu": frozenset({"menu", "menubar"}),
}


def combined_failure(failures: list[NotConfident]) -> NotConfident:
    """One hand-over for all readings: an ambiguity first; text to look for only if no
    reading matched anything clearly."""
    ambiguous = [f for f in failures if f.ambiguous]
    if ambiguous:
        return ambiguous[0]
    first = failures[0]
    texts = tuple(dict.fromkeys(t for f in failures for t in f.wanted_texts))
    return NotConfident(first.reason, first.candidates, wanted_texts=texts)


def by_reading(reading: Reading, action: str, snapshot: Snapshot
                ) -> tuple[Element, bool] | NotConfident:
    """The element one reading names, and whether its name matched exactly."""
    elements = list(snapshot.elements.values())
    if reading.in_dialog:
        elements = [e for e in elements if e.in_dialog]
        if not elements:
            return NotConfident("the page shows no dialog")
    if reading.scope is not None or reading.scope_ordinal is not None:
        return by_record(reading, action, elements)
    if reading.phrase is None:
        return _by_role(reading, action, elements)
    candidates = rank(elements, reading.phrase, action=action, role_hint=reading.role_hint)
    if reading.exact_only:
        return _exact_control(candidates, reading, snapshot)
    if reading.ordinal is not None:
        strong = [c.element for c in candidates if c.strong and role_fits(c.element, action)
                  and (reading.role_hint is None or hint_fits(c.element, reading.role_hint))]
        if not strong and reading.role_hint is None and " " not in reading.phrase.strip():
            # "the third result": a noun no element is called, maybe the name of a list.
            found = nth_of_list(reading.phrase, reading.ordinal, action, elements)
            if isinstance(found, Element):
                return found, False
        return _nth(_in_order(strong, elements), reading, candidates)
    best = pick(candidates) or _in_open_dialog(candidates)
    if best is not None and not best.reason.startswith("exact") and action != "close" and (
            _hidden_twin(reading.phrase, snapshot)):
        return NotConfident(
            f"a control named exactly {reading.phrase!r} is on the page but not shown; "
            f"{best.element.describe()} only shares its words", [best.describe()])
    if best is not None:
        return best.element, best.reason.startswith("exact")
    sole = _sole_of_role(reading, action, elements)
    if sole is not None and not any(c.strong for c in candidates if c.element is not sole):
        return sole, False
    unnamed = _toggle_of_row(reading.phrase, action, elements)
    if unnamed is not None and not any(c.strong or c.reason.startswith("exact")
                                       for c in candidates):
        return unnamed, False
    wanted = (reading.phrase,) if not any(c.strong for c in candidates) else ()
    return NotConfident(_why_not(reading.phrase, candidates), _describe(candidates),
                        ambiguous=_ambiguous(candidates),
                        wanted_texts=wanted if action in _TEXT_ACTIONS else ())


def by_record(reading: Reading, action: str, elements: list[Element]
               ) -> tuple[Element, bool] | NotConfident:
    order = {e.ref: i for i, e in enumerate(elements)}
    if reading.phrase is None and reading.scope_ordinal is not None:
        # "the checkbox of the 2nd order": a header's select-all box would count too.
        return NotConfident("counting records by a role alone is a guess")
    if reading.phrase is None:
        roles = _ROLE_ONLY_ROLES.get(reading.role_hint or "")
        fitting = [e for e in elements if role_fits(e, action) and not e.disabled and (
            e.role in roles if roles else hint_fits(e, reading.role_hint or ""))]
        candidates = [Candidate(e, 100.0, "role", True) for e in fitting]
    else:
        candidates = [c for c in rank(elements, reading.phrase, action=action,
                                      role_hint=reading.role_hint) if role_fits(c.element, action)]
    return in_record(candidates, reading.scope, reading.scope_ordinal, order,
                     alone=reading.role_hint == "record")


def _by_role(reading: Reading, action: str, elements: list[Element]
             ) -> tuple[Element, bool] | NotConfident:
    hint = reading.role_hint or ""
    if reading.ordinal is None and not reading.any_one and hint not in ROLE_ONLY_OK:
        return NotConfident(f"{hint or 'a role'} alone does not name one element")
    roles = _ROLE_ONLY_ROLES.get(hint)
    fitting = [e for e in elements if role_fits(e, action) and (
        e.role in roles or (e.wrapper_role or "") in roles if roles else hint_fits(e, hint))]
    if reading.ordinal is not None and hint not in ROLE_ONLY_OK:
        # "the second question": sections, cards and items of a whole page are not one
        # list; counting them across the page would be a guess, unless the page shows
        # one list the noun names.
        found = nth_of_list(reading.noun or hint, reading.ordinal, action, elements)
        return (found, False) if isinstance(found, Element) else found
    if reading.ordinal is not None and _lookalikes_among(fitting, elements):
        return NotConfident(f"elements without the {hint} role that act as one sit among "
                            f"the {hint}s: counting them is a guess",
                            [e.describe() for e in fitting[:MAX_CANDIDATES]])
    if reading.ordinal is not None:
        return _nth(fitting, reading, [])
    if reading.any_one:
        enabled = [e for e in fitting if not e.disabled]
        if enabled:
            return enabled[0], False  # "click a checkbox": any one of them is what was asked
    if len(fitting) > 1 and action in {"check", "uncheck"}:
        # "untick the checkbox" with one of two ticked: the one it can change.
        fitting = [e for e in fitting if e.checked is (action == "uncheck")] or fitting
    if len(fitting) != 1:
        return NotConfident(
            f"{len(fitting)} elements are a {hint}; the instruction names none of them",
            [e.describe() for e in fitting[:MAX_CANDIDATES]], ambiguous=len(fitting) > 1,
        )
    if fitting[0].disabled and action not in _INERT_OK:
        return NotConfident(f"the only {hint} is disabled", [fitting[0].describe()])
    return fitting[0], False


def _lookalikes_among(counted: list[Element], elements: list[Element]) -> bool:
    """A role-less clickable beside the counted elements (a link-styled ``<span>`` in the
    paragraph of the links): to a reader it may be one of them."""
    around = {e.context[0] for e in counted if e.context}
    return any(e.clickable and e not in counted and e.role == "generic" and e.context
               and e.context[0] in around for e in elements)


def _hidden_twin(phrase: str, snapshot: Snapshot) -> bool:
    wanted = normalise(phrase)
    return any(normalise(name) == wanted for name in snapshot.hidden_names)


def _in_open_dialog(candidates: list[Candidate]) -> Candidate | None:
    """With a dialog open, its own button is the one meant ("click Delete" on a confirm
    dialog over a list of Delete buttons): exactly one strong match in a dialog wins when
    the others lie under its backdrop (a toast above it is still a rival)."""
    strong = [c for c in candidates if c.strong]
    inside = [c for c in strong if c.element.in_dialog]
    behind = all(c.element.covered for c in strong if not c.element.in_dialog)
    if len(inside) == 1 and len(strong) > 1 and behind and inside[0].score >= strong[0].score - 0.1:
        return inside[0]
    return None


_STOPWORDS = frozenset({"the", "a", "an", "in", "into", "of", "on", "to", "for", "and", "or",
                        "your", "my", "our", "this", "that", "with", "at", "by", "is", "here"})


def _sole_of_role(reading: Reading, action: str, elements: list[Element]) -> Element | None:
    """"the name input" on a page with one text field, whose words mention a name: the
    only element of the named role, when it shares a word with the phrase."""
    hint = reading.role_hint
    if hint is None or hint not in ROLE_ONLY_OK or reading.phrase is None:
        return None
    roles = _ROLE_ONLY_ROLES.get(hint)
    fitting = [e for e in elements if role_fits(e, action) and not e.disabled and (
        e.role in roles if roles else hint_fits(e, hint))]
    if len(fitting) != 1:
        return None
    element = fitting[0]
    words = {w for w in normalise(reading.phrase).split() if w not in _STOPWORDS}
    fields = (element.name, element.label, element.placeholder, element.title, element.text,
              element.element_id, element.test_id)
    have = {w for f in fields if f for w in normalise(f, split_identifiers=True).split()}
    stems = {w.rstrip("s") for w in have}
    return element if words and any(w in have or w.rstrip("s") in stems for w in words) else None


#: What a switch says of itself when its row says what it switches ("Off", "On").
_STATE_NAMES = frozenset({"", "on", "off", "yes", "no", "enabled", "disabled", "i", "o"})


def _toggle_of_row(phrase: str, action: str, elements: list[Element]) -> Element | None:
    """"turn on push notifications" where the switch is named only "Off" and its row
    reads "Push notifications ...": the one such toggle whose row holds every word."""
    if action not in {"check", "uncheck"}:
        return None
    words = {w for w in normalise(phrase).split() if w not in _STOPWORDS}
    if not words:
        return None
    found = []
    for element in elements:
        if (not role_fits(element, action) or element.disabled or not element.context
                or element.label or element.title
                or normalise(element.name or element.text) not in _STATE_NAMES
                or len(element.context[0]) > RECORD_CHARS):
            continue
        have = set(normalise(element.context[0]).split())
        if words <= have:
            found.append(element)
    return found[0] if len(found) == 1 else None


def _in_order(found: list[Element], elements: list[Element]) -> list[Element]:
    position = {e.ref: i for i, e in enumerate(elements)}
    return sorted(found, key=lambda e: position[e.ref])


def _nth(ordered: list[Element], reading: Reading, candidates: list[Candidate]
         ) -> tuple[Element, bool] | NotConfident:
    n = reading.ordinal or 0
    index = n - 1 if n > 0 else len(ordered) + n
    if not 0 <= index < len(ordered):
        return NotConfident(
            f"asked for number {n} of {len(ordered)} matching element(s)",
            _describe(candidates) or [e.describe() for e in ordered[:MAX_CANDIDATES]],
        )
    return ordered[index], False


_IMPLICIT_ROLES = frozenset({"button", "link", "tab", "menuitem", "option", "treeitem",
                             "checkbox", "radio", "switch"})


def _exact_control(candidates: list[Candidate], reading: Reading, snapshot: Snapshot
                   ) -> tuple[Element, bool] | NotConfident:
    """The one control whose name is the label (or one letter off it). A label of one
    word may be where the name starts ("Skip" for "Skip this step"), unless a control
    named exactly so is hidden on the page."""
    words = normalise(reading.phrase or "").split()

    def fits_label(c: Candidate) -> bool:
        if c.reason.startswith("exact") or c.reason.startswith("one-typo"):
            return True
        named = normalise(c.element.name or c.element.text).split()
        return (len(words) == 1 and c.reason.startswith("whole-phrase") and named[:1] == words
                and not _hidden_twin(reading.phrase or "", snapshot))

    fits = [c for c in candidates if c.strong and (
        c.element.role in _IMPLICIT_ROLES or c.element.clickable) and fits_label(c)]
    if len(fits) == 1 and not (len(candidates) > 1 and candidates[0].element is not fits[0].element
                               and candidates[0].score >= fits[0].score):
        return fits[0].element, True
    return NotConfident(f"{reading.phrase!r} is not exactly the name of one button or link",
                        [c.describe() for c in candidates[:MAX_CANDIDATES]],
                        ambiguous=len(fits) > 1)


def _ambiguous(candidates: list[Candidate]) -> bool:
    strong = [c for c in candidates if c.strong]
    return len(strong) > 1


def _why_not(target: str, candidates: list[Candidate]) -> str:
    if not candidates:
        return f"nothing on the page matches {target!r}"
    top = candidates[0]
    if top.strong and len(candidates) > 1:
        return f"{target!r} is ambiguous: several elements match about equally well"
    return f"no element clearly matches {target!r}"


def _describe(candidates: list[Candidate]) -> list[str]:
    return [c.describe() for c in candidates[:MAX_CANDIDATES]]

