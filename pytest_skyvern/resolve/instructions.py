"""Plain English instructions -> intents, without an LLM.

Only a small, unambiguous grammar is understood (see ``parse_instruction``); anything
else returns ``None`` so a smarter tier answers instead of this one guessing.
Quoted text (straight, curly or guillemet quotes) is taken literally: it is masked before any
splitting or matching, so "Terms and Conditions" in quotes stays one target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Intent:
    """One step of an instruction.

    ``action`` is an action type of ``pytest_skyvern.actions`` or ``"choose"``
    ("select the Express radio": check it or click it, depending on the element).
    ``value`` of a ``scroll`` is ``"top"``/``"bottom"`` for "scroll to the bottom".
    """

    action: str
    target: str | None = None
    value: str | None = None
    role_hint: str | None = None
    key: str | None = None
    url: str | None = None
    direction: Direction | None = None


# Opening quote -> closing quote. An apostrophe only opens a quote at a word start,
# so "the user's menu" is not a quote.
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "«": "»"}
_MASK = re.compile(r"\x00(\d+)\x00")
_M = r"\x00\d+\x00"

_VERBS = (
    r"click|tap|press|hit|push|double[- ]?click|right[- ]?click|type|enter|fill|input|write|"
    r"select|choose|pick|check|tick|uncheck|untick|deselect|go|goto|open|navigate|visit|"
    r"browse|scroll|hover|mouse|move|upload|attach|set|clear|use|follow"
)
_STARTS_WITH_VERB = re.compile(rf"(?:please\s+)?(?:{_VERBS})\b", re.I)
# Where a sequence may be split; only taken when a verb follows (see _split_clauses).
_SEPARATOR = re.compile(
    r"\s*[;,.]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+|\s*\n\s*", re.I
)

# Trailing role words: stripped from the target, kept as a hint. Longest first.
_ROLE_WORDS: list[tuple[str, str]] = [
    ("radio button", "radio"),
    ("check box", "checkbox"),
    ("text box", "textbox"),
    ("text field", "textbox"),
    ("input field", "textbox"),
    ("text input", "textbox"),
    ("text area", "textbox"),
    ("search box", "searchbox"),
    ("search field", "searchbox"),
    ("drop-down menu", "combobox"),
    ("dropdown menu", "combobox"),
    ("drop down", "combobox"),
    ("drop-down", "combobox"),
    ("dropdown", "combobox"),
    ("select box", "combobox"),
    ("drop-down list", "combobox"),
    ("dropdown list", "combobox"),
    ("select list", "combobox"),
    ("combobox", "combobox"),
    ("combo box", "combobox"),
    ("listbox", "listbox"),
    ("textbox", "textbox"),
    ("textarea", "textbox"),
    ("checkbox", "checkbox"),
    ("button", "button"),
    ("link", "link"),
    ("field", "textbox"),
    ("input", "textbox"),
    ("box", "textbox"),
    ("menu item", "menuitem"),
    ("menu", "menu"),
    ("tab", "tab"),
    ("radio", "radio"),
    ("option", "option"),
    # "the Country list" in a test almost always means a <select>.
    ("list", "combobox"),
    ("switch", "switch"),
    ("toggle", "switch"),
]
_ROLE_WORD_RE = "|".join(re.escape(w) for w, _ in _ROLE_WORDS)
_ROLE_OF = {w: r for w, r in _ROLE_WORDS}

_KEYS = {
    "enter": "Enter",
    "return": "Enter",
    "tab": "Tab",
    "escape": "Escape",
    "esc": "Escape",
    "space": "Space",
    "spacebar": "Space",
    "backspace": "Backspace",
    "delete": "Delete",
    "del": "Delete",
    "home": "Home",
    "end": "End",
    "page up": "PageUp",
    "pageup": "PageUp",
    "page down": "PageDown",
    "pagedown": "PageDown",
    "arrow up": "ArrowUp",
    "up arrow": "ArrowUp",
    "arrowup": "ArrowUp",
    "arrow down": "ArrowDown",
    "down arrow": "ArrowDown",
    "arrowdown": "ArrowDown",
    "arrow left": "ArrowLeft",
    "left arrow": "ArrowLeft",
    "arrowleft": "ArrowLeft",
    "arrow right": "ArrowRight",
    "right arrow": "ArrowRight",
    "arrowright": "ArrowRight",
    **{f"f{n}": f"F{n}" for n in range(1, 13)},
}
_MODIFIERS = {
    "ctrl": "Control",
    "control": "Control",
    "shift": "Shift",
    "alt": "Alt",
    "option": "Alt",
    "meta": "Meta",
    "cmd": "Meta",
    "command": "Meta",
}
# Bare (unquoted) values are accepted only as one token; these tokens are descriptions
# of a value, not values, and need an LLM.
_VAGUE_VALUES = {"something", "anything", "it", "them", "random", "valid", "a", "an", "the"}
_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|/\S*|\./\S*|\.\./\S*|[?#]\S*|"
    r"(?:localhost|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:/\S*)?)$",
    re.I,
)


def parse_instruction(text: str) -> tuple[Intent, ...] | None:
    """Parse an instruction into intents, or ``None`` if any part is not understood.

    Grammar (case-insensitive, one clause per step, clauses joined by "and", "then",
    ", then", commas, semicolons or full stops when the next clause starts with a verb):

    - ``click|tap|press|hit X`` (``click on X``; ``open X`` when X is not a URL)
    - ``type|enter|input|write|fill (in) "v" into|in|on X``, ``fill (in) X with "v"``,
      ``set X to "v"``, ``enter "v" as|for X``, ``clear X``
    - ``select|choose|pick "v" from|in X``; ``select|choose X`` (radio, option, tab)
    - ``check|tick X``, ``uncheck|untick|deselect X``
    - ``press|hit (the) Enter|Tab|Escape|Ctrl+A… (key) (in X)``
    - ``go to|open|navigate to|visit URL`` (absolute, relative or bare host)
    - ``scroll (up|down)``, ``scroll (down) to the bottom|top``
    - ``hover (over) X``, ``upload|attach "path" (to X)``

    X is quoted ("the 'Sign in' button") or bare ("the Email field"). Values must be
    quoted or a single token (``{{password}}``, ``bob@example.com``).
    """
    masked, quotes = _mask_quotes(text.strip())
    if masked is None:
        return None
    intents: list[Intent] = []
    for clause in _split_clauses(masked):
        intent = _parse_clause(clause, quotes)
        if intent is None:
            return None
        intents.append(intent)
    return tuple(intents) or None


def parse_target(text: str) -> tuple[str, str | None] | None:
    """Parse a bare target phrase ("the 'Email' field") into ``(target, role_hint)``."""
    masked, quotes = _mask_quotes(text.strip().rstrip(".!"))
    if masked is None:
        return None
    return _target(masked, quotes)


def _mask_quotes(text: str) -> tuple[str | None, list[str]]:
    out: list[str] = []
    quotes: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        closer = _QUOTES.get(ch)
        at_word_start = i == 0 or not text[i - 1].isalnum()
        if closer and at_word_start:
            end = _closing(text, i + 1, closer)
            if end is None:
                if ch in "'\u2018":  # an apostrophe after all
                    out.append(ch)
                    i += 1
                    continue
                return None, []
            out.append(f"\x00{len(quotes)}\x00")
            quotes.append(text[i + 1 : end])
            i = end + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out), quotes


def _closing(text: str, start: int, closer: str) -> int | None:
    for j in range(start, len(text)):
        if text[j] == closer and (j + 1 == len(text) or not text[j + 1].isalnum()):
            return j
    return None


def _split_clauses(masked: str) -> list[str]:
    clauses: list[str] = []
    start = 0
    for m in _SEPARATOR.finditer(masked):
        if _STARTS_WITH_VERB.match(masked, m.end()):
            clauses.append(masked[start : m.start()])
            start = m.end()
    clauses.append(masked[start:])
    return [c.strip().rstrip(".!").strip() for c in clauses if c.strip(" .!")]


def _unmask(text: str, quotes: list[str]) -> str:
    return _MASK.sub(lambda m: quotes[int(m.group(1))], text)


_V = rf"(?P<value>{_M}|\{{\{{[^}}]*\}}\}}|\S+)"
_T = r"(?P<target>.+?)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.I))
    for name, pattern in [
        ("unsupported", r"^(?:double[- ]?click|dbl[- ]?click|right[- ]?click)\b.*$"),
        ("verify", r"^(?:check|make\s+sure|verify|ensure)\s+(?:that|whether|if|for)\b.*$"),
        ("checkout", r"^check\s+out\b.*$"),
        (
            "goto",
            rf"^(?:go\s+to|goto|navigate\s+to|navigate|visit|browse\s+to|open|load)\s+"
            rf"(?:the\s+)?(?:url\s+|page\s+)?(?P<url>{_M}|\S+)$",
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
            "press_key",
            r"^(?:press|hit|type|send)\s+(?:the\s+)?(?P<key>[\w+ ]+?)(?P<word>\s+key)?"
            r"(?:\s+(?:in|on|into|inside)\s+(?P<target>.+))?$",
        ),
        (
            "fill",
            rf"^(?:type|enter|input|write|put|insert|fill(?:\s+in)?)\s+{_V}\s+"
            rf"(?:into|in|inside|on|to)\s+{_T}$",
        ),
        ("fill", rf"^(?:enter|type|input|use)\s+{_V}\s+(?:as|for)\s+{_T}$"),
        ("fill", rf"^(?:fill(?:\s+in|\s+out)?|populate|set)\s+{_T}\s+(?:with|to|as)\s+{_V}$"),
        ("clear", rf"^clear\s+{_T}$"),
        (
            "select",
            rf"^(?:select|choose|pick)\s+(?:the\s+)?(?:option\s+)?{_V}\s+"
            rf"(?:from|in|on|under|for)\s+{_T}$",
        ),
        (
            "upload",
            rf"^(?:upload|attach)\s+(?:the\s+)?(?:file\s+)?{_V}"
            rf"(?:\s+(?:to|into|in|on|using|via|with)\s+{_T})?$",
        ),
        ("uncheck", rf"^(?:uncheck|untick|unmark|deselect|turn\s+off|toggle\s+off)\s+{_T}$"),
        ("check", rf"^(?:check|tick|mark|turn\s+on|toggle\s+on)\s+{_T}$"),
        ("choose", rf"^(?:select|choose|pick)\s+{_T}$"),
        (
            "hover",
            rf"^(?:hover(?:\s+(?:over|on))?|mouse\s*over|move\s+(?:the|your)\s+"
            rf"(?:mouse|cursor|pointer)\s+(?:over|to|onto))\s+{_T}$",
        ),
        ("click", rf"^(?:left[- ]?)?(?:click|tap|press|hit|push|follow|open)(?:\s+on)?\s+{_T}$"),
    ]
]


def _parse_clause(clause: str, quotes: list[str]) -> Intent | None:
    clause = re.sub(r"^please\s+", "", clause.strip(), flags=re.I)
    for name, pattern in _PATTERNS:
        m = pattern.match(clause)
        if m is None:
            continue
        intent = _build(name, m, quotes)
        if intent is not None or name in {"unsupported", "verify", "checkout"}:
            return intent
        # A pattern may match the shape but not the content ("press the Login button"
        # is not a key press); fall through to the next pattern.
    return None


def _build(name: str, m: re.Match[str], quotes: list[str]) -> Intent | None:
    groups = m.groupdict()
    if name == "goto":
        url = _unmask(groups["url"], quotes).strip()
        return Intent("goto", url=url) if _URL.match(url) else None
    if name == "scroll_to":
        extent = groups["extent"].lower()
        top = extent in {"top", "start"}
        return Intent("scroll", direction="up" if top else "down", value="top" if top else "bottom")
    if name == "scroll":
        return Intent("scroll", direction="up" if (groups["dir"] or "").lower() == "up" else "down")
    if name == "press_key":
        return _press(groups, quotes)
    if name in {"unsupported", "verify", "checkout"}:
        return None
    target = None
    if groups.get("target") is not None:
        target = _target(groups["target"], quotes)
        if target is None:
            return None
    phrase, hint = target if target else (None, None)
    if name in {"fill", "select", "upload"}:
        value = _value(groups["value"], quotes)
        if value is None:
            return None
        return Intent(name, target=phrase, value=value, role_hint=hint)
    if name == "clear":
        if hint == "checkbox":
            return Intent("uncheck", target=phrase, role_hint=hint)
        return Intent("fill", target=phrase, value="", role_hint=hint)
    return Intent(name, target=phrase, role_hint=hint)


def _press(groups: dict[str, str | None], quotes: list[str]) -> Intent | None:
    key = _key(groups["key"] or "")
    if key is None:
        return None
    target = None
    if groups.get("target"):
        target = _target(groups["target"] or "", quotes)
        if target is None:
            return None
    phrase, hint = target if target else (None, None)
    return Intent("press", target=phrase, role_hint=hint, key=key)


def _key(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if "+" in text:
        *mods, last = (p.strip() for p in text.split("+"))
        names = [_MODIFIERS.get(p) for p in mods]
        if not mods or any(n is None for n in names):
            return None
        base = _KEYS.get(last) or (last.upper() if re.fullmatch(r"[a-z0-9]", last) else None)
        return "+".join([*(n for n in names if n), base]) if base else None
    return _KEYS.get(text)


def _value(raw: str, quotes: list[str]) -> str | None:
    if _MASK.fullmatch(raw):
        return _unmask(raw, quotes)
    # A stray quote means the value's end is a guess ("type 'abc into Name").
    if raw.lower() in _VAGUE_VALUES or _MASK.search(raw) or re.search(r"['\"\u2018\u201c]", raw):
        return None
    return raw


def _target(raw: str, quotes: list[str]) -> tuple[str, str | None] | None:
    text = re.sub(r"\s+", " ", raw).strip().rstrip(".!,;")
    text = re.sub(r"\s+(?:on|in)\s+(?:the|this)\s+(?:page|form|screen)$", "", text, flags=re.I)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if _MASK.search(text):
        return _quoted_target(text, quotes)
    hint = None
    m = re.match(rf"^(?P<rest>.+?)\s+(?P<role>{_ROLE_WORD_RE})$", text, re.I)
    if m:
        text, hint = m.group("rest"), _ROLE_OF[m.group("role").lower()]
    text = text.strip(" \t,:")
    return (text, hint) if text else None


def _quoted_target(text: str, quotes: list[str]) -> tuple[str, str | None] | None:
    # Only a role word and a "labelled"-style connective may surround the quote:
    # "the 'Delete' button in Alice's row" carries a qualifier we cannot honour.
    m = re.fullmatch(
        rf"(?:(?P<pre>{_ROLE_WORD_RE})\s+(?:(?:labell?ed|named|called|titled|saying|"
        rf"that\s+says|with\s+(?:the\s+)?(?:text|label|name))\s+)?)?"
        rf"\x00(?P<i>\d+)\x00(?:\s+(?P<post>{_ROLE_WORD_RE}))?",
        text,
        re.I,
    )
    if m is None:
        return None
    role_word = m.group("pre") or m.group("post")
    phrase = quotes[int(m.group("i"))].strip()
    if not phrase:
        return None
    return phrase, _ROLE_OF[role_word.lower()] if role_word else None
