"""The grammar and matching beyond "click 'X'": how different people phrase a step.

Each case is an instruction, a small hand-built page and the plan it must give, or
``None`` when it must hand over. Wrong plans are the outcome that must never happen.
"""

from __future__ import annotations

import pytest

from pytest_skyvern.actions import ActionPlan
from pytest_skyvern.resolve import NotConfident, Resolver, parse_instruction
from pytest_skyvern.resolve.instructions import value_in
from pytest_skyvern.snapshot.model import Element, Snapshot

E = Element


def page(*elements: Element) -> Snapshot:
    return Snapshot(url="http://127.0.0.1:8000/x", title="x", text="",
                    elements={e.ref: e for e in elements})


NEWSLETTER = page(
    E("e1", "heading", "Join our newsletter", context=("Join Email Subscribe",)),
    E("e2", "textbox", "Email", input_type="email", context=("Email Subscribe",)),
    E("e3", "button", "Subscribe", context=("Email Subscribe",)),
    E("e4", "textbox", "Search", input_type="text", context=("Search",)),
)
_CELL = ("Month January ... Day 1 ... Year 1990",)
BIRTH = page(
    E("e1", "combobox", "", label="Date of Birth", tag="select", context=_CELL,
      options=("Month", *("January February March April May June July August September "
                          "October November December").split())),
    E("e2", "combobox", "", tag="select", context=_CELL,
      options=("Day", *(str(d) for d in range(1, 32)))),
    E("e3", "combobox", "", tag="select", context=_CELL,
      options=("Year", *(str(y) for y in range(1980, 2000)))),
)
# Two links and a link-styled span between them: which is "the 2nd link" is unclear.
_PARA = ("Lorem ipsum nunc ut dolor",)
LINKS = page(E("e1", "link", "ipsum", context=_PARA),
             E("s1", "generic", "ut", clickable=("pointer",), context=_PARA),
             E("e2", "link", "nunc", context=_PARA))

INBOX = page(
    E("s1", "generic", "", title="Delete", clickable=("titled",), context=("Bob Hi there Jan 3",)),
    E("s2", "generic", "", title="Delete", clickable=("titled",), context=("Ada Hello Feb 2",)),
    E("s3", "generic", "", title="Delete", clickable=("titled",), context=("Adam Lunch Mar 1",)),
)
LETTERS = page(E("s1", "generic", "", text="j", clickable=("listener",)),
               E("s2", "generic", "", text="k", clickable=("listener",)))
DATE_TEXT = page(E("e1", "textbox", "", placeholder="mm/dd/yyyy", input_type="text"),
                 E("e2", "textbox", "Name", input_type="text"))

PLANS = page(E("e1", "combobox", "Plan", tag="select", options=("Free", "Pro", "Team")),
             E("e2", "button", "Update plan"), E("e3", "button", "Undo"),
             E("e4", "button", "Update card"))

CONFIRM = page(E("e1", "textbox", "Type the project name to confirm", input_type="text"),
               E("e2", "button", "Delete"), E("e3", "textbox", "Search", input_type="text"))

ONE_OF_EACH = page(
    E("e1", "textbox", "", placeholder="Type your name here...", input_type="text"),
    E("e2", "button", "Submit"),
    E("e3", "combobox", "Choose a car:", tag="select", options=("Volvo", "Saab", "Audi")),
    E("e4", "heading", "Enter your name"),
)
BUTTONS = page(E("e1", "button", "ONE"), E("e2", "button", "TWO"), E("e3", "link", "Docs"))
FIELDS = page(*(E(f"e{i}", "textbox", "", input_type="text") for i in range(1, 5)),
              E("e9", "button", "Submit"))
LOGIN = page(
    E("e1", "textbox", "", element_id="username", input_type="text"),
    E("e2", "textbox", "", element_id="password", input_type="password", secret=True),
    E("e3", "button", "Login"),
)
BOXES = page(*(E(f"e{i}", "checkbox", n, checked=False)
               for i, n in enumerate(("Alpha", "Beta", "Gamma"), start=1)),
             E("e4", "button", "Submit"))
DATES = page(E("e1", "textbox", "", input_type="date"), E("e2", "textbox", "", input_type="time"),
             E("e3", "button", "Submit"))
MENU = page(E("e1", "menuitem", "File"), E("e2", "button", "Settings"))
DIALOG = page(E("e1", "button", "OK", covered=True), E("e2", "button", "OK", in_dialog=True),
              E("e3", "button", "Close", in_dialog=True),
              E("e4", "button", "Cancel", in_dialog=True))
LIST = page(E("e1", "listbox", "", tag="select", options=("Jamaica", "Peru", "Timor-Leste")),
            E("e2", "button", "Submit"))
SECTION = page(E("e1", "tab", "Section #1", states=("expanded=false",)), E("e2", "link", "Home"))
CLICKABLES = page(E("s1", "generic", "", text="terms", clickable=("onclick",)),
                  E("e2", "generic", "Pro", text="Pro $12 / month", clickable=("listener",)),
                  E("e3", "heading", "Pro"), E("e4", "button", "Save"))

