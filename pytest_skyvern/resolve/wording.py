"""How an instruction's wording is normalised before its clauses are matched.

People pad instructions ("Could you please click Save now?"), put the purpose first
("To finish, click Done"), name the means after "by" ("close the dialog by clicking
the x"), and mistype a verb ("clcik"). Each of these becomes the plain imperative the
grammar knows; nothing here decides what a target names.
"""

from __future__ import annotations

import re

VERBS = (
    r"click|tap|press|hit|push|double[- ]?click|right[- ]?click|type|enter|fill|input|write|"
    r"select|choose|pick|check|tick|uncheck|untick|deselect|unselect|go|goto|open|navigate|"
    r"visit|browse|scroll|hover|mouse|move|upload|attach|set|clear|use|follow|focus|expand|"
    r"collapse|close|dismiss|submit|wait|log|login|sign|provide|put|insert|key|mark|unmark|"
    r"toggle|turn|activate|change|update|populate|empty|erase|show|reveal|hide|unfold|fold|"
    r"load|tap|send|drag|search|sort|agree|switch|flip|answer|apply|redeem|mark|create|accept|"
    r"decline|confirm|subscribe|register|invite|share|delete|remove|edit|save|book|pay|buy"
)
_STARTS_WITH_VERB = re.compile(rf"(?:please\s+)?(?:{VERBS})\b", re.I)
# Where a sequence may be split; only taken when a verb follows (see split_clauses).
_SEPARATOR = re.compile(
    r"\s*[;,.]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+|\s*\n\s*|"
    r"\s+(?:after\s+that|afterwards|next|finally|lastly),?\s+",
    re.I,
)
_LEADING = re.compile(
    r"^(?:(?:please|kindly|(?:now|then|next|first|firstly|finally|lastly|also|and|just|"
    rf"ok(?:ay)?|so)(?=,|\s+(?:please\s+|now\s+|so\s+|then\s+|first\s+)*(?:{VERBS})\b)|"
    r"go\s+ahead\s+and|you\s+(?:need|have|should|must)\s+to|you\s+should|"
    r"(?:can|could|would|will)\s+you(?:\s+please)?|i\s+(?:want|need)\s+(?:you\s+)?to|"
    r"i'?d\s+like\s+(?:you\s+)?to|let'?s|try\s+to|make\s+sure\s+(?:to|you)|be\s+sure\s+to|"
    r"remember\s+to|proceed\s+to|the\s+task\s+is\s+to|your\s+task\s+is\s+to|"
    r"(?:find|locate|look\s+for)\s+and|go\s+and),?\s+)+",
    re.I,
)
_TRAILING = re.compile(
    r"(?:,?\s+(?:please|now|for\s+me|thanks|thank\s+you|right\s+away|immediately|quickly|"
    r"as\s+well|too))+$",
    re.I,
)
_GERUNDS = {
    "clicking": "click", "pressing": "press", "tapping": "tap", "hitting": "hit",
    "pushing": "push", "selecting": "select", "choosing": "choose", "checking": "check",
    "ticking": "tick", "typing": "type", "entering": "enter", "filling": "fill",
    "using": "use", "hovering": "hover", "picking": "pick", "unchecking": "uncheck",
}  # fmt: skip
_BY = re.compile(rf"^(?P<goal>.+?)\s+by\s+(?P<gerund>{'|'.join(_GERUNDS)})\s+(?P<rest>.+)$", re.I)
#: "To finish, click Done" / "In order to proceed, press Next".
_PURPOSE_FIRST = re.compile(r"^(?:in\s+order\s+)?to\s+[^,\x00]+,\s*(?P<rest>.+)$", re.I)
#: Verbs long enough that one typo still leaves them unmistakable.
#: (Short ones only by a swap or a missing letter: "file" is a word, not "fill" mistyped.)
_SHORT_VERBS = ("check", "open", "type", "fill", "close", "tick", "pick", "hover")
_FUZZY_VERBS = (
    "click", "press", "select", "choose", "uncheck", "enter", "input", "write", "scroll",
    "hover", "upload", "navigate", "visit", "focus", "expand", "collapse", "submit", "clear",
    "attach", "toggle", "search", "enable", "disable", "delete", "remove",
)  # fmt: skip

