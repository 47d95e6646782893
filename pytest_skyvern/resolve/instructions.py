"""Plain English instructions -> intents, without an LLM.

The grammar is wide but strict: every clause must match one of the shapes of
:mod:`.grammar` (or a form of :mod:`.fields`, or read as a label or an action on a
record), else the whole instruction returns ``None`` and a smarter tier answers
instead of this one guessing. How people phrase things varies (verb first or a purpose
first, role word before or after the name, polite padding, a mistyped verb or
preposition), so clauses are normalised before they are matched; what a target phrase
names is decided later, against the page, from every reading of it.
"""

from __future__ import annotations

import dataclasses
import re

from pytest_skyvern.resolve.fields import (
    colon_pairs,
    compound_fill,
    dated,
    fill,
    in_list,
    set_pairs,
    terse_pairs,
    value_of,
    values_of,
)
from pytest_skyvern.resolve.grammar import DATE, PATTERNS, SHAPE_ONLY, URL
from pytest_skyvern.resolve.intent import Intent
from pytest_skyvern.resolve.phrases import MASK, Reading, mask_quotes, read_target, unmask
from pytest_skyvern.resolve.records import record_readings
from pytest_skyvern.resolve.verb_value import verb_value
from pytest_skyvern.resolve.wording import (
    KEYS,
    MODIFIERS,
    VERBS,
    normalise_clause,
    split_clauses,
    split_list,
)

_PURPOSE_ONLY = re.compile(r"^(?:in\s+order\s+)?to\s+[a-z]+(?:\s+[a-z]+){0,4}$", re.I)
#: Clauses starting so are never a click on a control or a record.
_NO_RECORD_VERBS = frozenset({"wait", "scroll", "go", "goto", "navigate", "visit", "browse",
                              "type", "enter", "input", "write", "fill", "upload", "attach",
                              "drag", "verify", "ensure", "assert", "make", "confirm", "find",
                              "search", "read", "extract", "get", "tell", "count", "is", "are"})
_CLICKS = frozenset({"click", "press", "view"})
#: Steps that never stand for a click on something else.
_NO_FALLBACK = frozenset({"goto", "scroll", "wait", "none", "login", "fill_all", "press",
                          "fill_typed"})


def parse_instruction(text: str) -> tuple[Intent, ...] | None:
    """Parse an instruction into intents, or ``None`` if any part is not understood.

    One clause per step; clauses are joined by "and", "then", commas, semicolons, full
    stops or new lines when the next clause starts with a verb. A clause is one of:

    - ``click|tap|press|hit|push|select X`` (``click on X``; ``open X`` when X is not a
      URL); ``close the dialog (with the x)``; ``expand|collapse X``; ``focus (on|into)
      X``; ``go to|switch to X`` (a tab); ``go to page 3``; ``sort by X``
    - ``type|enter|input|write|fill (in) V into|in X``, ``fill (in) X with V``,
      ``set X to V``, ``enter V as|for X``, ``enter the X V``, ``my X is V``,
      ``clear X``, ``search for V``, compound fills ("enter the username 'a' and the
      password 'b'"), ``type V into both fields``, terse pairs ("username: ada",
      "DOB 20.05.2010"), and a date or time alone ("deliver it on May 4, 2026")
    - ``log in with (username) V and (password) V``
    - ``select|choose|pick V from|in X``; ``select|choose X`` (radio, option, tab, or a
      list: "select A, B and C"); ``select nothing``
    - ``check|tick X``, ``uncheck|untick|deselect X``, ``turn X on|off``,
      ``mark X as done``, ``agree to X``
    - ``press|hit (the) Enter|Tab|Escape|Ctrl+A… (key) (in X)``
    - ``go to|open|navigate to|visit URL`` (absolute, relative or bare host)
    - ``scroll (up|down)``, ``scroll to the bottom|top (of X)``, ``scroll to X``
    - ``hover (over) X``, ``upload|attach V (to X)``, ``wait N seconds``
    - ``File > Save as`` (a menu path), ``<verb> <record>`` ("delete Grace's order"), or
      a label alone ("Continue shopping")

    Also "close the dialog by clicking the 'x'" (the means is the step), "to finish,
    click Done", padding ("please", "now", "could you"), and a mistyped verb or
    preposition. X is quoted ("the 'Sign in' button") or bare ("the Email field",
    "button ONE", "the 3rd textbox", "the last row", "Edit in Alice's row"). Values are
    quoted, a single token (``{{password}}``, ``bob@example.com``), a date or a time.
    """
    masked, quotes = mask_quotes(text.strip())
    if masked is None:
        return None
    intents: list[Intent] = []
    clauses = split_clauses(masked)
    scope: str | None = None
    for index, clause in enumerate(clauses):
        clause = normalise_clause(clause)
        if not clause or (index < len(clauses) - 1 and _PURPOSE_ONLY.match(clause)):
            continue  # "To finish, click Done": the purpose is no step
        found = _FIND_RECORD.match(clause) if index < len(clauses) - 1 else None
        if found is not None:
            # "Find the email by Ainslie and click the trash icon": the record is where
            # the next steps act, no step of its own.
            scope = unmask(found.group("who"), quotes).strip()
            continue
        parsed = _parse_clause(clause, quotes)
        if parsed is None:
            return None
        if scope is not None:
            parsed = [_within(i, scope) for i in parsed]
        if len(parsed) == 1 and parsed[0].action not in _NO_FALLBACK and not parsed[0].guessed:
            otherwise = parsed[0].otherwise + _otherwise(clause, quotes)
            parsed = [dataclasses.replace(parsed[0], otherwise=otherwise)]
        source = MASK.sub(lambda m: repr(quotes[int(m.group(1))]), clause)
        intents.extend(i if i.text else dataclasses.replace(i, text=source) for i in parsed)
    kept = [i for n, i in enumerate(intents) if not (i.implied and n + 1 < len(intents)
                                                     and intents[n + 1].action in _CLICKS)]
    return tuple(kept) or None


