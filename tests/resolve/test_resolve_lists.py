"""Counting in the one list a noun names ("expand the second question"), and handing
over when the page shows no such list, or more than one."""

from __future__ import annotations

import pytest

from pytest_skyvern.actions import ActionPlan
from pytest_skyvern.resolve import NotConfident, Resolver
from pytest_skyvern.snapshot.model import Element, Snapshot

E = Element


def page(*elements: Element) -> Snapshot:
    return Snapshot(url="http://127.0.0.1:8000/x", title="x", text="",
                    elements={e.ref: e for e in elements})


def item(ref: str, text: str, around: str, role: str = "generic") -> Element:
    return E(ref, role, "", text=text, clickable=("pointer",), context=(around,))


_FAQ = "What is it? How long does it take? Can I pay by card?"
FAQ = page(
    E("h1", "heading", "Frequently asked questions"),
    item("q1", "What is it?", _FAQ), item("q2", "How long does it take?", _FAQ),
    item("q3", "Can I pay by card?", _FAQ),
)
_SECTIONS = "Section #1 Section #2 Section #3"
SECTIONS = page(item("s1", "Section #1", _SECTIONS), item("s2", "Section #2", _SECTIONS),
                item("s3", "Section #3", _SECTIONS))
# The same three clickables under a heading that names something else.
_NAV = "Home Pricing Blog"
NAV = page(E("h1", "heading", "Welcome"), item("n1", "Home", _NAV), item("n2", "Pricing", _NAV),
           item("n3", "Blog", _NAV))
# A question list whose open answer sits among the questions: not a list of only them.
_OPEN = "What is it? A tool. How long does it take? Can I pay by card?"
OPEN = page(
    E("h1", "heading", "Questions"),
    item("q1", "What is it?", _OPEN), item("q2", "How long does it take?", _OPEN),
    item("q3", "Can I pay by card?", _OPEN),
)
# Two lists of questions: which one is meant is not said.
TWO = page(
    E("h1", "heading", "Questions"),
    item("a1", "Why?", "Why? How?"), item("a2", "How?", "Why? How?"),
    E("h2", "heading", "More questions"),
    item("b1", "Who?", "Who? When?"), item("b2", "When?", "Who? When?"),
)
_RESULTS = "Trail Runner Road Racer Canvas Sneakers"
RESULTS = page(
    E("h1", "heading", "3 results for shoes"),
    E("r1", "link", "Trail Runner", context=(_RESULTS,)),
    E("r2", "link", "Road Racer", context=(_RESULTS,)),
    E("r3", "link", "Canvas Sneakers", context=(_RESULTS,)),
)

CASES: list[tuple[str, Snapshot, str | None]] = [
    ("expand the second question", FAQ, "q2"),
    ("open the last question", FAQ, "q3"),
    ("open the third section", SECTIONS, "s3"),
    ("click the 1st section", SECTIONS, "s1"),
    ("open the third result", RESULTS, "r3"),
    ("expand the fourth question", FAQ, None),
    ("expand the second question", NAV, None),
    ("open the second section", NAV, None),
    ("expand the second question", OPEN, None),
    ("expand the second question", TWO, None),
    ("open the second result", FAQ, None),
]


@pytest.mark.parametrize(("instruction", "snapshot", "expected"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_nth_of_one_list(instruction: str, snapshot: Snapshot, expected: str | None) -> None:
    result = Resolver().resolve_act(instruction, snapshot)
    if expected is None:
        assert isinstance(result, NotConfident), f"false answer: {result}"
        return
    assert isinstance(result, ActionPlan), result
    assert [a.ref for a in result.actions] == [expected]
