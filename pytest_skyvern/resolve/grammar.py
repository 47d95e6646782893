"""The clause shapes the LLM-free resolver knows, as one ordered table of patterns.

Clauses arrive normalised (:mod:`.wording`) with quoted text masked (:mod:`.phrases`);
the first pattern whose shape matches and whose parts make sense wins
(:mod:`.instructions` builds the intent). Order matters: specific shapes come first.
"""

from __future__ import annotations

import re

from pytest_skyvern.resolve.phrases import M

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|"
    rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{4}}"
)
#: A month and year: what a month input (a card's expiry) takes.
MONTH_YEAR = rf"{MONTH}\s+\d{{4}}|\d{{1,2}}/\d{{4}}"
TIME = (
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?|noon|midnight"
)
DATETIME = rf"(?:{DATE})(?:\s*,?\s*(?:at\s+)?(?:{TIME}))?"
V = rf"(?P<value>{M}|\{{\{{[^}}]*\}}\}}|{DATETIME}|(?:{MONTH_YEAR})|(?:{TIME})|\S+)"
#: Several quoted values, or one value.
VS = rf"(?P<value>{M}(?:\s*(?:,\s*and|,|and|&)\s*{M})+|" + V[len("(?P<value>") :]
T = r"(?P<target>.+?)"
#: A preposition between a value and its field; one letter off is a typo, not a new word.
INTO = (
    r"(?:into|in|inside|within|on|onto|to|at|for|from|under|of|as|"
    r"i|n|im|ino|itno|inot|int|fro|frm|ot)"  # the same, one letter off
)
FIELDS_WORD = r"(?:text\s+)?(?:fields?|boxes|inputs?|textboxes|text\s*boxes|form|blanks)"
URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|/\S*|\./\S*|\.\./\S*|[?#]\S*|"
    r"(?:localhost|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:/\S*)?)$",
    re.I,
)
_TYPE = r"(?:type|enter|input|write|put|insert|key\s+in|provide|fill(?:\s+in)?)"
_CLOSABLE = (
    r"(?:dialog|modal|pop-?up|window|alert|overlay|banner|notification|message|toast|"
    r"snackbar|drawer|panel|sheet|tooltip)"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
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
        ("page", r"^(?:go|move|jump|skip|navigate)\s+to\s+(?:the\s+)?page\s+(?P<n>\d{1,3})$"),
        (
            "goto",
            rf"^(?:go\s+to|goto|navigate\s+to|navigate|visit|browse\s+to|open|load)\s+"
            rf"(?:the\s+)?(?:url\s+|page\s+|address\s+)?(?P<url>{M}|\S+)$",
        ),
        # "go to the Notifications tab", "switch to Billing": a tab, link or section.
        ("switch", rf"^(?:go\s+(?:back\s+)?(?:up\s+)?to|switch(?:\s+over)?\s+to|change\s+to|"
                   rf"move\s+to|return\s+to)\s+{T}$"),
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
            rf"(?:of|in|inside)\s+{T}$",
        ),
        (
            "scroll_into",
            rf"^scroll(?:\s+(?:down|up))?\s+(?:to|until|till)\s+(?:you\s+see\s+)?{T}$",
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
            rf"(?:and|with|,|/)\s*(?:the\s+)?(?:(?:pass\w*|pa\w{{0,2}}wo?r?d|pwd|pw)\s+)?"
            rf"(?P<password>{M}|\S+)$",
        ),
        (
            "fill_all",
            rf"^{_TYPE}\s+(?:(?:the|your|a|an)\s+[a-z][\w ]{{0,30}}?\s+)?{V}\s+{INTO}\s+"
            rf"(?P<scope>both|all|each|every)\s+(?:of\s+the\s+)?(?:(?P<kind>[a-z]+)\s+)?"
            rf"{FIELDS_WORD}$",
        ),
        # "type 'TBD' into both the Location and Notes fields"
        (
            "fill_two",
            rf"^{_TYPE}\s+{V}\s+{INTO}\s+(?:both\s+)?(?:the\s+)?(?P<one>[^,]+?)\s+and\s+"
            rf"(?:the\s+)?(?P<two>.+?)(?:\s+{FIELDS_WORD})?$",
        ),
        ("fill", rf"^{_TYPE}\s+{V}\s+{INTO}\s+{T}$"),
        # "enter the username 'j.smith' in the Username field": a noun before the value.
        (
            "fill",
            rf"^{_TYPE}\s+(?:the|your|a|an|my)\s+[a-z][\w ]{{0,30}}?\s+(?P<value>{M})\s+"
            rf"{INTO}\s+{T}$",
        ),
        # A quoted value leaves no doubt where it ends, so a missing preposition is fine.
        ("fill", rf"^{_TYPE}\s+(?P<value>{M})\s+{T}$"),
        ("fill", rf"^(?:enter|type|input|use|provide)\s+{V}\s+(?:as|for)\s+{T}$"),
        (
            "fill",
            rf"^(?:fill(?:\s+in|\s+out)?|populate|set|change|update|replace|answer)\s+{T}\s+"
            rf"(?:with|to|as|using)\s+{V}$",
        ),
        # "my password is 'pa55'"
        ("fill", rf"^(?:my|the|our)\s+{T}\s+(?:is|should\s+be|will\s+be|=)\s+{V}$"),
        # "apply the promo code SAVE10": a code-like field and its value (then its button).
        (
            "apply",
            rf"^(?:apply|use|redeem|add|enter|type|input|provide)\s+(?:the\s+|your\s+|a\s+|my\s+)?"
            rf"(?P<target>[a-z][\w ]{{0,30}}?(?:code|coupon|voucher|pin|id|number))\s+"
            rf"(?P<value>{M}|[\w@.+-]*\d[\w@.+-]*|[A-Z][A-Z0-9-]{{2,}})$",
        ),
        # "Type the value in the name input": the value comes from elsewhere (fill(value=)).
        (
            "fill_unsaid",
            rf"^{_TYPE}\s+(?:the\s+|a\s+|some\s+|your\s+)?"
            rf"(?:value|text|it|this|that|something|them|data|stuff)\s+{INTO}\s+{T}$",
        ),
        ("fill_unsaid", rf"^(?:fill(?:\s+in|\s+out)?|populate|complete)\s+{T}$"),
        (
            "search",
            r"^(?:search|look)(?:\s+(?:in|on|through)?\s*(?:the|this)\s+[a-z]+(?:\s+[a-z]+)?)?"
            r"\s+for\s+(?P<value>.+)$",
        ),
        ("clear", rf"^(?:clear|empty|erase|blank)(?:\s+out)?\s+{T}$"),
        (
            "select",
            rf"^(?:select|choose|pick)\s+(?:the\s+)?(?:options?\s+|values?\s+)?{VS}\s+"
            rf"{INTO}\s+{T}$",
        ),
        # "Select Jamaica, Timor-Leste from the list": bare items of a list.
        ("select_items", rf"^(?:select|choose|pick)\s+(?P<items>[^\x00]+?)\s+(?:from|in)\s+{T}$"),
        # "Select -3 with the spinner": a value set with a control.
        ("fill", rf"^(?:select|choose|pick|set|enter|put)\s+{V}\s+(?:with|using|via|on)\s+{T}$"),
        (
            "upload",
            rf"^(?:upload|attach)\s+(?:the\s+)?(?:file\s+)?{V}"
            rf"(?:\s+(?:to|into|in|on|using|via|with)\s+{T})?$",
        ),
        (
            "mark_done",
            rf"^mark\s+{T}\s+as\s+(?:done|complete|completed|finished|read|resolved)$",
        ),
        ("agree", rf"^(?:agree|consent)\s+(?:to|with)\s+{T}$"),
        ("turn", rf"^(?:turn|switch|toggle|flip|set)\s+{T}\s+(?P<state>on|off)$"),
        (
            "uncheck",
            rf"^(?:uncheck|untick|unmark|deselect|unselect|turn\s+off|toggle\s+off|disable)"
            rf"\s+{T}$",
        ),
        ("check", rf"^(?:check|tick|mark|turn\s+on|toggle\s+on|enable)\s+{T}$"),
        (
            "focus",
            rf"^(?:focus|put\s+(?:the\s+)?(?:cursor|focus))(?:\s+(?:on|in|into|inside|onto|to))?"
            rf"\s+{T}$",
        ),
        ("expand", rf"^(?:expand|unfold|open\s+up|show|reveal)\s+{T}$"),
        ("collapse", rf"^(?:collapse|fold|hide)\s+{T}$"),
        # "close it with the x", "close the dialog using the close button"
        (
            "close_with",
            rf"^(?:close|dismiss|exit|shut)\s+(?:it|this|that|the\s+(?:\w+\s+)?{_CLOSABLE}"
            rf"(?:\s+(?:box|window))?)\s+(?:with|using|via|by\s+clicking(?:\s+on)?)\s+{T}$",
        ),
        (
            "close",
            rf"^(?:close|dismiss|exit|shut)\s+(?:the\s+|this\s+)?(?:[\w-]+\s+)?"
            rf"(?P<noun>{_CLOSABLE})(?:\s+(?:box|window))?$",
        ),
        (
            "sort",
            rf"^(?:sort|order)(?:\s+(?:the\s+)?(?:table|list|results|rows|items|grid))?"
            rf"\s+by\s+{T}$",
        ),
        ("choose", rf"^(?:select|choose|pick)\s+{T}$"),
        (
            "hover",
            rf"^(?:hover(?:\s+(?:over|on))?|mouse\s*over|move\s+(?:the|your)\s+"
            rf"(?:mouse|cursor|pointer)\s+(?:over|to|onto))\s+{T}$",
        ),
        (
            "click",
            rf"^(?:left[- ]?)?(?:click|tap|press|hit|push|follow|open|activate|trigger|use|"
            rf"toggle|flip)(?:\s+(?:on|at|into|in|inside))?\s+{T}(?:\s+once)?$",
        ),
        ("submit", r"^submit(?:\s+(?:the|this)\s+(?:form|page|answer|entry))?$"),
    ]
]

#: Patterns whose shape alone says little: "press the Login button" is no key press.
SHAPE_ONLY = frozenset({"press_key", "select_items", "fill_unsaid", "fill_two", "switch"})