KEYS = {
    "enter": "Enter", "return": "Enter", "tab": "Tab", "escape": "Escape", "esc": "Escape",
    "space": "Space", "spacebar": "Space", "space bar": "Space", "backspace": "Backspace",
    "delete": "Delete", "del": "Delete", "home": "Home", "end": "End", "page up": "PageUp",
    "pageup": "PageUp", "page down": "PageDown", "pagedown": "PageDown",
    "arrow up": "ArrowUp", "up arrow": "ArrowUp", "arrowup": "ArrowUp", "up": "ArrowUp",
    "arrow down": "ArrowDown", "down arrow": "ArrowDown", "arrowdown": "ArrowDown",
    "down": "ArrowDown", "arrow left": "ArrowLeft", "left arrow": "ArrowLeft",
    "arrowleft": "ArrowLeft", "arrow right": "ArrowRight", "right arrow": "ArrowRight",
    "arrowright": "ArrowRight", "enter key": "Enter", "return key": "Enter",
    **{f"f{n}": f"F{n}" for n in range(1, 13)},
}  # fmt: skip
MODIFIERS = {
    "ctrl": "Control", "control": "Control", "shift": "Shift", "alt": "Alt", "option": "Alt",
    "meta": "Meta", "cmd": "Meta", "command": "Meta",
}  # fmt: skip


#: "type 'Ada' into first name and 'Lovelace' into last name": the verb goes on.
_VALUE_INTO = re.compile(r"\x00\d+\x00\s+(?:into|in|for)\s+\S", re.I)
#: "... and then my password is 'pa55'"
_MY_IS = re.compile(r"(?:my|our)\s+[\w ]{1,30}?\s+(?:is|should\s+be)\s+\S", re.I)


def split_clauses(masked: str) -> list[str]:
    """Split an instruction (quotes masked) where a separator is followed by a verb."""
    clauses: list[str] = []
    start = 0
    for m in _SEPARATOR.finditer(masked):
        rest = _LEADING.sub("", masked[m.end() :])
        if (_STARTS_WITH_VERB.match(rest) or _STARTS_WITH_VERB.match(_fix_verb(rest))
                or _VALUE_INTO.match(rest) or _MY_IS.match(rest)):
            clauses.append(masked[start : m.start()])
            start = m.end()
    clauses.append(masked[start:])
    out: list[str] = []
    pieces: list[str] = []
    for clause in clauses:
        pieces.extend(_means_apart(clause))
    for clause in (c.strip().rstrip(".!?").strip() for c in pieces if c.strip(" .!?")):
        if out and _VALUE_INTO.match(clause):
            verb = out[-1].split(maxsplit=1)[0]  # the earlier clause's verb carries on
            clause = f"{verb} {clause}"
        out.append(clause)
    return out


_CLOSE_DIALOG = re.compile(
    r"(?:close|dismiss|exit)\s+(?:the|this)\s+(?:dialog|modal|pop-?up)", re.I
)


def _means_apart(clause: str) -> list[str]:
    """"apply the code SAVE10 by clicking Redeem": two steps, when the goal carries a value
    of its own; "close the dialog by clicking the x" is one (the means is the step)."""
    m = _BY.match(clause.strip().rstrip(".!?"))
    if m is not None and _CLOSE_DIALOG.match(m.group("goal")):
        # "close the dialog by clicking the x": the x of the dialog, not of a toast.
        return [f"{_GERUNDS[m.group('gerund').lower()]} {m.group('rest')} in the dialog"]
    if m is None or not re.search(r"\x00\d+\x00|\S*\d\S*|\S+@\S+", m.group("goal")):
        return [clause]
    return [m.group("goal"), f"{_GERUNDS[m.group('gerund').lower()]} {m.group('rest')}"]