_FIND_RECORD = re.compile(
    r"^(?:find|locate|look\s+for|go\s+to)\s+(?:the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
    r"(?:by|from|of|for|named|called|titled|about)\s+(?P<who>[^,]+)$", re.I)


def _within(intent: Intent, scope: str) -> Intent:
    """The step acting in the record ``scope`` names, when its target is a phrase."""
    readings = tuple(dataclasses.replace(r, scope=scope) for r in intent.all_readings()
                     if r.phrase and r.scope is None and r.ordinal is None)
    if not readings or intent.parts:
        return dataclasses.replace(intent, readings=(), target=None, guessed=True)
    return dataclasses.replace(intent, readings=readings, otherwise=())


def value_in(text: str) -> str | None:
    """The one value an instruction types or selects ("Type 'Ada' in Name" -> "Ada")."""
    intents = parse_instruction(text)
    values = [i.value for i in intents or () if i.action in {"fill", "select"} and i.value]
    return values[0] if len(values) == 1 else None


def parse_target(text: str) -> tuple[str, str | None] | None:
    """Parse a bare target phrase ("the 'Email' field") into ``(target, role_hint)``."""
    readings = target_readings(text)
    if not readings or readings[0].phrase is None or readings[0].scope is not None:
        return None
    return readings[0].phrase, readings[0].role_hint


def target_readings(text: str) -> tuple[Reading, ...] | None:
    """Every reading of a bare target phrase, the most literal first."""
    masked, quotes = mask_quotes(text.strip().rstrip(".!"))
    if masked is None:
        return None
    return read_target(masked, quotes)


def _parse_clause(clause: str, quotes: list[str]) -> list[Intent] | None:
    shaped = False
    for name, pattern in PATTERNS:
        m = pattern.match(clause)
        if m is None:
            continue
        intent = _build(name, m, quotes)
        if intent is not None or name in {"unsupported", "verify", "checkout"}:
            return [intent] if isinstance(intent, Intent) else intent
        # A pattern may match the shape but not the content ("press the Login button"
        # is not a key press); fall through to the next pattern.
        shaped = shaped or name not in SHAPE_ONLY
    for form in (compound_fill, set_pairs, colon_pairs, terse_pairs, dated, in_list, verb_value):
        found = form(clause, quotes)
        if found is not None:
            return found
    path = _menu_path(clause, quotes)
    if path is not None:
        return path  # "File > Export > PDF" with no verb
    first = clause.split(maxsplit=1)[0].lower() if clause.split() else ""
    if shaped or first in _NO_RECORD_VERBS:
        return None  # a known step with a part that makes no sense ("visit '/a b'")
    readings = _otherwise(clause, quotes)
    if not readings:
        return None
    return [Intent("click", readings[0].phrase, readings=readings, guessed=True)]


def _otherwise(clause: str, quotes: list[str]) -> tuple[Reading, ...]:
    """The clause as an action on a record, and as the exact label of a control."""
    readings = list(record_readings(clause, quotes))
    if len(MASK.sub("x", clause).split()) <= 6:
        readings.append(Reading(unmask(clause, quotes).strip(), exact_only=True))
        # "the last radio button", "the second link": a target alone is a click on it.
        target = read_target(clause, quotes) or ()
        readings += [r for r in target if r.phrase is None and r.ordinal is not None]
    return tuple(readings)


