"""What a step does to the element it names: a click, a check, a selection of the
option it names, or opening a list first when its options exist only once it is open.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_skyvern.actions import Action, ActionType
from pytest_skyvern.resolve.instructions import Intent
from pytest_skyvern.resolve.matcher import normalise, one_typo, role_fits
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import Reading
from pytest_skyvern.resolve.targets import MAX_CANDIDATES, by_record
from pytest_skyvern.snapshot.model import Element, Snapshot


@dataclass(frozen=True)
class Then:
    """Actions that open something, and the step to take in what they open (the option
    of a dropdown built from divs, shown once the dropdown is clicked)."""

    actions: list[Action]
    #: The step to take next (``None``: go on with the instruction's next step).
    next: Intent | None
    #: What closes it again when what it was opened for is not in it.
    undo: tuple[Action, ...] = ()


#: Intents performed as-is on the resolved element.
_DIRECT: dict[str, ActionType] = {
    "click": "click",
    "check": "check",
    "uncheck": "uncheck",
    "hover": "hover",
    "fill": "fill",
    "upload": "upload",
    "focus": "focus",
    "expand": "click",
    "collapse": "click",
    "close": "click",
    "scroll": "scroll",
    "view": "click",
    "sort": "click",
}


#: What "select X" may click: options, tabs, menu items, buttons (radios are checked).
_CHOOSE_CLICKS = frozenset({"option", "tab", "menuitem", "menuitemradio", "treeitem", "button",
                            "gridcell", "row", "columnheader"})


def element_action(intent: Intent, element: Element, snapshot: Snapshot
                    ) -> list[Action] | Then | NotConfident:
    why = f"{intent.action} {element.describe()}"
    if intent.action == "choose":
        if not role_fits(element, "check") and element.role not in _CHOOSE_CLICKS and (
                intent.role_hint is None):
            # "select John Brown" names a row by its link: selecting the row is ticking
            # its checkbox, if the row has exactly one; a card is chosen by a click.
            box = by_record(Reading(None, "checkbox", scope=element.name or element.text),
                             "check", list(snapshot.elements.values()))
            if not isinstance(box, NotConfident):
                return [Action(type="check", ref=box[0].ref,
                               reasoning=f"select {box[0].describe()}")]
            if element.role == "link" or not element.clickable:
                return NotConfident(f"{element.describe()} is no choice to select")
        kind: ActionType = "check" if role_fits(element, "check") else "click"
        return [Action(type=kind, ref=element.ref, reasoning=why)]
    if intent.action == "select" and not element.options and element.tag != "select":
        return _open_to_choose(intent, element, snapshot)
    if intent.action == "select" or (intent.action == "fill" and element.options):
        # "set the Country field to 'France'" on a <select> is a selection.
        options = [_option(element, v) for v in (intent.values or (intent.value or "",))]
        if any(o is None for o in options):
            missing = [v for v, o in zip(intent.values or (intent.value or "",), options,
                                         strict=True) if o is None]
            return NotConfident(
                f"{', '.join(map(repr, missing))} is not an option of {element.describe()}",
                [f"option {o!r}" for o in element.options[:MAX_CANDIDATES]],
            )
        chosen = [o for o in options if o is not None]
        if len(chosen) > 1:
            return [Action(type="select", ref=element.ref, values=chosen, reasoning=why)]
        return [Action(type="select", ref=element.ref, value=chosen[0], reasoning=why)]
    if intent.action == "press":
        return [Action(type="press", ref=element.ref, key=intent.key, reasoning=why)]
    if intent.action == "open":
        absent = _not_on_page(intent.values, snapshot)
        if absent and not element.lazy_popup:
            # Opening the menu would be an action for nothing: its item is not there.
            return NotConfident(f"{absent!r} is not on the page, shown or hidden")
        # A menu item opens its submenu on hover, or on a click when it says it has one
        # (menus that open only on a click are common; a click opens hover menus too).
        opens: ActionType = ("hover" if element.role.startswith("menuitem")
                             and not element.has_popup else "click")
        opening = [Action(type=opens, ref=element.ref, reasoning=f"open {element.describe()}")]
        if absent:
            # A menu built when it opens: open it to look, and close it if it is not there.
            return Then(opening, None, undo=_closing(element))
        return opening
    if intent.action == "fill" and intent.value is None:
        return NotConfident(f"the instruction does not say what to type into {element.describe()}")
    if intent.action in {"check", "uncheck"} and not role_fits(element, "check"):
        return NotConfident(f"{element.describe()} cannot be checked")
    direct = _DIRECT.get(intent.action)
    if direct is not None:
        return [Action(type=direct, ref=element.ref, value=intent.value, reasoning=why)]
    return NotConfident(f"unsupported action {intent.action!r}")


def _open_to_choose(intent: Intent, element: Element, snapshot: Snapshot) -> Then | NotConfident:
    """A dropdown built from divs (MUI, Ant Design): click it, then the option."""
    value = intent.value or ""
    if intent.values or not value:
        return NotConfident(f"{element.describe()} is no list with options to select from")
    absent = _not_on_page((value,), snapshot)
    if absent and not element.lazy_popup:
        return NotConfident(f"{value!r} is not an option on the page, shown or hidden")
    option = Intent.on("choose", (Reading(value, "option"), Reading(value)),
                       text=f"choose {value!r}")
    return Then([Action(type="click", ref=element.ref, reasoning=f"open {element.describe()}")],
                option, undo=_closing(element) if absent else ())


OPENS_FOR = frozenset({"click", "choose", "open"})


def open_holder(readings: tuple[Reading, ...], snapshot: Snapshot) -> Action | None:
    """A click on the one collapsed toggle (a menu, a section) that holds the hidden
    control the step names exactly: "Sign out" in a closed account menu."""
    owners = {_bare(name): ref for name, ref in snapshot.hidden_owners.items()}
    refs = {owners[_bare(r.phrase)] for r in readings if r.phrase and _bare(r.phrase) in owners}
    if len(refs) != 1:
        return None
    toggle = snapshot.elements.get(refs.pop())
    if toggle is None:
        return None  # a toggle this step may not take (the item is sought elsewhere)
    return Action(type="click", ref=toggle.ref, reasoning=f"open {toggle.describe()}")


def _bare(name: str) -> str:
    return " ".join(w for w in normalise(name).split() if w not in {"the", "a", "an"})


def _closing(element: Element) -> tuple[Action, ...]:
    """Escape closes a list or menu opened only to look into it."""
    return (Action(type="press", key="Escape",
                   reasoning=f"close {element.describe()} again: what was wanted is not in it"),)


def _option(element: Element, value: str) -> str | None:
    """The one option ``value`` names: exactly (after normalisation), else the only option
    holding its words ("German" in "Deutsch (German)"), else the only one a letter off."""
    wanted = normalise(value)
    if not wanted:
        return None
    options = [(o, normalise(o)) for o in element.options]
    for matches in (
        [o for o, n in options if n == wanted],
        [o for o, n in options if f" {wanted} " in f" {n} "],
        [o for o, n in options if one_typo(wanted.split(), n.split())],
    ):
        if matches:
            return matches[0] if len(matches) == 1 else None
    return None


def may_name_a_list(intent: Intent, failed: NotConfident) -> bool:
    """A selection whose list the words do not single out, or a choice of something no
    element is named: an option of exactly one list may be what is meant."""
    if intent.action == "select":
        return all(r.phrase is None for r in intent.all_readings())
    return intent.action in {"choose", "sort"} and not failed.ambiguous and not intent.parts


def by_option(intent: Intent, snapshot: Snapshot) -> list[Action] | None:
    """"choose Saab", "pick Deluxe in the dropdown": the one list that has the option;
    "pick the Pro plan": the option "Pro" of the list labelled "Plan"."""
    if not intent.values and not intent.value and intent.target:
        named = _option_of_named_list(intent.target, snapshot)
        if named is not None:
            return named
    values = intent.values or ((intent.value,) if intent.value else (intent.target or "",))
    lists = [e for e in snapshot.elements.values() if e.options and not e.disabled
             and role_fits(e, "select") and all(_option(e, v) for v in values)]
    if len(lists) != 1 or not all(values):
        return None
    chosen = [o for o in (_option(lists[0], v) for v in values) if o]
    why = f"select {', '.join(chosen)} in {lists[0].describe()}, the only list that has it"
    if len(chosen) > 1:
        return [Action(type="select", ref=lists[0].ref, values=chosen, reasoning=why)]
    return [Action(type="select", ref=lists[0].ref, value=chosen[0], reasoning=why)]


def _option_of_named_list(phrase: str, snapshot: Snapshot) -> list[Action] | None:
    words = normalise(phrase).split()
    found: list[tuple[Element, str]] = []
    for element in snapshot.elements.values():
        label = normalise(element.label or element.name or "").split()
        if (not element.options or element.disabled or not label or len(label) >= len(words)
                or words[-len(label):] != label):
            continue
        option = _option(element, " ".join(words[: -len(label)]))
        if option is not None:
            found.append((element, option))
    if len(found) != 1:
        return None
    element, option = found[0]
    return [Action(type="select", ref=element.ref, value=option,
                   reasoning=f"select {option} in {element.describe()}")]


def _not_on_page(names: tuple[str, ...], snapshot: Snapshot) -> str | None:
    """The first of ``names`` that no element shows and no hidden control carries."""
    known = {normalise(n) for n in snapshot.hidden_names}
    for element in snapshot.elements.values():
        known.update(normalise(f) for f in (element.name, element.text, element.title) if f)
    for name in names:
        words = normalise(name)
        if words and not any(words == k or f" {words} " in f" {k} " or
                             one_typo(words.split(), k.split()) for k in known):
            return name
    return None

