"""Plain English instructions -> intents, without an LLM.

The grammar is wide but strict: every clause must match one of the shapes documented
in :func:`parse_instruction`, else the whole instruction returns ``None`` and a smarter
tier answers instead of this one guessing. How people phrase things varies (verb first
or a purpose first, role word before or after the name, polite padding, a mistyped verb
or preposition), so clauses are normalised before they are matched; what a target
phrase names is decided later, against the page, from every reading of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pytest_skyvern.resolve.phrases import (
    MASK,
    M,
    Reading,
    mask_quotes,
    read_target,
    unmask,
)
from pytest_skyvern.resolve.wording import (
    KEYS,
    MODIFIERS,
    VERBS,
    normalise_clause,
    split_clauses,
    split_list,
)

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Intent:
    """One step of an instruction.

    ``action`` is an action type of ``pytest_skyvern.actions``, or one the resolver turns
    into those: ``choose`` (check a radio or click an option, by the element), ``expand``
    and ``collapse`` (click a disclosure), ``close`` (click a dialog's close control),
    ``fill_all`` (the same value into every text field), ``none`` ("select nothing") and
    ``open`` (a menu item on the way of "File > Save as": hovered, or clicked if it is not
    a menu item).
    ``value`` of a ``scroll`` is ``"top"``/``"bottom"`` for "scroll to the bottom".
    ``readings`` are all readings of the target, the first being ``target``,
    ``role_hint`` and ``ordinal``; ``parts`` are the readings of each item when the
    target may be a list ("A, B and C"); ``text`` is the clause this came from.
    """

    action: str
    target: str | None = None
    value: str | None = None
    role_hint: str | None = None
    key: str | None = None
    url: str | None = None
    direction: Direction | None = None
    ordinal: int | None = None
    readings: tuple[Reading, ...] = field(default=(), compare=False)
    parts: tuple[tuple[Reading, ...], ...] = field(default=(), compare=False)
    values: tuple[str, ...] = ()
    text: str = field(default="", compare=False)
    #: A bare label with no verb ("Continue shopping"): a click, if it names exactly one
    #: button, link or the like.
    implicit: bool = False

    def all_readings(self) -> tuple[Reading, ...]:
        if self.readings:
            return self.readings
        if self.target is None and self.role_hint is None:
            return ()
        return (Reading(self.target, self.role_hint, self.ordinal),)


# Bare (unquoted) values are accepted only as one token or as a date or time; these
# tokens are descriptions of a value, not values, and need an LLM.
_VAGUE_VALUES = {"something", "anything", "it", "them", "random", "valid", "a", "an", "the",
                 "value", "text", "name", "some", "any", "this", "that"}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?"
_V = (
    rf"(?P<value>{M}|\{{\{{[^}}]*\}}\}}|(?:{_DATE})(?:\s*,?\s*(?:at\s+)?(?:{_TIME}))?"
    rf"|(?:{_TIME})|\S+)"
)
#: Several quoted values, or one value.
_VS = rf"(?P<value>{M}(?:\s*(?:,\s*and|,|and|&)\s*{M})+|" + _V[len("(?P<value>"):]
_T = r"(?P<target>.+?)"
#: A preposition between a value and its field; one letter off is a typo, not a new word.
_INTO = (
    r"(?:into|in|inside|within|on|onto|to|at|for|from|under|of|as|"
    r"i|n|im|ino|itno|inot|int|fro|frm|ot)"  # the same, one letter off
)
_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|/\S*|\./\S*|\.\./\S*|[?#]\S*|"
    r"(?:localhost|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:/\S*)?)$",
    re.I,
)
_PURPOSE_ONLY = re.compile(r"^(?:in\s+order\s+)?to\s+[a-z]+(?:\s+[a-z]+){0,4}$", re.I)
_FIELDS_WORD = r"(?:text\s+)?(?:fields?|boxes|inputs?|textboxes|text\s*boxes|form|blanks)"


def parse_instruction(text: str) -> tuple[Intent, ...] | None:
    """Parse an instruction into intents, or ``None`` if any part is not understood.

    One clause per step; clauses are joined by "and", "then", commas, semicolons, full
    stops or new lines when the next clause starts with a verb. A clause is one of:

    - ``click|tap|press|hit|push|select X`` (``click on X``; ``open X`` when X is not a
      URL); ``close the dialog``; ``expand|collapse X``; ``focus (on|into) X``
    - ``type|enter|input|write|fill (in) V into|in X``, ``fill (in) X with V``,
      ``set X to V``, ``enter V as|for X``, ``enter the X V``, ``clear X``, compound
      fills ("enter the username 'a' and the password 'b'"), ``type V into both fields``
    - ``log in with (username) V and (password) V``
    - ``select|choose|pick V from|in X``; ``select|choose X`` (radio, option, tab, or a
      list: "select A, B and C"); ``select nothing``
    - ``check|tick X``, ``uncheck|untick|deselect X``
    - ``press|hit (the) Enter|Tab|Escape|Ctrl+A… (key) (in X)``
    - ``go to|open|navigate to|visit URL`` (absolute, relative or bare host)
    - ``scroll (up|down)``, ``scroll to the bottom|top``, ``scroll to X``
    - ``hover (over) X``, ``upload|attach V (to X)``, ``wait N seconds``

    Also "close the dialog by clicking the 'x'" (the means is the step), "to finish,
    click Done", padding ("please", "now", "could you"), and a mistyped verb or
    preposition. X is quoted ("the 'Sign in' button") or bare ("the Email field",
    "button ONE", "the 3rd textbox", "the last row"). Values are quoted, a single token
    (``{{password}}``, ``bob@example.com``), a date or a time.
    """
    masked, quotes = mask_quotes(text.strip())
    if masked is None:
        return None
    intents: list[Intent] = []
    clauses = split_clauses(masked)
    for index, clause in enumerate(clauses):
        clause = normalise_clause(clause)
        if not clause or (index < len(clauses) - 1 and _PURPOSE_ONLY.match(clause)):
            continue  # "To finish, click Done": the purpose is no step
        parsed = _parse_clause(clause, quotes)
        if parsed is None:
            return None
        source = MASK.sub(lambda m: repr(quotes[int(m.group(1))]), clause)
        intents.extend(
            Intent(**{**i.__dict__, "text": source}) if not i.text else i for i in parsed
        )
    return tuple(intents) or None


def value_in(text: str) -> str | None:
    """The one value an instruction types or selects ("Type 'Ada' in Name" -> "Ada")."""
    intents = parse_instruction(text)
    values = [i.value for i in intents or () if i.action in {"fill", "select"} and i.value]
    return values[0] if len(values) == 1 else None


def parse_target(text: str) -> tuple[str, str | None] | None:
    """Parse a bare target phrase ("the 'Email' field") into ``(target, role_hint)``."""
    readings = target_readings(text)
    if not readings or readings[0].phrase is None:
        return None
    return readings[0].phrase, readings[0].role_hint


def target_readings(text: str) -> tuple[Reading, ...] | None:
    """Every reading of a bare target phrase, the most literal first."""
    masked, quotes = mask_quotes(text.strip().rstrip(".!"))
    if masked is None:
        return None
    return read_target(masked, quotes)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.I))
    for name, pattern in [
        ("unsupported", r"^(?:double[- ]?click|dbl[- ]?click|right[- ]?click|drag)\b.*$"),
        (
            "verify",
            r"^(?:check|make\s+sure|verify|ensure|confirm|assert)\s+(?:that|whether|if|for)\b.*$",
        ),
        ("checkout", r"^check\s+out\b.*$"),
        ("none", r"^(?:select|choose|pick|check|tick|mark)\s+(?:nothing|none(?:\s+of\s+them)?|"
                 r"no\s+(?:items?|options?|boxes|checkboxes|answers?))$"),
        (
            "goto",
            rf"^(?:go\s+to|goto|navigate\s+to|navigate|visit|browse\s+to|open|load)\s+"
            rf"(?:the\s+)?(?:url\s+|page\s+|address\s+)?(?P<url>{M}|\S+)$",
        ),
        (
            "scroll_to",
            r"^scroll(?:\s+the\s+page)?(?:\s+(?:all\s+the\s+way\s+)?(?:down|up))?"
            r"\s+to\s+the\s+(?P<extent>bottom|top|end|start)(?:\s+of\s+the\s+page)?$",
        ),
        (
            "scroll",
            r"^scroll(?:\s+the\s+page)?(?:\s+(?P<dir>up|down))?(?:\s+(?:the\s+page|"
            r"a\s+bit|a\s+little|once|by\s+one\s+page|one\s+page))?$",
        ),
        (
            "scroll_within",
            rf"^scroll(?:\s+(?:down|up))?\s+to\s+the\s+(?P<extent>bottom|top|end|start)\s+"
            rf"(?:of|in|inside)\s+{_T}$",
        ),
        (
            "scroll_into",
            rf"^scroll(?:\s+(?:down|up))?\s+(?:to|until|till)\s+(?:you\s+see\s+)?{_T}$",
        ),
        (
            "wait",
            r"^wait(?:\s+for)?\s+(?P<n>\d+(?:\.\d+)?)\s*"
            r"(?P<unit>s|sec|secs|seconds?|ms|milliseconds?)$",
        ),
        (
            "press_key",
            r"^(?:press|hit|type|send|push)\s+(?:the\s+)?(?P<key>[\w+ ]+?)(?P<word>\s+key)?"
            r"(?:\s+(?:in|on|into|inside)\s+(?P<target>.+))?$",
        ),
        (
            "login",
            rf"^(?:log\s*in|login|sign\s*in|signin)(?:\s+to\s+\S+)?\s+(?:with|using|as)\s+"
            rf"(?:the\s+)?(?:(?:user\s*name|user|login|e-?mail|account)\s+)?(?P<user>{M}|\S+)\s*"
            rf"(?:and|with|,|/)\s*(?:the\s+)?(?:(?:password|pass|pwd|passcode)\s+)?(?P<password>{M}|\S+)$",
        ),
        (
            "fill_all",
            rf"^(?:type|enter|input|write|put|insert|fill(?:\s+in)?)\s+(?:(?:the|your|a|an)\s+"
            rf"[a-z][\w ]{{0,30}}?\s+)?{_V}\s+{_INTO}\s+(?P<scope>both|all|each|every)\s+"
            rf"(?:of\s+the\s+)?{_FIELDS_WORD}$",
        ),
        (
            "fill",
            rf"^(?:type|enter|input|write|put|insert|key\s+in|provide|fill(?:\s+in)?)\s+{_V}\s+"
            rf"{_INTO}\s+{_T}$",
        ),
        # A quoted value leaves no doubt where it ends, so a missing preposition is fine.
        (
            "fill",
            rf"^(?:type|enter|input|write|put|insert|key\s+in|provide|fill(?:\s+in)?)\s+"
            rf"(?P<value>{M})\s+{_T}$",
        ),
        ("fill", rf"^(?:enter|type|input|use|provide)\s+{_V}\s+(?:as|for)\s+{_T}$"),
        (
            "fill",
            rf"^(?:fill(?:\s+in|\s+out)?|populate|set|change|update|replace)\s+{_T}\s+"
            rf"(?:with|to|as|using)\s+{_V}$",
        ),
        # "Type the value in the name input": the value comes from elsewhere (fill(value=)).
        (
            "fill_unsaid",
            rf"^(?:type|enter|input|write|put|insert|fill(?:\s+in)?)\s+(?:the\s+|a\s+|some\s+|"
            rf"your\s+)?(?:value|text|it|this|that|something|them|data|stuff)\s+{_INTO}\s+{_T}$",
        ),
        ("fill_unsaid", rf"^(?:fill(?:\s+in|\s+out)?|populate|complete)\s+{_T}$"),
        ("clear", rf"^(?:clear|empty|erase|blank)(?:\s+out)?\s+{_T}$"),
        (
            "select",
            rf"^(?:select|choose|pick|set)\s+(?:the\s+)?(?:options?\s+|values?\s+)?{_VS}\s+"
            rf"{_INTO}\s+{_T}$",
        ),

        # "Select Jamaica, Timor-Leste from the list": bare items of a list.
        ("select_items", rf"^(?:select|choose|pick)\s+(?P<items>[^\x00]+?)\s+(?:from|in)\s+{_T}$"),
        # "Select -3 with the spinner": a value set with a control.
        (
            "fill",
            rf"^(?:select|choose|pick|set|enter|put)\s+{_V}\s+(?:with|using|via|on)\s+{_T}$",
        ),
        (
            "upload",
            rf"^(?:upload|attach)\s+(?:the\s+)?(?:file\s+)?{_V}"
            rf"(?:\s+(?:to|into|in|on|using|via|with)\s+{_T})?$",
        ),
        (
            "uncheck",
            rf"^(?:uncheck|untick|unmark|deselect|unselect|turn\s+off|toggle\s+off|disable)"
            rf"\s+{_T}$",
        ),
        ("check", rf"^(?:check|tick|mark|turn\s+on|toggle\s+on|enable)\s+{_T}$"),
        (
            "focus",
            rf"^(?:focus|put\s+(?:the\s+)?(?:cursor|focus))(?:\s+(?:on|in|into|inside|onto|to))?"
            rf"\s+{_T}$",
        ),
        ("expand", rf"^(?:expand|unfold|open\s+up|show|reveal)\s+{_T}$"),
        ("collapse", rf"^(?:collapse|fold|hide)\s+{_T}$"),
        (
            "close",
            r"^(?:close|dismiss|exit|shut)\s+(?:the\s+|this\s+)?(?:dialog|modal|pop-?up|window|"
            r"alert|overlay|banner|notification|message)(?:\s+(?:box|window))?$",
        ),
        ("choose", rf"^(?:select|choose|pick)\s+{_T}$"),
        (
            "hover",
            rf"^(?:hover(?:\s+(?:over|on))?|mouse\s*over|move\s+(?:the|your)\s+"
            rf"(?:mouse|cursor|pointer)\s+(?:over|to|onto))\s+{_T}$",
        ),
        (
            "click",
            rf"^(?:left[- ]?)?(?:click|tap|press|hit|push|follow|open|activate|trigger|use)"
            rf"(?:\s+(?:on|at))?\s+{_T}(?:\s+once)?$",
        ),
        ("submit", r"^submit(?:\s+(?:the|this)\s+(?:form|page|answer|entry))?$"),
    ]
]


def _parse_clause(clause: str, quotes: list[str]) -> list[Intent] | None:
    for name, pattern in _PATTERNS:
        m = pattern.match(clause)
        if m is None:
            continue
        intent = _build(name, m, quotes)
        if intent is not None or name in {"unsupported", "verify", "checkout"}:
            return [intent] if isinstance(intent, Intent) else intent
        # A pattern may match the shape but not the content ("press the Login button"
        # is not a key press); fall through to the next pattern.
    compound = _compound_fill(clause, quotes)
    if compound is not None:
        return compound
    return _bare_label(clause, quotes)


def _bare_label(clause: str, quotes: list[str]) -> list[Intent] | None:
    """"Continue shopping": a short label alone, which the resolver clicks only when it
    is exactly the name of one clickable element."""
    words = MASK.sub("x", clause).split()
    if not words or len(words) > 6 or re.match(rf"(?:{VERBS})\b", clause, re.I):
        return None
    readings = read_target(clause, quotes)
    if not readings or readings[0].phrase is None:
        return None
    first = readings[0]
    return [Intent("click", first.phrase, role_hint=first.role_hint, readings=readings[:1],
                   implicit=True)]


def _build(name: str, m: re.Match[str], quotes: list[str]) -> Intent | list[Intent] | None:
    groups = m.groupdict()
    if name == "goto":
        url = unmask(groups["url"], quotes).strip()
        return Intent("goto", url=url) if _URL.match(url) else None
    if name == "scroll_to":
        extent = groups["extent"].lower()
        top = extent in {"top", "start"}
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
        user, password = _value(groups["user"], quotes), _value(groups["password"], quotes)
        if user is None or password is None:
            return None
        return Intent("login", values=(user, password))
    if name == "none":
        return Intent("none")
    if name == "close":
        return Intent("close", role_hint="dialog")
    if name == "submit":
        return Intent("click", "Submit", readings=(Reading("Submit", "button"),))
    if name in {"unsupported", "verify", "checkout"}:
        return None
    readings: tuple[Reading, ...] = ()
    if groups.get("target") is not None:
        found = read_target(groups["target"], quotes)
        if found is None:
            return None
        readings = found
    if name == "fill_all":
        value = _value(groups["value"], quotes)
        if value is None:
            return None
        scope = groups["scope"].lower()
        return Intent("fill_all", value=value, ordinal=2 if scope == "both" else None)
    first = readings[0] if readings else Reading(None)
    base = {"target": first.phrase, "role_hint": first.role_hint, "ordinal": first.ordinal,
            "readings": readings}
    if name in {"fill", "select", "upload"}:
        values = _values(groups["value"], quotes) if name == "select" else None
        value = _value(groups["value"], quotes)
        if value is None and not values:
            return None
        if values and len(values) > 1:
            return Intent(name, value=values[0], values=values, **base)  # type: ignore[arg-type]
        return Intent(name, value=value, **base)  # type: ignore[arg-type]
    if name == "fill_unsaid":
        return Intent("fill", **base)  # type: ignore[arg-type]
    if name == "clear":
        if first.role_hint == "checkbox":
            return Intent("uncheck", **base)  # type: ignore[arg-type]
        return Intent("fill", value="", **base)  # type: ignore[arg-type]
    if name == "scroll_into":
        return Intent("scroll", **base)  # type: ignore[arg-type]
    if name == "scroll_within":
        top = groups["extent"].lower() in {"top", "start"}
        return Intent("scroll", value="top" if top else "bottom",
                      direction="up" if top else "down", **base)  # type: ignore[arg-type]
    if name == "select_items":
        if first.role_hint not in {"combobox", "listbox"}:
            return None  # only a list's items may go unquoted
        items = tuple(split_list(groups["items"]))
        if not items:
            return None
        return Intent("select", value=items[0], values=items if len(items) > 1 else (),
                      **base)  # type: ignore[arg-type]
    if name in {"choose", "click"}:
        path = _menu_path(groups["target"], quotes)
        if path is not None:
            return path
    if name in {"choose", "check", "uncheck"}:
        parts = _parts(groups["target"], quotes)
        return Intent(name, parts=parts, **base)  # type: ignore[arg-type]
    if name == "click":
        readings += _without_purpose(groups["target"], quotes)
        return Intent("click", **{**base, "readings": readings})  # type: ignore[arg-type]
    return Intent(name, **base)  # type: ignore[arg-type]


_PURPOSE = re.compile(
    r"^(?P<target>.+?)\s+(?:in\s+order\s+)?to\s+(?:close|open|continue|proceed|submit|finish|"
    r"dismiss|confirm|save|see|view|go|start|log|sign|expand|show|hide|accept|complete|"
    r"cancel|move|get|reveal|toggle|select|send|apply|add|remove|delete|exit|leave)\b.*$",
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
        first = readings[0]
        # Items on the way only open their submenu: hover a menu item, click anything else.
        kind = "click" if index == len(items) - 1 else "open"
        intents.append(Intent(kind, first.phrase, role_hint=first.role_hint, readings=readings))
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


# "enter the username 'a' and the password 'b' (into the text fields)"
_PAIR = re.compile(
    rf"^(?:the\s+|your\s+|a\s+)?(?P<field>[a-z][\w' -]{{0,40}}?)(?<!\bwith)(?<!\bto)(?<!\bas)"
    rf"(?<!\binto)(?<!\bin)(?<!\bfor)(?<!\bon)\s*[:=]?\s+(?P<value>{M})$",
    re.I,
)
_COMPOUND = re.compile(
    rf"^(?:type|enter|input|write|put|fill(?:\s+in|\s+out)?|provide)\s+(?:in\s+)?(?P<body>.+?)"
    rf"(?:\s+{_INTO}\s+(?:the\s+)?(?:(?:two|both|all|respective|corresponding)\s+)?{_FIELDS_WORD})?$",
    re.I,
)


def _compound_fill(clause: str, quotes: list[str]) -> list[Intent] | None:
    m = _COMPOUND.match(clause)
    if m is None:
        return None
    items = split_list(m.group("body"))
    intents: list[Intent] = []
    for item in items:
        pair = _PAIR.match(item.strip())
        if pair is None:
            return None
        readings = read_target(pair.group("field"), quotes)
        value = _value(pair.group("value"), quotes)
        if not readings or value is None or readings[0].phrase is None:
            return None
        first = readings[0]
        intents.append(Intent("fill", first.phrase, value, first.role_hint, readings=readings))
    return intents


def _press(groups: dict[str, str | None], quotes: list[str]) -> Intent | None:
    key = _key(groups["key"] or "")
    if key is None:
        return None
    readings: tuple[Reading, ...] = ()
    if groups.get("target"):
        found = read_target(groups["target"] or "", quotes)
        if found is None:
            return None
        readings = found
    first = readings[0] if readings else Reading(None)
    return Intent("press", target=first.phrase, role_hint=first.role_hint, key=key,
                  ordinal=first.ordinal, readings=readings)


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


def _value(raw: str, quotes: list[str]) -> str | None:
    raw = raw.strip()
    if MASK.fullmatch(raw):
        return unmask(raw, quotes)
    # A stray quote means the value's end is a guess ("type 'abc into Name").
    if raw.lower() in _VAGUE_VALUES or MASK.search(raw) or re.search(r"['\"\u2018\u201c]", raw):
        return None
    return raw


def _values(raw: str, quotes: list[str]) -> tuple[str, ...] | None:
    """Several quoted options ("select 'A' and 'B' from the list"), or None."""
    items = split_list(raw)
    if len(items) < 2 or not all(MASK.fullmatch(i.strip()) for i in items):
        return None
    return tuple(unmask(i.strip(), quotes) for i in items)


__all__ = ["VERBS", "Intent", "parse_instruction", "parse_target", "target_readings", "value_in"]