def _build(name: str, m: re.Match[str], quotes: list[str]) -> Intent | list[Intent] | None:
    groups = m.groupdict()
    simple = _simple(name, groups, quotes)
    if simple is not None or name in _SIMPLE:
        return simple
    readings: tuple[Reading, ...] = ()
    if name in {"check", "uncheck"} and _DATED.search(groups.get("target") or ""):
        return None  # "check in on 20/05/2010": a date is typed, never ticked
    if groups.get("target") is not None:
        found = read_target(groups["target"], quotes)
        if found is None:
            return None
        readings = found
    return _targeted(name, m, groups, readings, quotes)


_DATED = re.compile(rf"\b{DATE}", re.I)

_SIMPLE = frozenset({"goto", "scroll_to", "scroll", "wait", "press_key", "login", "none",
                     "close", "submit", "unsupported", "verify", "checkout", "page", "search",
                     "fill_all", "fill_two"})


def _simple(name: str, groups: dict[str, str], quotes: list[str]) -> Intent | list[Intent] | None:
    """The steps whose parts are no ordinary target phrase."""
    if name == "goto":
        url = unmask(groups["url"], quotes).strip()
        return Intent("goto", url=url) if URL.match(url) else None
    if name == "scroll_to":
        top = groups["extent"].lower() in {"top", "start"}
        return Intent("scroll", direction="up" if top else "down", value="top" if top else "bottom")
    if name == "scroll":
        return Intent("scroll", direction="up" if (groups["dir"] or "").lower() == "up" else "down")
    if name == "wait":
        amount = float(groups["n"])
        ms = amount if groups["unit"].lower().startswith("m") else amount * 1000
        return Intent("wait", value=str(int(ms)))
    if name == "press_key":
        return _press(groups, quotes)
    if name == "login":
        user, password = value_of(groups["user"], quotes), value_of(groups["password"], quotes)
        return Intent("login", values=(user, password)) if user and password else None
    if name == "none":
        return Intent("none")
    if name == "close":
        return Intent("close", role_hint="dialog", target=groups["noun"].lower())
    if name == "submit":
        return Intent("click", "Submit", readings=(Reading("Submit", "button"),))
    if name == "page":
        n = groups["n"]
        return Intent.on("click", (Reading(n), Reading(f"Page {n}"), Reading(f"Go to page {n}")))
    if name == "search":
        value = _search_value(groups["value"], quotes)
        if value is None:
            return None
        search = Intent.on("fill", (Reading(None, "searchbox"), Reading("search", "searchbox")),
                           value=value)
        # A search is run, not only typed: by its button.
        run = Intent.on("click", (Reading("search", "button"), Reading("go", "button")),
                        implied=True)
        return [search, run]
    if name == "fill_all":
        value = value_of(groups["value"], quotes)
        if value is None:
            return None
        both = groups["scope"].lower() == "both"
        return Intent("fill_all", value=value, ordinal=2 if both else None,
                      target=(groups.get("kind") or None))
    if name == "fill_two":
        value = value_of(groups["value"], quotes)
        one = fill(groups["one"], value, quotes) if value is not None else None
        two = fill(groups["two"], value, quotes) if value is not None else None
        return [one, two] if one is not None and two is not None else None
    return None  # unsupported, verify, checkout: for a smarter tier


def _search_value(raw: str, quotes: list[str]) -> str | None:
    raw = raw.strip().rstrip(".")
    if MASK.fullmatch(raw):
        return unmask(raw, quotes)
    return None if MASK.search(raw) or len(raw.split()) > 6 else raw or None


