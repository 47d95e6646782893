"""The words of an instruction that name its target: quotes, role words, ordinals.

A target phrase may be read more than one way ("button ONE" is a button named "ONE",
or something named "button ONE"; "Tab #2" is a tab named "Tab #2", or the second tab).
:func:`read_target` returns every reading, the most literal first; the resolver acts
only when the readings that match anything agree on one element.

Quoted text (straight, curly or guillemet quotes) is taken literally: it is masked before
any splitting or matching, so "Terms and Conditions" in quotes stays one target.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

# Opening quote -> closing quote. An apostrophe only opens a quote at a word start,
# so "the user's menu" is not a quote.
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "«": "»", "`": "`"}
MASK = re.compile(r"\x00(\d+)\x00")
#: A masked quote inside a regular expression.
M = r"\x00\d+\x00"


@dataclass(frozen=True)
class Reading:
    """One way to read a target phrase.

    ``phrase`` is the name to match (``None``: the role alone, "the button");
    ``ordinal`` counts from 1 in reading order (-1 is the last, -2 the one before).
    """

    phrase: str | None
    role_hint: str | None = None
    ordinal: int | None = None
    #: "a button", "any checkbox": any one of them will do (the first is taken).
    any_one: bool = False
    #: "the OK button in the dialog": only elements inside a dialog count.
    in_dialog: bool = False
    #: "the Delete button in Grace's row", "delete Grace's order": the words of the
    #: record (row, card, item) the element sits in; or ``scope_ordinal``, "the second
    #: product". See :mod:`.records`.
    scope: str | None = None
    scope_ordinal: int | None = None
    #: A step that is only a label ("Continue shopping", "Sign in"): it must be exactly
    #: the name of one button, link or the like.
    exact_only: bool = False
    #: The word the step called the element by, when only a role was read from it
    #: ("question" in "the second question", read as a section).
    noun: str | None = None


# Role words, longest first: a trailing (or leading) role word is a hint, not a name.
ROLE_WORDS: list[tuple[str, str]] = [
    ("scrollable list", "listbox"), ("scrolling list", "listbox"), ("scroll list", "listbox"),
    ("selection list", "listbox"), ("multi-select", "listbox"), ("multiselect", "listbox"),
    ("number field", "spinbutton"), ("number input", "spinbutton"),
    ("drop-down menu", "combobox"), ("dropdown menu", "combobox"), ("drop down menu", "combobox"),
    ("drop-down list", "combobox"), ("dropdown list", "combobox"), ("drop down list", "combobox"),
    ("radio button", "radio"), ("option button", "radio"), ("check box", "checkbox"),
    ("tick box", "checkbox"), ("text box", "textbox"), ("text field", "textbox"),
    ("input field", "textbox"), ("input box", "textbox"), ("text input", "textbox"),
    ("text area", "textarea"), ("form field", "textbox"), ("entry field", "textbox"),
    ("edit box", "textbox"), ("search box", "searchbox"), ("search field", "searchbox"),
    ("search bar", "searchbox"), ("searchbar", "searchbox"), ("searchbox", "searchbox"),
    ("select box", "combobox"),
    ("select list", "combobox"), ("selection box", "combobox"), ("combo box", "combobox"),
    ("list box", "listbox"), ("menu item", "menuitem"), ("menu option", "menuitem"),
    ("drop-down", "combobox"), ("dropdown", "combobox"), ("drop down", "combobox"),
    ("combobox", "combobox"), ("listbox", "listbox"), ("textbox", "textbox"),
    ("textarea", "textarea"), ("checkbox", "checkbox"), ("hyperlink", "link"),
    ("button", "button"), ("btn", "button"), ("link", "link"), ("field", "textbox"),
    ("input", "textbox"), ("box", "textbox"), ("menu", "menu"), ("tab", "tab"),
    ("radio", "radio"), ("option", "option"), ("list", "combobox"), ("select", "combobox"),
    ("switch", "switch"), ("toggle", "switch"), ("slider", "slider"), ("spinner", "spinbutton"),
    ("stepper", "spinbutton"), ("spinbutton", "spinbutton"), ("icon", "icon"),
    ("image", "img"), ("picture", "img"), ("logo", "img"), ("row", "row"), ("card", "card"),
    ("tile", "card"), ("item", "item"), ("heading", "heading"), ("section", "section"),
    ("panel", "section"), ("accordion", "section"), ("question", "section"),
    ("dialog", "dialog"), ("modal", "dialog"), ("popup", "dialog"), ("pop-up", "dialog"),
    ("text", "text"),
]  # fmt: skip
ROLE_WORD_RE = "|".join(re.escape(w) for w, _ in ROLE_WORDS)
ROLE_OF = {w: r for w, r in ROLE_WORDS}
#: Roles a bare role word alone can pick an element by ("click the button").
ROLE_ONLY_OK = frozenset({"button", "link", "textbox", "textarea", "searchbox", "combobox",
                          "listbox", "checkbox", "radio", "switch", "slider", "spinbutton",
                          "tab", "menu", "option", "date", "time", "datetime", "row"})

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
    "penultimate": -2, "second last": -2, "second to last": -2, "second-to-last": -2,
    "next to last": -2, "top": 1, "bottom": -1,
}  # fmt: skip
_ORDINAL = re.compile(
    r"^(?P<word>second[- ]to[- ]last|second last|next to last|penultimate|first|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|top|bottom|"
    r"(?P<n>\d{1,2})(?:st|nd|rd|th))\s+(?P<rest>.+)$",
    re.I,
)
_NUMBERED = re.compile(r"^(?P<rest>.+?)\s+(?:number|no\.?|num\.?|#)\s*(?P<n>\d{1,2})$", re.I)
#: Words that only say "there is one of these": "the only button".
_ONLY = re.compile(r"^(?:only|single|sole|lone|one|main|given)\s+", re.I)
#: A bare place word after a target: "the section below" is a vague reference.
_VAGUE_PLACE = re.compile(r"\s+(?:below|above|here|there|shown|on the page|on screen)$", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ANY = re.compile(r"^(?:a|an|any|some|any\s+one\s+of\s+the|one\s+of\s+the)\s+", re.I)
#: Nouns that only say "a thing on the page": "the 'radio' widget".
_GENERIC_NOUN = re.compile(
    r"\s+(?:widget|element|control|thing|object|tag|chip|pill|badge|label|entry|word|"
    r"phrase|region|thingy)$", re.I)
#: Nouns that may name the kind of thing or be part of its name: "the Team plan" is the
#: "Team" card, or something named "Team plan" (both are read).
_KIND_NOUN = re.compile(r"\s+(?:plan|option|choice|setting|settings|seating|mode|package|"
                        r"tier|level|type|style|filter|view|layout)$", re.I)
#: Nouns before a name that say what kind of text it is: "the letter k", "the word Foo".
_KIND_PREFIX = re.compile(r"^(?:letter|number|digit|word|character|symbol|item|text)\s+(?=\S)",
                          re.I)
#: What an icon is called, by what it shows.
_ICON_MEANS: dict[str, tuple[str, ...]] = {
    "trash": ("delete", "remove"), "bin": ("delete", "remove"), "trash can": ("delete", "remove"),
    "garbage": ("delete", "remove"), "wastebasket": ("delete", "remove"),
    "pencil": ("edit",), "pen": ("edit",), "gear": ("settings",), "cog": ("settings",),
    "magnifier": ("search",), "magnifying glass": ("search",), "lens": ("search",),
    "star": ("star", "favorite", "favourite"), "heart": ("like", "favorite", "favourite"),
    "plus": ("add", "new"), "bell": ("notifications",), "house": ("home",),
    "cart": ("cart", "basket"), "basket": ("cart", "basket"), "x": ("close",),
    "cross": ("close",), "hamburger": ("menu",), "kebab": ("more", "more options"),
    "ellipsis": ("more", "more options"), "eye": ("show password", "show"),
    "floppy": ("save",), "disk": ("save",), "printer": ("print",), "envelope": ("email", "mail"),
}  # fmt: skip
#: Looks that do not name a control: "the blue Reserve button".
_LOOKS = re.compile(r"^(?:big|small|large|little|blue|red|green|grey|gray|orange|yellow|purple|"
                    r"black|white|primary|secondary|main|bright|dark|light|round|highlighted)"
                    r"\s+(?=\S)", re.I)
#: "... in the dialog box ...": a qualifier the snapshot can check.
_IN_DIALOG = re.compile(
    r"^(?P<inner>.+?)\s+(?:in|inside|within|on|of|from)\s+(?:the|this)\s+(?:dialog|modal|"
    r"pop-?up|popup\s+window|alert)(?:\s+(?:box|window))?(?:\s+(?P<tail>.+))?$",
    re.I,
)
_IN_PLACE = re.compile(
    r"(?<=\S)\s+(?:in|inside|within|on|from|using|via|through|with)\s+(?:the|this)\s+"
    r"(?:notification|toast|snackbar|banner|cookie\s+banner|message\s+bar|top\s+bar|toolbar|"
    r"navbar|nav\s+bar|sidebar|side\s+bar|header|footer|breadcrumbs?|navigation|nav|menu\s+bar|"
    r"tab\s+bar)$", re.I)
_CONNECTIVE = (
    r"(?:(?:labell?ed|named|called|titled|saying|reading|marked|captioned|that\s+says|"
    r"which\s+says|with\s+(?:the\s+)?(?:text|label|name|caption|title))\s+)?"
)


def mask_quotes(text: str) -> tuple[str | None, list[str]]:
    """``text`` with each quoted part replaced by ``\\x00<n>\\x00``, and the parts.

    ``None`` when a quote is never closed (the value's end would be a guess).
    """
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
                if ch in "'\u2018`":  # an apostrophe after all
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


def unmask(text: str, quotes: list[str]) -> str:
    return MASK.sub(lambda m: quotes[int(m.group(1))], text)


def ordinal_of(word: str, number: str | None = None) -> int | None:
    if number:
        return int(number) or None
    return _ORDINAL_WORDS.get(re.sub(r"[- ]+", " ", word.lower()))


def role_only(text: str) -> str | None:
    """The role a phrase made only of role words names ("input box" -> textbox)."""
    words = text.lower()
    hint = None
    while words:
        m = re.match(rf"(?:{ROLE_WORD_RE})(?:\s+|$)", words, re.I)
        if m is None:
            return None
        hint = ROLE_OF[m.group(0).strip()]
        words = words[m.end() :]
    return hint


def read_target(raw: str, quotes: list[str]) -> tuple[Reading, ...] | None:
    """Every reading of a target phrase, the most literal first; ``None`` if it has none.

    "the first name field" is the field named "First name", and also the first field
    whose name says "name"; the resolver acts only when such readings agree.
    """
    text = re.sub(r"\s+", " ", raw).strip().rstrip(".!,;:?")
    text = re.sub(r"\s+(?:on|in)\s+(?:the|this)\s+(?:page|form|screen|window)$", "", text,
                  flags=re.I)
    # "Undo in the notification": where it sits, which the snapshot does not tell; the
    # name alone must then be one control on the page.
    text = _IN_PLACE.sub("", text)
    in_dialog = _IN_DIALOG.match(text)
    if in_dialog is not None:
        text = " ".join(filter(None, (in_dialog.group("inner"), in_dialog.group("tail"))))
    any_one = _ANY.match(text) is not None
    text = _ANY.sub("", text) if any_one else _ARTICLE.sub("", text)
    text = _GENERIC_NOUN.sub("", text) or text
    text = re.sub(rf"^(?:your|my|our)\s+(?=\S+\s+(?:{ROLE_WORD_RE})$)", "", text, flags=re.I)
    text = _ONLY.sub("", text).strip()
    if not text:
        return None
    literal = _readings(text, quotes, None)
    looks = _LOOKS.sub("", text)
    plain = _KIND_NOUN.sub("", looks)
    for variant in dict.fromkeys((looks, plain, _KIND_PREFIX.sub("", plain))):
        if variant != text and variant:
            literal = (*(literal or ()), *(_readings(variant, quotes, None) or ())) or None
    m = _ORDINAL.match(text)
    ordered = _readings(_ONLY.sub("", m.group("rest")), quotes,
                        ordinal_of(m.group("word"), m.group("n"))) if m else None
    scoped = in_records(text, quotes) if in_dialog is None else ()
    if literal is None and ordered is None and not scoped:
        return None
    readings = tuple(dict.fromkeys((*(literal or ()), *(ordered or ()), *scoped)))
    if any_one or in_dialog is not None:
        readings = tuple(
            dataclasses.replace(r, any_one=any_one and r.phrase is None,
                                in_dialog=in_dialog is not None)
            for r in readings
        )
    return readings


_IN_RECORD = re.compile(
    r"^(?P<inner>.+?)\s+(?:next\s+to|beside|near|by|for|of|in|on|under|within|inside|from|at|"
    r"belonging\s+to)\s+(?:the\s+|a\s+)?(?P<scope>[^\x00]*?[\w\x00][^\x00]*?|\x00\d+\x00)$",
    re.I,
)


def in_records(text: str, quotes: list[str]) -> tuple[Reading, ...]:
    """"Delete in Grace Hopper's row", "Add to cart on the second product": the element,
    read in the record around it (a reading beside the literal one)."""
    m = _IN_RECORD.match(text)
    if m is None:
        return ()
    inner = _readings(m.group("inner"), quotes, None)
    scope = unmask(m.group("scope"), quotes).strip()
    if not inner or not scope:
        return ()
    ordinal = _ORDINAL.match(scope)
    position = ordinal_of(ordinal.group("word"), ordinal.group("n")) if ordinal else None
    return tuple(dataclasses.replace(r, scope=None if position else scope, scope_ordinal=position)
                 for r in inner if r.ordinal is None)


def _readings(text: str, quotes: list[str], ordinal: int | None) -> tuple[Reading, ...] | None:
    if MASK.search(text):
        readings = _quoted(text, quotes)
        if readings is None:
            return None
        return tuple(Reading(r.phrase, r.role_hint, ordinal) for r in readings)
    return _bare(text, ordinal)


def _quoted(text: str, quotes: list[str]) -> tuple[Reading, ...] | None:
    # Only a role word and a "labelled"-style connective may surround the quote:
    # "the 'Delete' button in Alice's row" carries a qualifier we cannot honour.
    m = re.fullmatch(
        rf"(?:(?P<pre>{ROLE_WORD_RE})\s+{_CONNECTIVE})?\x00(?P<i>\d+)\x00"
        rf"(?:\s+(?P<post>{ROLE_WORD_RE}))?",
        text,
        re.I,
    )
    if m is None:
        return None
    role_word = m.group("pre") or m.group("post")
    phrase = quotes[int(m.group("i"))].strip()
    if not phrase:
        return None
    named = Reading(phrase, ROLE_OF[role_word.lower()] if role_word else None)
    quoted_role = role_only(phrase)
    if quoted_role is not None and role_word is None:
        # 'Click a "radio"': the quote may name the kind of element, not its words.
        return (named, Reading(None, quoted_role))
    return (named,)


def _bare(text: str, ordinal: int | None) -> tuple[Reading, ...] | None:
    text = text.strip(" \t,:")
    if not text:
        return None
    vague = _VAGUE_PLACE.search(text)
    if vague is not None:
        text = text[: vague.start()].strip()
    hint = role_only(text)
    if hint == "searchbox":
        # "the search box" is the searchbox, or the field that searches.
        return (Reading(None, hint, ordinal), Reading("search", hint, ordinal))
    if hint is not None:
        return (Reading(None, hint, ordinal, noun=text.lower()),)
    readings: list[Reading] = []
    trailing = re.match(rf"^(?P<rest>.+?)\s+(?P<role>{ROLE_WORD_RE})$", text, re.I)
    leading = re.match(rf"^(?P<role>{ROLE_WORD_RE})\s+(?P<rest>.+)$", text, re.I)
    if trailing:
        rest, role = trailing.group("rest").strip(" ,:"), trailing.group("role").lower()
        readings.append(Reading(rest, ROLE_OF[role], ordinal))
        if ROLE_OF[role] == "icon":
            # "the trash icon" is the icon titled "Delete": what an icon shows is not
            # the name it is given.
            readings.extend(Reading(name, "icon", ordinal)
                            for name in _ICON_MEANS.get(rest.lower(), ()))
    if leading and not trailing:
        readings.append(Reading(text, None, ordinal))
        rest, role = leading.group("rest").strip(" ,:"), leading.group("role").lower()
        readings.append(Reading(rest, ROLE_OF[role], ordinal))
    else:
        readings.append(Reading(text, None, ordinal))
    numbered = _NUMBERED.match(text)
    if numbered is not None and ordinal is None:
        rest = numbered.group("rest")
        rest_hint = role_only(rest)
        n = int(numbered.group("n"))
        if rest_hint is not None and n:
            readings.append(Reading(None, rest_hint, n))
    return tuple(dict.fromkeys(r for r in readings if r.phrase is None or r.phrase))
