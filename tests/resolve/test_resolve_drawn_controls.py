"""Controls the page draws without the role that would name them: a box made of a span,
a switch that calls itself "Off" in a row that says what it switches, and a date field
named one typo off. Each must be found; a lookalike must still hand over.
"""

from __future__ import annotations

import pytest

from pytest_skyvern.actions import ActionPlan
from pytest_skyvern.resolve import NotConfident, Resolver
from pytest_skyvern.snapshot.model import Element, Snapshot

E = Element


def page(*elements: Element) -> Snapshot:
    return Snapshot(url="http://127.0.0.1:8000/x", title="x", text="",
                    elements={e.ref: e for e in elements})


_HEAD = ("Name Role Last seen Actions",)
GRID = page(
    E("s1", "generic", "", title="Select all", clickable=("delegated",), context=_HEAD),
    E("s2", "generic", "", text="Name", clickable=("delegated",), context=_HEAD),
    E("s3", "generic", "", clickable=("delegated",), context=("Ada Lovelace Owner Today Edit",)),
    E("s4", "generic", "", clickable=("delegated",), context=("Ken Thompson Member Edit",)),
    E("s5", "generic", "", text="Edit", clickable=("delegated",),
      context=("Ken Thompson Member Edit",)),
)
SETTINGS = page(
    E("e1", "switch", "Off", checked=False,
      context=("Push notifications Mentions will appear as push notifications Off",)),
    E("e2", "switch", "On", checked=True, context=("Email digest A weekly summary On",)),
    E("e3", "switch", "Off", checked=False,
      context=("SMS alerts Only for security events Off",)),
)
# Two rows that both say "alerts": the words name no one switch.
TWIN_ROWS = page(
    E("e1", "switch", "Off", checked=False, context=("Price alerts Off",)),
    E("e2", "switch", "Off", checked=False, context=("Stock alerts Off",)),
)
BOOKING = page(
    E("e1", "textbox", "Check-in date", label="Check-in date", input_type="date"),
    E("e2", "textbox", "Check-out date", label="Check-out date", input_type="date"),
)
_MONTH = "Su Mo Tu We Th Fr Sa " + " ".join(str(d) for d in range(1, 31))
CALENDAR = page(*(E(f"d{d}", "link", str(d), context=(_MONTH,)) for d in range(1, 31)),
                E("e1", "button", "Submit"))
# A pager's "2" beside the calendar's: the day is not one element.
PAGED = page(*CALENDAR.elements.values(), E("p2", "link", "2", context=("1 2 3 Next",)))

CASES: list[tuple[str, Snapshot, list[tuple[str, str]] | None]] = [
    ("tick the select-all box", GRID, [("check", "s1")]),
    ("check the Select all checkbox", GRID, [("check", "s1")]),
    ("tick Ken Thompson", GRID, [("check", "s4")]),
    # A span with words is no box, and the header row's box is named by its title.
    ("tick Name", GRID, None),
    ("turn on push notifications", SETTINGS, [("check", "e1")]),
    ("turn off the email digest", SETTINGS, [("uncheck", "e2")]),
    ("enable SMS alerts", SETTINGS, [("check", "e3")]),
    ("turn on alerts", TWIN_ROWS, None),
    ("turn on desktop notifications", SETTINGS, None),
    ("Select the 15th on the calendar", CALENDAR, [("click", "d15")]),
    ("click on the 3rd in the datepicker", CALENDAR, [("click", "d3")]),
    ("pick the 2nd in the date picker", PAGED, None),
    ("chekout 2010-05-23", BOOKING, [("fill", "e2")]),
    ("chek-in date 2010-05-20, chekout 2010-05-23", BOOKING, [("fill", "e1"), ("fill", "e2")]),
]


@pytest.mark.parametrize(("instruction", "snapshot", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_drawn_controls(instruction: str, snapshot: Snapshot,
                        expected: list[tuple[str, str]] | None) -> None:
    result = Resolver().resolve_act(instruction, snapshot)
    if expected is None:
        assert isinstance(result, NotConfident), f"false answer: {result}"
        return
    assert isinstance(result, ActionPlan), result
    assert [(a.type, a.ref) for a in result.actions] == expected