def _targeted(
    name: str, m: re.Match[str], groups: dict[str, str], readings: tuple[Reading, ...],
    quotes: list[str],
) -> Intent | list[Intent] | None:
    first = readings[0] if readings else Reading(None)
    if name in {"fill", "select", "upload"}:
        values = values_of(groups["value"], quotes) if name == "select" else None
        value = value_of(groups["value"], quotes)
        if value is None and not values:
            return None
        if values and len(values) > 1:
            return Intent.on(name, readings, value=values[0], values=values)
        return Intent.on(name, readings, value=value)
    if name == "apply":
        value = value_of(groups["value"], quotes)
        if value is None:
            return None
        apply = Intent.on("click", (Reading("apply"), Reading("redeem"), Reading("use code")),
                          implied=True)
        return [Intent.on("fill", readings, value=value), apply]
    if name == "fill_unsaid":
        if re.search(r",|\band\b|\S*[@\d]\S*", groups["target"]):
            return None  # "fill in first name John, last name Smith": pairs, for later
        return Intent.on("fill", readings)
    if name == "clear":
        return Intent.on("uncheck" if first.role_hint == "checkbox" else "fill", readings,
                         value=None if first.role_hint == "checkbox" else "")
    if name == "scroll_into":
        return Intent.on("scroll", readings)
    if name == "scroll_within":
        top = groups["extent"].lower() in {"top", "start"}
        return Intent.on("scroll", readings, value="top" if top else "bottom",
                         direction="up" if top else "down")
    if name == "select_items":
        if first.role_hint not in {"combobox", "listbox"}:
            return None  # only a list's items may go unquoted
        items = tuple(split_list(groups["items"]))
        if not items:
            return None
        return Intent.on("select", readings, value=items[0], values=items if len(items) > 1 else ())
    if name == "mark_done":
        done = [Reading(word, scope=groups["target"])
                for word in ("done", "mark as done", "mark done", "complete")]
        return Intent.on("check", readings, otherwise=tuple(done))
    if name == "agree":
        agree = (Reading(f"agree to {unmask(groups['target'], quotes)}", "checkbox"), *readings)
        return Intent.on("check", agree)
    if name == "turn":
        return Intent.on("check" if groups["state"].lower() == "on" else "uncheck", readings)
    if name in {"switch", "close_with"}:
        return Intent.on("click", readings)
    if name == "sort":
        return Intent.on("sort", readings)
    if name in {"choose", "click"}:
        path = _menu_path(groups["target"], quotes)
        if path is not None:
            return path
    if name in {"choose", "check", "uncheck"}:
        return Intent.on(name, readings, parts=_parts(groups["target"], quotes))
    if name == "click":
        readings += _without_purpose(groups["target"], quotes)
        # "open order 1004" views a record; it does not tick the box that selects it.
        viewing = re.match(r"(?:open|view|show)\b", m.group(0), re.I) and not first.role_hint
        if viewing:
            # "open order 1004": the one clickable record that says so.
            record = Reading(None, "record", scope=unmask(groups["target"], quotes))
            return Intent.on("view", readings, otherwise=(record,))
        return Intent.on("click", readings)
    return Intent.on(name, readings)


_PURPOSE = re.compile(
    r"^(?P<target>.+?)\s+(?:in\s+order\s+)?to\s+(?:close|open|continue|proceed|submit|finish|"
    r"dismiss|confirm|save|see|view|go|start|log|sign|expand|show|hide|accept|complete|"
    r"cancel|move|get|reveal|toggle|select|send|apply|add|remove|delete|exit|leave|mark|"
    r"star|flag|like|archive|share|edit|rename|copy|download|upload|refresh|sort|filter|"
    r"enable|disable|play|pause|stop|undo|redo|print|clear|reset)\b.*$",
    re.I,
)


def _without_purpose(raw: str, quotes: list[str]) -> tuple[Reading, ...]:
    """"the x to close the dialog" may name "the x" and say what it is for."""
    m = _PURPOSE.match(raw.strip())
    if m is None:
        return ()
    return read_target(m.group("target"), quotes) or ()


_PATH_SEPARATOR = re.compile(r"\s*(?:>|→|->|»|/)\s*")


def _menu_path(raw: str, quotes: list[str]) -> list[Intent] | None:
    """"File > Save as" (or "File → Save as"): a click on each item in turn."""
    if not re.search(r">|→|»", raw):
        return None
    items = [i for i in _PATH_SEPARATOR.split(raw.strip()) if i.strip()]
    if len(items) < 2:
        return None
    intents: list[Intent] = []
    for index, item in enumerate(items):
        readings = read_target(item, quotes)
        if not readings:
            return None
        # Items on the way only open their submenu: hover a menu item, click anything
        # else. Each knows the items after it: what is not on the page stops it first.
        later = tuple(unmask(i, quotes).strip() for i in items[index + 1 :])
        kind = "click" if index == len(items) - 1 else "open"
        intents.append(Intent.on(kind, readings, values=later))
    return intents


def _parts(raw: str, quotes: list[str]) -> tuple[tuple[Reading, ...], ...]:
    """The items of a list target ("A, B and C"), each with its readings; () if no list."""
    items = split_list(raw)
    if len(items) < 2:
        return ()
    parts = [read_target(item, quotes) for item in items]
    if any(p is None for p in parts):
        return ()
    return tuple(p for p in parts if p is not None)


def _press(groups: dict[str, str], quotes: list[str]) -> Intent | None:
    key = _key(groups["key"] or "")
    if key is None:
        return None
    readings: tuple[Reading, ...] = ()
    if groups.get("target"):
        found = read_target(groups["target"], quotes)
        if found is None:
            return None
        readings = found
    return Intent.on("press", readings, key=key)


def _key(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if "+" in text:
        *mods, last = (p.strip() for p in text.split("+"))
        names = [MODIFIERS.get(p) for p in mods]
        if not mods or any(n is None for n in names):
            return None
        base = KEYS.get(last) or (last.upper() if re.fullmatch(r"[a-z0-9]", last) else None)
        return "+".join([*(n for n in names if n), base]) if base else None
    return KEYS.get(text)


__all__ = ["VERBS", "Intent", "parse_instruction", "parse_target", "target_readings", "value_in"]
