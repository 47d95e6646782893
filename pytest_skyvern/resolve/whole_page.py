"""Steps that act on the page as a whole rather than on one named target: a login
form, the one collapsible section, every text field, "select nothing"."""

from __future__ import annotations

import re

from pytest_skyvern.actions import Action
from pytest_skyvern.resolve.intent import Intent
from pytest_skyvern.resolve.matcher import pick, rank, role_fits
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.targets import MAX_CANDIDATES
from pytest_skyvern.snapshot.model import Snapshot

#: Roles a login form's user field answers to, by its words.
_USER_WORDS = re.compile(r"\b(user(?:\s*name)?|login|e-?mail|account|id)\b", re.I)
_LOGIN_BUTTON_WORDS = ("log in", "login", "sign in", "signin", "submit", "log on", "continue")


def login(intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
    """"log in with ada / pa55": the one user field, the one password field, the button."""
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


def disclosure(kind: str, snapshot: Snapshot) -> list[Action] | NotConfident:
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


def select_nothing(snapshot: Snapshot) -> list[Action] | NotConfident:
    checked = [e for e in snapshot.elements.values() if e.checked and e.role == "checkbox"]
    if checked:
        # Which of them "nothing" should clear is a judgement; leave it to the LLM.
        return NotConfident("some boxes are already checked; which to clear is unclear",
                            [e.describe() for e in checked[:MAX_CANDIDATES]])
    return []


def fill_all(intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
    kind = (intent.target or "").lower()  # "both password fields"
    fields = [e for e in snapshot.elements.values()
              if e.role in {"textbox", "searchbox"} and role_fits(e, "fill") and not e.disabled
              and (kind in {"", "text"} or e.input_type == kind)]
    if not fields or (intent.ordinal is not None and len(fields) != intent.ordinal):
        return NotConfident(f"{len(fields)} text fields on the page",
                            [e.describe() for e in fields[:MAX_CANDIDATES]])
    return [Action(type="fill", ref=e.ref, value=intent.value, reasoning=f"fill {e.describe()}")
            for e in fields]