Step = tuple[str, str | None, str | None]
CASES: list[tuple[str, Snapshot, list[Step] | None]] = [
    # role alone, when exactly one element has it
    ("Click the button.", ONE_OF_EACH, [("click", "e2", None)]),
    ("type 'x' into the text field", ONE_OF_EACH, [("fill", "e1", "x")]),
    ("select 'Audi' from the combobox", ONE_OF_EACH, [("select", "e3", "Audi")]),
    ("Type 'Test2' in the name input", ONE_OF_EACH, [("fill", "e1", "Test2")]),
    ("type 'ActTest' into the input box", ONE_OF_EACH, [("fill", "e1", "ActTest")]),
    ("click the button", BUTTONS, None),  # two buttons
    ("type 'x' into the email field", ONE_OF_EACH, None),  # the only field says nothing of email
    # role and name in other orders
    ("click button ONE", BUTTONS, [("click", "e1", None)]),
    ("Press the button TWO, then press the button ONE", BUTTONS,
     [("click", "e2", None), ("click", "e1", None)]),
    ("click on the link 'Docs'", BUTTONS, [("click", "e3", None)]),
    ("hit the 'TWO' button", BUTTONS, [("click", "e2", None)]),
    # verbs and sentence forms
    ("Focus into the 3rd textbox.", FIELDS, [("focus", "e3", None)]),
    ("focus on the last text field", FIELDS, [("focus", "e4", None)]),
    ("put the cursor in the first field", FIELDS, [("focus", "e1", None)]),
    ("To finish, press Submit", FIELDS, [("click", "e9", None)]),
    ("Close the dialog box by clicking the 'x'.", DIALOG, [("click", "e3", None)]),
    ("close the dialog", DIALOG, [("click", "e3", None)]),
    ("Click the button in the dialog box labeled 'OK'.", DIALOG, [("click", "e2", None)]),
    # With a dialog open, its own button is meant, not the one behind it...
    ("click OK", DIALOG, [("click", "e2", None)]),
    # ...but two equal buttons in the page are a choice the resolver does not make.
    ("click Delete", page(E("e1", "button", "Delete"), E("e2", "button", "Delete")), None),
    ("Expand the section below", SECTION, [("click", "e1", None)]),
    ("open File > Settings", MENU, [("hover", "e1", None), ("click", "e2", None)]),
    ("Continue shopping", page(E("e1", "button", "Continue shopping")), [("click", "e1", None)]),
    ("Email", page(E("e1", "textbox", "Email")), None),  # a label alone is no click on a field
    # compound fills and several targets
    ("Enter the username 'ann' and the password 'x1' into the text fields and press login.", LOGIN,
     [("fill", "e1", "ann"), ("fill", "e2", "x1"), ("click", "e3", None)]),
    ("log in as 'ann' with password 'x1'", LOGIN,
     [("fill", "e1", "ann"), ("fill", "e2", "x1"), ("click", "e3", None)]),
    ("Enter the password 'pw' into both text fields",
     page(*(E(f"e{i}", "textbox", "", input_type="password") for i in (1, 2))),
     [("fill", "e1", "pw"), ("fill", "e2", "pw")]),
    ("type 'pw' into both fields", FIELDS, None),  # four fields, not two
    ("Select Alpha, Gamma and click Submit", BOXES,
     [("check", "e1", None), ("check", "e3", None), ("click", "e4", None)]),
    ("tick Beta and Gamma", BOXES, [("check", "e2", None), ("check", "e3", None)]),
    ("Select nothing and click Submit", BOXES, [("click", "e4", None)]),
    ("Select Jamaica, Timor-Leste from the scroll list and click Submit", LIST,
     [("select", "e1", "Jamaica|Timor-Leste"), ("click", "e2", None)]),
    # dates and times are passed on as written; the typing converts them for the input
    ("Enter 05/20/2010 as the date and hit submit.", DATES,
     [("fill", "e1", "05/20/2010"), ("click", "e3", None)]),
    ("Enter 9:37 PM as the time", DATES, [("fill", "e2", "9:37 PM")]),
    # small typos and missing words
    ("Select 'Audi' i the car combobox", ONE_OF_EACH, [("select", "e3", "Audi")]),
    ("clcik the Submit button", ONE_OF_EACH, [("click", "e2", None)]),
    ("click Sumbit", ONE_OF_EACH, [("click", "e2", None)]),
    ("click Sumbit", page(E("e1", "button", "Submit"), E("e2", "button", "Summit")), None),
    # role-less clickables are clickable; a heading is not
    ("click 'terms'", CLICKABLES, [("click", "s1", None)]),
    ("click the Pro card", CLICKABLES, [("click", "e2", None)]),
    ("press the Save button", CLICKABLES, [("click", "e4", None)]),
    # a verb that is a button's name, with the value its field takes
    ("subscribe ada@example.com to the newsletter", NEWSLETTER,
     [("fill", "e2", "ada@example.com"), ("click", "e3", None)]),
    ("add a todo 'Buy bread'", NEWSLETTER, None),  # no Add button
    ("subscribe ada@example.com as an editor", NEWSLETTER, None),  # more than one field says
    # a date in month, day and year lists
    ("date of birth: May 20, 1990", BIRTH,
     [("select", "e1", "May"), ("select", "e2", "20"), ("select", "e3", "1990")]),
    ("date of birth: 1990", BIRTH, None),
    # ordinals count only what a reader would count
    ("click the 2nd link", LINKS, None),
    # "find the record by X and ..." scopes the next step; an icon is named by its title
    ("Find the email by Ada and click the trash icon to delete it.", INBOX,
     [("click", "s2", None)]),
    ("Find the email by Eve and click the trash icon", INBOX, None),
    ("Click on the letter k.", LETTERS, [("click", "s2", None)]),
    # a text field that shows its date format takes the date
    ("Enter 11/03/2016 as the date", DATE_TEXT, [("fill", "e1", "11/03/2016")]),
    # an option named with its list's label; where a control sits, when the name is one
    ("pick the Pro plan", PLANS, [("select", "e1", "Pro")]),
    ("pick the Gold plan", PLANS, None),
    ("click Undo in the notification", PLANS, [("click", "e3", None)]),
    ("click Update in the toolbar", PLANS, None),
    # the field a purpose names, by its label
    ("type Apollo to confirm and click Delete", CONFIRM,
     [("fill", "e1", "Apollo"), ("click", "e2", None)]),
    ("type Apollo to continue", CONFIRM, None),
    # reading, reasoning and vagueness stay with the LLM
    ("Find the cheapest flight and book it", ONE_OF_EACH, None),
    ("fill in the form", ONE_OF_EACH, None),
    ("Enter an item that starts with 'Serb'", ONE_OF_EACH, None),
    ("make sure the name is filled", ONE_OF_EACH, None),
]


