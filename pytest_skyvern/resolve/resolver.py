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

from pytest_skyvern.actions import Action, ActionPlan
from pytest_skyvern.resolve.element_actions import (
    OPENS_FOR,
    Then,
    by_option,
    element_action,
    may_name_a_list,
    open_holder,
)
from pytest_skyvern.resolve.instructions import Intent, parse_instruction, target_readings
from pytest_skyvern.resolve.matcher import (
    normalise,
    role_fits,
)
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import Reading
from pytest_skyvern.resolve.targets import MAX_CANDIDATES, by_reading, combined_failure
from pytest_skyvern.resolve.typed_fields import DATE_KINDS, by_label_words, split_date
from pytest_skyvern.resolve.verb_value import resolve_verb_value
from pytest_skyvern.resolve.whole_page import disclosure, fill_all, login, select_nothing
from pytest_skyvern.snapshot.model import Element, Snapshot

_LEADING_VERB = re.compile(
    r"^(?:please\s+)?(?:click(?:\s+on)?|tap(?:\s+on)?|press|hit|enter|type(?:\s+in(?:to)?)?|"
    r"fill(?:\s+in|\s+out)?|select|choose|pick|check|tick|uncheck|untick|hover(?:\s+over)?|"
    r"find|locate|use|get|grab|identify|look\s+for|upload(?:\s+to)?|attach(?:\s+to)?)\s+",
    re.I,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass(frozen=True)
class Partial:
    """The resolved first steps of an instruction, and the steps that wait for the page
    those produce (a section that opens, a page that loads)."""

    actions: list[Action]
    remaining: tuple[Intent, ...] = ()
    #: Why the first remaining step could not be resolved on this snapshot (if it was tried).
    reason: NotConfident | None = None
    #: What takes the last of ``actions`` back if the next step finds nothing in what it
    #: opened (a dropdown opened to look for an option that is not one of its options).
    undo: tuple[Action, ...] = ()


class Resolver:
    """Answers AI steps that need no LLM: explicit instructions on unambiguous pages."""

    #: Set by ``plan_steps(exact_first=True)`` while its first step resolves.
    _exact = False
    #: Set by ``plan_steps(may_open=True)``: a step may open the collapsed menu or
    #: section that holds its hidden target (only before anything else was done, so a
    #: toggle that keeps its item hidden is never clicked twice).
    _may_open = False

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
        self, intents: tuple[Intent, ...], snapshot: Snapshot, *, exact_first: bool = False,
        may_open: bool = False,
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
            self._may_open = may_open and index == 0
            try:
                result = self._resolve_intent(intent, snapshot)
            finally:
                self._exact = self._may_open = False
            if isinstance(result, NotConfident):
                if not actions or result.ambiguous:
                    return result
                return Partial(actions, intents[index:], result)
            if isinstance(result, Then) and result.undo and actions:
                # Opening to look goes alone, so that closing it again undoes only it.
                return Partial(actions, intents[index:])
            if isinstance(result, Then):
                later = intents[index + 1 :]
                return Partial([*actions, *result.actions],
                               (result.next, *later) if result.next else later,
                               undo=result.undo)
            actions.extend(result)
            if index + 1 < len(intents) and any(_navigates(a, snapshot) for a in result):
                return Partial(actions, intents[index + 1 :])
            shown = _shown_twins(intents[index + 1], snapshot) if (
                intent.action == "open" and index + 1 < len(intents)) else frozenset()
            if shown:
                # "Rita > Lara" with a Lara shown beside Rita and another hidden: the next
                # item is looked for in what this one opens, on the next page state.
                return Partial(actions, (dataclasses.replace(intents[index + 1], not_refs=shown),
                                         *intents[index + 2 :]))
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
            found = by_reading(reading, action, snapshot)
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
        return combined_failure(failures)

    def _resolve_intent(
        self, intent: Intent, snapshot: Snapshot
    ) -> list[Action] | Then | NotConfident:
        kind = intent.action
        if intent.not_refs:
            snapshot = dataclasses.replace(snapshot, elements={
                ref: e for ref, e in snapshot.elements.items() if ref not in intent.not_refs})
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
            return select_nothing(snapshot)
        if kind == "fill_all":
            return fill_all(intent, snapshot)
        if kind == "fill_typed":
            return self._fill_typed(intent, snapshot)
        if kind == "verb_value":
            # "delete 'Call mom'" may be the Delete of that record, not a value to type.
            done = resolve_verb_value(intent, snapshot)
            if isinstance(done, NotConfident):
                return self._otherwise(intent, snapshot, done)
            return done
        if kind == "login":
            return login(intent, snapshot)
        if kind == "close":
            return self._close(intent, snapshot)
        if kind in {"expand", "collapse"} and _vague(intent):
            return disclosure(kind, snapshot)
        readings = intent.all_readings()
        if not readings:
            return self._untargeted(intent, snapshot)
        if intent.parts and kind in {"choose", "check", "uncheck"}:
            whole = self._element(readings, kind, snapshot)
            if isinstance(whole, Element):
                return element_action(intent, whole, snapshot)
            return self._each_part(intent, snapshot)
        found = self._element(readings, intent.action, snapshot)
        if isinstance(found, NotConfident) and may_name_a_list(intent, found):
            found_option = by_option(intent, snapshot)
            if found_option is not None:
                return found_option
        if (isinstance(found, NotConfident) and not found.ambiguous and kind in OPENS_FOR
                and self._may_open):
            opening = open_holder(readings, snapshot)
            if opening is not None:
                return Then([opening], intent)
        if isinstance(found, NotConfident) and not found.ambiguous and kind == "fill":
            purpose = _field_for_purpose(intent, snapshot)
            if purpose is not None:
                found = purpose
        if isinstance(found, NotConfident):
            return self._otherwise(intent, snapshot, found)
        return element_action(intent, found, snapshot)

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
            result = element_action(intent, found, snapshot)
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


    def _fill_typed(self, intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
        """A date or time that names no field: the input of its kind that the other
        words name, or the only one. A date and a time go into one datetime input, or
        into a date input and a time input."""
        readings = intent.all_readings()
        typed = tuple(r for r in readings if r.role_hint in DATE_KINDS)
        found = self._element(typed, "fill", snapshot) if typed else None
        if not isinstance(found, Element):
            found = by_label_words(typed, snapshot) or found
        if not isinstance(found, Element) and len(intent.values) != 2:
            plain = tuple(r for r in readings if r.role_hint not in DATE_KINDS)
            found = self._element(plain, "fill", snapshot) if plain else found
        if isinstance(found, Element) and found.options:
            return split_date(found, intent.value or "", snapshot)
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
                element = by_label_words(apart, snapshot) or element
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


def _readings_of(description: str) -> tuple[Reading, ...]:
    intents = parse_instruction(description)
    if intents is not None and len(intents) == 1 and not intents[0].guessed:
        readings = intents[0].all_readings()
        if readings:
            return readings
    return target_readings(_LEADING_VERB.sub("", description.strip())) or ()


_DIALOG_WORDS = frozenset({"dialog", "modal", "popup", "pop-up", "window"})


def _vague(intent: Intent) -> bool:
    return all(r.phrase is None for r in intent.all_readings())


def _plan(actions: list[Action]) -> ActionPlan:
    reasoning = "; ".join(a.reasoning or a.type for a in actions) or "nothing to do"
    return ActionPlan(actions=actions, reasoning=f"resolver: {reasoning}", tier="resolver")


def _shown_twins(intent: Intent, snapshot: Snapshot) -> frozenset[str]:
    """Refs of the shown elements named exactly as ``intent`` says, when a control of
    that name is also hidden on the page (in the submenu about to open)."""
    names = {normalise(r.phrase) for r in intent.all_readings() if r.phrase}
    if not names & {normalise(n) for n in snapshot.hidden_names}:
        return frozenset()
    return frozenset(ref for ref, e in snapshot.elements.items()
                     if normalise(e.name or e.text) in names)


_PURPOSE_FILL = re.compile(r"\bto\s+(?P<verb>confirm|continue|proceed|verify|delete|remove)$",
                           re.I)


def _field_for_purpose(intent: Intent, snapshot: Snapshot) -> Element | None:
    """"type Apollo to confirm": the one text field whose label asks for it ("Type the
    project name to confirm")."""
    m = _PURPOSE_FILL.search(intent.text or "")
    if m is None:
        return None
    wanted = f"to {m.group('verb').lower()}"
    fields = [e for e in snapshot.elements.values()
              if e.role in {"textbox", "searchbox"} and not e.disabled and not e.secret
              and wanted in normalise(" ".join(filter(None, (e.label, e.name, e.placeholder))))]
    return fields[0] if len(fields) == 1 else None


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


