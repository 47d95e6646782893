"""A verb that is a button's name, with the value its form takes.

"subscribe ada@example.com to the newsletter", "add a todo 'Buy bread'", "invite
'bob@example.com'": the page has one button named by the verb (Subscribe, Add, Invite)
and one empty text field beside it. The value goes into that field and the button is
clicked. The value must be unmistakably one: a quoted text or an e-mail address; any
doubt about the button or the field hands over.
"""

from __future__ import annotations

import re

from pytest_skyvern.actions import Action
from pytest_skyvern.resolve.intent import Intent
from pytest_skyvern.resolve.matcher import normalise, role_fits
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.phrases import MASK, Reading, unmask
from pytest_skyvern.snapshot.model import Element, Snapshot

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CLAUSE = re.compile(r"^(?P<verb>[a-z]+)\s+(?P<rest>.+)$", re.I)
#: Verbs the grammar reads on its own terms: a clause of theirs that fell through to
#: here was not understood, and no button they name is meant.
_OWN_VERBS = frozenset({"click", "press", "tap", "hit", "type", "enter", "input", "write",
                        "fill", "select", "choose", "pick", "check", "tick", "uncheck",
                        "untick", "upload", "attach", "go", "open", "close", "scroll", "wait",
                        "verify", "ensure", "make", "set", "put", "use", "find", "read",
                        "tell", "is", "are", "please", "then", "and", "hover", "focus",
                        "visit", "navigate", "goto", "browse", "drag", "assert", "confirm",
                        "extract", "get", "count", "search", "log", "sign", "login"})
_TEXT_ROLES = frozenset({"textbox", "searchbox"})
_MORE = frozenset({"as", "with", "and", "then", "but", "except", "using", "by", "via", "plus",
                   "also", "after", "before", "if", "unless", "not"})


def verb_value(clause: str, quotes: list[str]) -> list[Intent] | None:
    """The clause as "<verb> <value> ...", if its value is a quote or an e-mail."""
    m = _CLAUSE.match(clause.strip().rstrip("."))
    if m is None or m.group("verb").lower() in _OWN_VERBS:
        return None
    rest = m.group("rest")
    masks = MASK.findall(rest)
    emails = _EMAIL.findall(unmask(rest, quotes))
    if len(masks) == 1:
        value = quotes[int(masks[0])]
    elif not masks and len(emails) == 1:
        value = emails[0]
    else:
        return None
    # Words that add a second thing to do ("invite bob@x.com as an Editor") are more
    # than one field and one button can carry.
    others = set(MASK.sub(" ", _EMAIL.sub(" ", rest)).lower().split())
    if others & _MORE:
        return None
    verb = m.group("verb")
    return [Intent.on("verb_value", (Reading(verb, "button"),), value=value,
                      text=unmask(clause, quotes))]


def resolve_verb_value(intent: Intent, snapshot: Snapshot) -> list[Action] | NotConfident:
    """Fill the one empty field beside the one button the verb names, then click it."""
    verb = normalise(intent.target or "")
    elements = [e for e in snapshot.elements.values() if not e.disabled]
    buttons = [e for e in elements if (e.role == "button" or e.clickable) and role_fits(e, "click")
               and normalise(e.name or e.text).split()[:1] == [verb]]
    if len(buttons) != 1:
        # Not an ambiguity of the target: the step may mean something else altogether.
        return NotConfident(f"{len(buttons)} buttons are named by {intent.target!r}",
                            [e.describe() for e in buttons[:5]])
    button = buttons[0]
    fields = [e for e in elements if e.role in _TEXT_ROLES and role_fits(e, "fill")
              and not e.secret and not e.value and _beside(e, button)]
    if len(fields) > 1 and _EMAIL.fullmatch(intent.value or ""):
        fields = [e for e in fields if e.input_type == "email"] or fields
    if len(fields) != 1:
        return NotConfident(f"{len(fields)} empty fields sit beside {button.describe()}",
                            [e.describe() for e in fields[:5]])
    field = fields[0]
    return [Action(type="fill", ref=field.ref, value=intent.value,
                   reasoning=f"fill {field.describe()}"),
            Action(type="click", ref=button.ref, reasoning=f"click {button.describe()}")]


def _beside(field: Element, button: Element) -> bool:
    """In the same frame and in surroundings they share (one form, one card)."""
    return field.frame_path == button.frame_path and bool(set(field.context) & set(button.context))