def _steps(plan: ActionPlan) -> list[Step]:
    out: list[Step] = []
    for a in plan.actions:
        extra = "|".join(a.values) if a.values else a.value
        out.append((a.type, a.ref, extra if a.type != "press" else a.key))
    return out


@pytest.mark.parametrize(("instruction", "snapshot", "expected"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_phrasing(instruction: str, snapshot: Snapshot, expected: list[Step] | None) -> None:
    result = Resolver().resolve_act(instruction, snapshot)
    if expected is None:
        assert isinstance(result, NotConfident), f"false answer: {result}"
    else:
        assert isinstance(result, ActionPlan), result
        assert _steps(result) == expected


def test_no_false_answers(capsys: pytest.CaptureFixture[str]) -> None:
    wrong = [c[0] for c in CASES if isinstance(r := Resolver().resolve_act(c[0], c[1]), ActionPlan)
             and _steps(r) != c[2]]
    assert wrong == []


def test_text_to_look_for_when_nothing_matches() -> None:
    result = Resolver().resolve_act("click 'Reports'", CLICKABLES)
    assert isinstance(result, NotConfident)
    assert result.wanted_texts == ("Reports",)
    ambiguous = Resolver().resolve_act(
        "click Delete", page(E("e1", "button", "Delete"), E("e2", "button", "Delete")))
    assert isinstance(ambiguous, NotConfident)
    assert ambiguous.ambiguous
    assert ambiguous.wanted_texts == ()


def test_later_steps_wait_for_the_page_the_first_ones_lead_to() -> None:
    intents = parse_instruction("Expand the section below and click Continue")
    assert intents is not None
    partial = Resolver().plan_steps(intents, SECTION)
    assert not isinstance(partial, NotConfident)
    assert [a.ref for a in partial.actions] == ["e1"]
    assert [i.target for i in partial.remaining] == ["Continue"]
    # ...but an ambiguous later step stops everything: nothing would be safe to do.
    both = parse_instruction("click Home and click OK")
    assert both is not None
    assert isinstance(Resolver().plan_steps(both, page(E("e1", "link", "Home", href="#"),
                                                        *DIALOG.elements.values())), NotConfident)


@pytest.mark.parametrize(
    ("prompt", "value"),
    [("Type 'Test2' in the name input", "Test2"), ("Select 'Audi' i the car combobox", "Audi"),
     ("fill the name field with {{name}}", "{{name}}"), ("Fill the name input", None),
     ("type 'a' into A and 'b' into B", None)],
)
def test_value_in_prompt(prompt: str, value: str | None) -> None:
    assert value_in(prompt) == value


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("click Tab #2", [("Tab #2", None, None), ("#2", "tab", None), (None, "tab", 2)]),
        ("click the first name field", [("first name", "textbox", None),
                                        ("first name field", None, None),
                                        ("name", "textbox", 1), ("name field", None, 1)]),
        ("click a checkbox", [(None, "checkbox", None)]),
    ],
)
def test_a_target_is_read_every_way(text: str, readings: list[tuple[object, ...]]) -> None:
    intents = parse_instruction(text)
    assert intents is not None
    assert [(r.phrase, r.role_hint, r.ordinal) for r in intents[0].all_readings()] == readings