def split_list(text: str) -> list[str]:
    """"A, B and C" -> ["A", "B", "C"] (quotes masked); one item when there is no list."""
    items = re.split(
        r"\s*,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&|as\s+well\s+as|plus)\s+", text.strip()
    )
    return [i.strip() for i in items if i.strip()]


def normalise_clause(clause: str) -> str:
    """One clause as a plain imperative: padding off, the means of "by ...ing" first."""
    clause = clause.strip().rstrip(".!?").strip()
    for _ in range(3):  # padding can nest: "Now, please, could you ..."
        before = clause
        clause = _LEADING.sub("", clause).strip()
        clause = _TRAILING.sub("", clause).strip()
        m = _PURPOSE_FIRST.match(clause)
        if m is not None:
            clause = m.group("rest").strip()
        m = _BY.match(clause)
        if m is not None:
            clause = f"{_GERUNDS[m.group('gerund').lower()]} {m.group('rest')}"
        clause = re.sub(r"\b(the|a|an)\s+\1\b", r"\1", clause, flags=re.I)
        if clause == before:
            break
    return _fix_verb(_fix_words(clause))


#: Misspellings of the grammar's own words (never of page text, which is matched with
#: its own typo tolerance): "Entre 'x' into teh text feild".
_MISSPELT = {
    "teh": "the", "hte": "the", "adn": "and", "nad": "and", "feild": "field",
    "fiedl": "field", "texbox": "textbox", "textbx": "textbox", "buton": "button",
    "botton": "button", "butotn": "button", "chekbox": "checkbox", "checkbx": "checkbox",
    "lsit": "list", "emial": "email",
    "clik": "click", "clcik": "click", "clikc": "click", "ot": "to", "inot": "into",
    "itno": "into",
}  # fmt: skip
_MISSPELT_WORD = re.compile(rf"\b(?:{'|'.join(_MISSPELT)})\b", re.I)
#: "Select Eddie form the list": "from", when a list follows.
_FORM_THE_LIST = re.compile(r"\bform(?=\s+(?:the\s+)?(?:list|dropdown|menu|select|options)\b)",
                            re.I)


#: "the 15th on the calendar": the day shown as "15", not the 15th of something.
_CALENDAR_DAY = re.compile(
    r"\b(?:(?:select|pick|choose|click|tap)(?:\s+on)?\s+)?(?:the\s+)?"
    r"(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:day\s+)?(?:on|in|of|from)\s+"
    r"(?:the\s+)?(?:calendar|date\s*picker|datepicker)\b", re.I)


def _fix_words(clause: str) -> str:
    clause = _MISSPELT_WORD.sub(lambda m: _MISSPELT[m.group(0).lower()], clause)
    # Picking a day is a click on it, whatever the day is (a link, a cell, a button).
    clause = _CALENDAR_DAY.sub(lambda m: f"click {m.group('day')}", clause)
    return _FORM_THE_LIST.sub("from", clause)


def _fix_verb(clause: str) -> str:
    """A clause whose first word is one typo away from exactly one long verb."""
    m = re.match(r"^([a-z]+)\b", clause, re.I)
    if m is None:
        return clause
    word = m.group(1).lower()
    if len(word) < 4 or re.fullmatch(VERBS, word, re.I):
        return clause
    near = [v for v in _FUZZY_VERBS if abs(len(v) - len(word)) <= 1 and _one_edit(word, v)]
    # Short verbs only by a swap or a missing letter ("tyep", "chek"): "file" is a word.
    near += [v for v in _SHORT_VERBS if _one_edit(word, v) and (
        len(word) == len(v) - 1 or (len(word) == len(v) and sorted(word) == sorted(v)))]
    if len(near) != 1:
        return clause
    return near[0] + clause[m.end() :]


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (one insertion, deletion, change or swap)."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0] if len(diff) == 2 else -1
        return diff == [i, i + 1] and (a[i], a[i + 1]) == (b[i + 1], b[i])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


one_edit = _one_edit
