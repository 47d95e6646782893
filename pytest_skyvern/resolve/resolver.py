"""The LLM-free tier: instruction + snapshot -> action plan, only when sure.

Sits between the action cache and the LLM. It never guesses: every step of an
instruction must parse and resolve to one clearly best element, otherwise it hands
over as ``NotConfident`` with the candidates seen. A target phrase is tried in every
reading (:mod:`.phrases`); readings that find different elements are an ambiguity.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pytest_skyvern.actions import Action, ActionPlan, ActionType
from pytest_skyvern.resolve.instructions import Intent, parse_instruction, target_readings
from pytest_skyvern.resolve.matcher import (
    Candidate,
    hint_fits,
    normalise,
    one_typo,
    pick,
    rank,
    role_fits,
)
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import ROLE_ONLY_OK, Reading
from pytest_skyvern.resolve.scoped import in_record
from pytest_skyvern.snapshot.model import Element, Snapshot

#: How many candidates a ``NotConfident`` lists.
MAX_CANDIDATES = 5

_LEADING_VERB = re.compile(
    r"^(?:please\s+)?(?:click(?:\s+on)?|tap(?:\s+on)?|press|hit|enter|type(?:\s+in(?:to)?)?|"
    r"fill(?:\s+in|\s+out)?|select|choose|pick|check|tick|uncheck|untick|hover(?:\s+over)?|"
    r"find|locate|use|get|grab|identify|look\s+for|upload(?:\s+to)?|attach(?:\s+to)?)\s+",
    re.I,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
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
#: Actions whose target, when nothing names it, may be found by its visible text alone.
#: Actions a disabled element still takes (a read-only text area scrolls).
_INERT_OK = frozenset({"scroll", "hover"})
_TEXT_ACTIONS = frozenset({"click", "choose", "hover", "expand", "collapse", "open", "sort"})
#: Roles a login form's user field answers to, by its words.
_USER_WORDS = re.compile(r"\b(user(?:\s*name)?|login|e-?mail|account|id)\b", re.I)
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
_LOGIN_BUTTON_WORDS = ("log in", "login", "sign in", "signin", "submit", "log on", "continue")


@dataclass(frozen=True)
class Then:
    """Actions that open something, and the step to take in what they open (the option
    of a dropdown built from divs, shown once the dropdown is clicked)."""

    actions: list[Action]
    next: Intent


@dataclass(frozen=True)
class Partial:
    """The resolved first steps of an instruction, and the steps that wait for the page
    those produce (a section that opens, a page that loads)."""

    actions: list[Action]
    remaining: tuple[Intent, ...] = ()
    #: Why the first remaining step could not be resolved on this snapshot (if it was tried).
    reason: NotConfident | None = None


class Resolver:
    """Answers AI steps that need no LLM: explicit instructions on unambiguous pages."""

    #: Set by ``plan_steps(exact_first=True)`` while its first step resolves.
    _exact = False

    def resolve_act(self, instruction: str, snapshot: Snapshot) -> ActionPlan | NotConfident:
        """One ``Action`` per step of ``instruction``, or ``NotConfident`` for all of it."""
        intents = parse_instruction(instruction)
        if intents is None:
            return NotConfident(f"instruction not understood without an LLM: {instruction!r}")
        result = self.plan_steps(intents, snapshot)
        if isinstance(result, NotConfident):
            return result
        if result.remaining:
            reason = result.reason or NotConfident(
                f"step {len(intents) - len(result.remaining) + 1} needs the page the earlier "
                "steps lead to; it cannot be resolved from this snapshot"
            )
            return reason
        return _plan(result.actions)

    def plan_steps(
        self, intents: tuple[Intent, ...], snapshot: Snapshot, *, exact_first: bool = False
    ) -> Partial | NotConfident:
        """Resolve steps in order on one snapshot, as far as it can tell.

        Stops after a step that leaves the page (its refs die with it), and before a step
        that finds nothing, when earlier steps may reveal it (a section that expands).
        ``NotConfident`` when the first step cannot be resolved, or when any step is
        ambiguous: then nothing at all should be done. With ``exact_first`` the first
        step takes only an exact name match (the page may still be showing what the
        previous step revealed; a looser match now could be the wrong control).
        """
        actions: list[Action] = []
        for index, intent in enumerate(intents):
            self._exact = exact_first and index == 0
            try:
                result = self._resolve_intent(intent, snapshot)
            finally:
                self._exact = False
            if isinstance(result, NotConfident):
                if not actions or result.ambiguous:
                    return result
                return Partial(actions, intents[index:], result)
            if isinstance(result, Then):
                return Partial([*actions, *result.actions], (result.next, *intents[index + 1 :]))
            actions.extend(result)
            if index + 1 < len(intents) and any(_navigates(a, snapshot) for a in result):
                return Partial(actions, intents[index + 1 :])
        return Partial(actions, ())

    def resolve_target(
        self, description: str, snapshot: Snapshot, action: str
    ) -> Element | NotConfident:
        """The element ``description`` names, for ``action`` (``click``, ``fill``, ...).

        ``description`` may be a bare phrase ("the Email field") or an instruction
        ("Click the 'Submit Order' button"); the caller's ``action`` decides the roles.
        """
        readings = _readings_of(description)
        found = (self._element(readings, action, snapshot) if readings
                 else NotConfident(f"no target found in {description!r}"))
        if isinstance(found, NotConfident) and action == "upload" and _vague_upload(description):
            # "Upload this": the page's only file input is what is meant.
            inputs = [e for e in snapshot.elements.values() if role_fits(e, "upload")]
            if len(inputs) == 1:
                return inputs[0]
        return found

    # ------------------------------------------------------------------ targets
    def _element(
        self, readings: tuple[Reading, ...], action: str, snapshot: Snapshot
    ) -> Element | NotConfident:
        picks: list[tuple[Element, bool]] = []
        failures: list[NotConfident] = []
        for reading in readings:
            found = _by_reading(reading, action, snapshot)
            if isinstance(found, NotConfident):
                failures.append(found)
            else:
                picks.append(found)
        exact = {e.ref for e, is_exact in picks if is_exact}
        chosen = {e.ref for e, _ in picks}
        if len(exact) == 1:
            return next(e for e, is_exact in picks if is_exact)
        if len(chosen) == 1 and not exact and self._exact:
            return NotConfident("only a loose match so far", [picks[0][0].describe()])
        if len(chosen) == 1 and not exact:
            return picks[0][0]
        if len(chosen) > 1:
            shown = [e.describe() for e, _ in picks][:MAX_CANDIDATES]
            return NotConfident("the instruction can be read as naming different elements",
                                shown, ambiguous=True)
        return _failure(failures)

    def _resolve_intent(
        self, intent: Intent, snapshot: Snapshot
    ) -> list[Action] | Then | NotConfident:
        kind = intent.action
        if kind == "goto":
            url = _absolute(intent.url or "", snapshot.url)
            if url is None:
                return NotConfident(f"cannot resolve {intent.url!r} against {snapshot.url!r}")
            return [Action(type="goto", url=url, reasoning=f"go to {url}")]
        if kind == "scroll" and not intent.all_readings():
            return [Action(type="scroll", direction=intent.direction, value=intent.value,
                           reasoning=f"scroll {intent.value or intent.direction}")]
        if kind == "wait":
            return [Action(type="wait", value=intent.value, reasoning=f"wait {intent.value} ms")]
        if kind == "none":
            return _select_nothing(snapshot)
        if kind == "fill_all":
            return _fill_all(intent, snapshot)
        if kind == "fill_typed":
            return self._fill_typed(intent, snapshot)
        if kind == "login":
            return self._login(intent, snapshot)
        if kind == "close":
            return self._close(intent, snapshot)
        if kind in {"expand", "collapse"} and _vague(intent):
            return _disclosure(kind, snapshot)
        readings = intent.all_readings()
        if not readings:
            return self._untargeted(intent, snapshot)
        if intent.parts and kind in {"choose", "check", "uncheck"}:
            whole = self._element(readings, kind, snapshot)
            if isinstance(whole, Element):
                return _element_action(intent, whole, snapshot)
            return self._each_part(intent, snapshot)
        found = self._element(readings, intent.action, snapshot)
        if isinstance(found, NotConfident) and _may_name_a_list(intent, found):
            found_option = _by_option(intent, snapshot)
            if found_option is not None:
                return found_option
        if isinstance(found, NotConfident):
            return self._otherwise(intent, snapshot, found)
        return _element_action(intent, found, snapshot)

    def _otherwise(self, intent: Intent, snapshot: Snapshot, failed: NotConfident
                   ) -> list[Action] | NotConfident:
        """The step as a click on the control its words name, when as parsed it found
        nothing (never when it was ambiguous: then nothing is safe)."""
        if failed.ambiguous or not intent.otherwise:
            return failed
        found = self._element(intent.otherwise, "click", snapshot)
        if isinstance(found, NotConfident):
            return failed if not found.ambiguous else found
        return [Action(type="click", ref=found.ref, reasoning=f"click {found.describe()}")]

    def _each_part(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        actions: list[Action] = []
        for readings in intent.parts:
            found = self._element(readings, intent.action, snapshot)
            if isinstance(found, NotConfident):
                return found
            result = _element_action(intent, found, snapshot)
            if isinstance(result, NotConfident):
                return result
            if isinstance(result, Then):
                return NotConfident("one of several items is in a list that must open first")
            actions.extend(result)
        return actions

    def _untargeted(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        if intent.action == "press":
            return [Action(type="press", key=intent.key, reasoning=f"press {intent.key}")]
        if intent.action == "upload":
            inputs = [e for e in snapshot.elements.values() if role_fits(e, "upload")]
            if len(inputs) == 1:
                return [Action(
                    type="upload", ref=inputs[0].ref, value=intent.value,
                    reasoning=f"upload to the only file input {inputs[0].describe()}",
                )]
            return NotConfident(
                f"{len(inputs)} file inputs and no target named",
                [e.describe() for e in inputs[:MAX_CANDIDATES]],
            )
        return NotConfident(f"{intent.action} needs a target")

    def _login(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        user, password = intent.values
        elements = [e for e in snapshot.elements.values() if not e.disabled]
        secret = [e for e in elements if e.secret or e.input_type == "password"]
        fields = [e for e in elements if e.role in {"textbox", "searchbox"}
                  and role_fits(e, "fill") and e not in secret]
        if len(secret) == 1:
            # The user field of a login sits beside its password (same frame, same form).
            fields = [e for e in fields if e.frame_path == secret[0].frame_path] or fields
        named = [e for e in fields if _USER_WORDS.search(" ".join(
            filter(None, (e.name, e.label, e.placeholder, e.element_id, e.test_id))))]
        users = named if len(named) == 1 else fields
        if len(secret) != 1 or len(users) != 1:
            return NotConfident("a login needs exactly one user field and one password field",
                                [e.describe() for e in [*users, *secret][:MAX_CANDIDATES]])
        buttons = []
        for word in _LOGIN_BUTTON_WORDS:
            best = pick(rank(elements, word, action="click", role_hint="button"))
            if best is not None:
                buttons.append(best.element)
                break
        if not buttons:
            return NotConfident("no log-in button found")
        return [
            Action(type="fill", ref=users[0].ref, value=user, reasoning="fill the user field"),
            Action(type="fill", ref=secret[0].ref, value=password,
                   reasoning="fill the password field"),
            Action(type="click", ref=buttons[0].ref, reasoning=f"click {buttons[0].describe()}"),
        ]

    def _fill_typed(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        """A date or time that names no field: the input of its kind that the other
        words name, or the only one. A date and a time go into one datetime input, or
        into a date input and a time input."""
        readings = intent.all_readings()
        typed = tuple(r for r in readings if r.role_hint in _KINDS)
        found = self._element(typed, "fill", snapshot) if typed else None
        if not isinstance(found, Element):
            found = _by_label_words(typed, snapshot) or found
        if not isinstance(found, Element) and len(intent.values) != 2:
            plain = tuple(r for r in readings if r.role_hint not in _KINDS)
            found = self._element(plain, "fill", snapshot) if plain else found
        if isinstance(found, Element):
            return [Action(type="fill", ref=found.ref, value=intent.value,
                           reasoning=f"fill {found.describe()}")]
        if len(intent.values) != 2:
            return found or NotConfident("no input takes this date or time")
        actions: list[Action] = []
        for kind, value in zip(("date", "time"), intent.values, strict=True):
            apart = tuple(dataclasses.replace(r, role_hint=kind) for r in readings)
            element = self._element(apart, "fill", snapshot)
            if isinstance(element, NotConfident):
                return element
            actions.append(Action(type="fill", ref=element.ref, value=value,
                                  reasoning=f"fill {element.describe()}"))
        return actions

    def _close(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        """The close control of the dialog, or of the toast, banner... the words name."""
        in_dialog = (intent.target or "dialog") in _DIALOG_WORDS
        elements = {r: e for r, e in snapshot.elements.items() if e.in_dialog is in_dialog}
        scoped = dataclasses.replace(snapshot, elements=elements)
        found = self._element((Reading("close"),), "close", scoped)
        if isinstance(found, NotConfident):
            return found
        return [Action(type="click", ref=found.ref, reasoning=f"close with {found.describe()}")]


_UPLOAD_WORDS = frozenset(
    {"upload", "attach", "add", "choose", "select", "this", "these", "the", "a", "an", "file",
     "files", "image", "photo", "picture", "document", "it", "here", "attachment", "please",
     "my", "your", "input", "field", "button", "to", "page", "one"}
)


def _vague_upload(description: str) -> bool:
    words = normalise(description).split()
    return not words or set(words) <= _UPLOAD_WORDS


def _failure(failures: list[NotConfident]) -> NotConfident:
    """One hand-over for all readings: an ambiguity first; text to look for only if no
    reading matched anything clearly."""
    ambiguous = [f for f in failures if f.ambiguous]
    if ambiguous:
        return ambiguous[0]
    first = failures[0]
    texts = tuple(dict.fromkeys(t for f in failures for t in f.wanted_texts))
    return NotConfident(first.reason, first.candidates, wanted_texts=texts)


def _readings_of(description: str) -> tuple[Reading, ...]:
    intents = parse_instruction(description)
    if intents is not None and len(intents) == 1 and not intents[0].guessed:
        readings = intents[0].all_readings()
        if readings:
            return readings
    return target_readings(_LEADING_VERB.sub("", description.strip())) or ()


def _by_reading(reading: Reading, action: str, snapshot: Snapshot
                ) -> tuple[Element, bool] | NotConfident:
    """The element one reading names, and whether its name matched exactly."""
    elements = list(snapshot.elements.values())
    if reading.in_dialog:
        elements = [e for e in elements if e.in_dialog]
        if not elements:
            return NotConfident("the page shows no dialog")
    if reading.scope is not None or reading.scope_ordinal is not None:
        return _by_record(reading, action, elements)
    if reading.phrase is None:
        return _by_role(reading, action, elements)
    candidates = rank(elements, reading.phrase, action=action, role_hint=reading.role_hint)
    if reading.exact_only:
        return _exact_control(candidates, reading, snapshot)
    if reading.ordinal is not None:
        strong = [c.element for c in candidates if c.strong and role_fits(c.element, action)
                  and (reading.role_hint is None or hint_fits(c.element, reading.role_hint))]
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
    wanted = (reading.phrase,) if not any(c.strong for c in candidates) else ()
    return NotConfident(_why_not(reading.phrase, candidates), _describe(candidates),
                        ambiguous=_ambiguous(candidates),
                        wanted_texts=wanted if action in _TEXT_ACTIONS else ())


def _by_record(reading: Reading, action: str, elements: list[Element]
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
        # list; counting them across the page would be a guess.
        return NotConfident(f"counting every {hint} on the page is a guess")
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


_DIALOG_WORDS = frozenset({"dialog", "modal", "popup", "pop-up", "window"})
#: What "select X" may click: options, tabs, menu items, buttons (radios are checked).
_CHOOSE_CLICKS = frozenset({"option", "tab", "menuitem", "menuitemradio", "treeitem", "button",
                            "gridcell", "row", "columnheader"})
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


def _vague(intent: Intent) -> bool:
    return all(r.phrase is None for r in intent.all_readings())


def _disclosure(kind: str, snapshot: Snapshot) -> list[Action] | NotConfident:
    """The one collapsed (or expanded) section the page has, for "expand the section"."""
    wanted = "expanded=false" if kind == "expand" else "expanded"
    found = [e for e in snapshot.elements.values()
             if wanted in e.states or (kind == "expand" and e.tag == "summary"
                                       and "expanded" not in e.states)]
    if len(found) != 1:
        return NotConfident(
            f"{len(found)} sections could be meant; the instruction names none of them",
            [e.describe() for e in found[:MAX_CANDIDATES]], ambiguous=len(found) > 1,
        )
    return [Action(type="click", ref=found[0].ref, reasoning=f"{kind} {found[0].describe()}")]


def _select_nothing(snapshot: Snapshot) -> list[Action] | NotConfident:
    checked = [e for e in snapshot.elements.values() if e.checked and e.role == "checkbox"]
    if checked:
        # Which of them "nothing" should clear is a judgement; leave it to the LLM.
        return NotConfident("some boxes are already checked; which to clear is unclear",
                            [e.describe() for e in checked[:MAX_CANDIDATES]])
    return []


def _fill_all(intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
    kind = (intent.target or "").lower()  # "both password fields"
    fields = [e for e in snapshot.elements.values()
              if e.role in {"textbox", "searchbox"} and role_fits(e, "fill") and not e.disabled
              and (kind in {"", "text"} or e.input_type == kind)]
    if not fields or (intent.ordinal is not None and len(fields) != intent.ordinal):
        return NotConfident(f"{len(fields)} text fields on the page",
                            [e.describe() for e in fields[:MAX_CANDIDATES]])
    return [Action(type="fill", ref=e.ref, value=intent.value, reasoning=f"fill {e.describe()}")
            for e in fields]


def _plan(actions: list[Action]) -> ActionPlan:
    reasoning = "; ".join(a.reasoning or a.type for a in actions) or "nothing to do"
    return ActionPlan(actions=actions, reasoning=f"resolver: {reasoning}", tier="resolver")


def _open_to_choose(intent: Intent, element: Element, snapshot: Snapshot) -> Then | NotConfident:
    """A dropdown built from divs (MUI, Ant Design): click it, then the option."""
    value = intent.value or ""
    if intent.values or not value:
        return NotConfident(f"{element.describe()} is no list with options to select from")
    absent = _not_on_page((value,), snapshot)
    if absent:
        return NotConfident(f"{value!r} is not an option on the page, shown or hidden")
    option = Intent.on("choose", (Reading(value, "option"), Reading(value)),
                       text=f"choose {value!r}")
    return Then([Action(type="click", ref=element.ref, reasoning=f"open {element.describe()}")],
                option)


_KINDS = frozenset({"date", "time", "datetime"})


def _by_label_words(readings: tuple[Reading, ...], snapshot: Snapshot) -> Element | None:
    """Among the inputs of a kind, the one whose label's words all appear in the step
    ("repeat weekly until Jan 15" -> "Repeat until"), if exactly one."""
    for reading in readings:
        if reading.phrase is None or reading.role_hint not in _KINDS:
            continue
        said = set(normalise(reading.phrase).split())
        inputs = [e for e in snapshot.elements.values() if hint_fits(e, reading.role_hint)]
        named = [e for e in inputs
                 if (words := set(normalise(e.label or e.name or "").split()) - _KIND_WORDS)
                 and words <= said]
        if len(named) == 1:
            return named[0]
    return None


_KIND_WORDS = frozenset({"date", "time", "day", "the", "of", "a"})


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


def _element_action(intent: Intent, element: Element, snapshot: Snapshot
                    ) -> list[Action] | Then | NotConfident:
    why = f"{intent.action} {element.describe()}"
    if intent.action == "choose":
        if not role_fits(element, "check") and element.role not in _CHOOSE_CLICKS and (
                intent.role_hint is None):
            # "select John Brown" names a row by its link: selecting the row is ticking
            # its checkbox, if the row has exactly one; a card is chosen by a click.
            box = _by_record(Reading(None, "checkbox", scope=element.name or element.text),
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
        if absent:
            # Opening the menu would be an action for nothing: its item is not there.
            return NotConfident(f"{absent!r} is not on the page, shown or hidden")
        opens: ActionType = "hover" if element.role.startswith("menuitem") else "click"
        return [Action(type=opens, ref=element.ref, reasoning=f"open {element.describe()}")]
    if intent.action == "fill" and intent.value is None:
        return NotConfident(f"the instruction does not say what to type into {element.describe()}")
    if intent.action in {"check", "uncheck"} and not role_fits(element, "check"):
        return NotConfident(f"{element.describe()} cannot be checked")
    direct = _DIRECT.get(intent.action)
    if direct is not None:
        return [Action(type=direct, ref=element.ref, value=intent.value, reasoning=why)]
    return NotConfident(f"unsupported action {intent.action!r}")


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


def _may_name_a_list(intent: Intent, failed: NotConfident) -> bool:
    """A selection whose list the words do not single out, or a choice of something no
    element is named: an option of exactly one list may be what is meant."""
    if intent.action == "select":
        return all(r.phrase is None for r in intent.all_readings())
    return intent.action in {"choose", "sort"} and not failed.ambiguous and not intent.parts


def _by_option(intent: Intent, snapshot: Snapshot) -> list[Action] | None:
    """"choose Saab", "pick Deluxe in the dropdown": the one list that has the option."""
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


def _navigates(action: Action, snapshot: Snapshot) -> bool:
    if action.type == "goto":
        return True
    element = snapshot.element(action.ref) if action.ref else None
    return action.type == "click" and element is not None and element.role == "link"


def _absolute(url: str, base: str) -> str | None:
    if _SCHEME.match(url):
        return url
    base_scheme = urlsplit(base).scheme
    if url.startswith(("/", ".", "?", "#")):
        return urljoin(base, url) if base_scheme in {"http", "https", "file"} else None
    # A bare host ("example.com/login", "localhost:8000"): keep the page's web scheme.
    return f"{base_scheme if base_scheme in {'http', 'https'} else 'https'}://{url}"


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
