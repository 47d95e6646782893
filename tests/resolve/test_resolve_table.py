"""Table-driven check of the resolver on a hand-built snapshot.

Each case is an instruction and the plan it must produce, or ``None`` when the resolver
must hand over (ambiguous, unknown, unparseable). The summary test prints the hit rate
and fails on any false answer: a confident wrong plan is the one unacceptable outcome.
"""

from __future__ import annotations

import pytest

from pytest_skyvern.actions import ActionPlan
from pytest_skyvern.resolve import NotConfident, Resolver
from pytest_skyvern.snapshot.model import Element, Snapshot

E = Element
ELEMENTS = [
    E("e1", "textbox", "Email", label="Email", placeholder="you@example.com", input_type="email"),
    E("e2", "textbox", "Password", label="Password", input_type="password", secret=True),
    E("e3", "checkbox", "Remember me", checked=False),
    E("e4", "button", "Log in"),
    E("e5", "link", "Forgot password?"),
    E("e6", "button", "Submit"),
    E("e7", "button", "Submit order"),
    E("e8", "button", "Delete", text="Delete"),
    E("e9", "button", "Delete", text="Delete"),
    E("e10", "combobox", "Country", tag="select", options=("France", "Germany", "United States")),
    E("e11", "checkbox", "Terms and Conditions"),
    E("e12", "searchbox", "Search", placeholder="Search products"),
    E("e13", "link", "Home"),
    E("e14", "heading", "Checkout"),
    E("e15", "button", "Cancel", disabled=True),
    E("e16", "radio", "Express shipping"),
    E("e17", "radio", "Standard shipping"),
    E("e18", "button", "Resume", label="Resume", input_type="file"),
    E("e19", "textbox", "First name", label="First name"),
    E("e20", "textbox", "Last name", label="Last name"),
    E("e21", "button", "Account"),
    E("e22", "link", "Settings", in_viewport=False),
    E("e23", "tab", "Billing"),
    E("e24", "tab", "Profile"),
    E("e25", "switch", "Dark mode"),
    E("e26", "textbox", "Comments", tag="textarea"),
    E("e27", "button", "Save"),
    E("e28", "link", "Save 20% on your first order"),
    E("e29", "textbox", "", test_id="promo-code", element_id="promo"),
]
SNAPSHOT = Snapshot(
    url="http://127.0.0.1:8000/shop/cart",
    title="Cart",
    text="",
    elements={e.ref: e for e in ELEMENTS},
)

Step = tuple[str, str | None, str | None]  # (action type, ref, value/key/url)
CASES: list[tuple[str, list[Step] | None]] = [
    # --- must answer ---
    ("Click the Log in button", [("click", "e4", None)]),
    ("click Login", [("click", "e4", None)]),
    ("Type 'bob@example.com' into the Email field", [("fill", "e1", "bob@example.com")]),
    ("fill the Password field with {{password}}", [("fill", "e2", "{{password}}")]),
    ("Check the Remember me checkbox", [("check", "e3", None)]),
    ("uncheck 'Remember me'", [("uncheck", "e3", None)]),
    ("click 'Submit'", [("click", "e6", None)]),
    ("click the 'Submit order' button", [("click", "e7", None)]),
    ("select 'Germany' from the Country dropdown", [("select", "e10", "Germany")]),
    ("set the Country to 'france'", [("select", "e10", "France")]),
    ("tick 'Terms and Conditions'", [("check", "e11", None)]),
    ("check Terms and Conditions", [("check", "e11", None)]),
    (
        "type 'shoes' into the search box and press Enter",
        [("fill", "e12", "shoes"), ("press", None, "Enter")],
    ),
    ("press Enter in the Search field", [("press", "e12", "Enter")]),
    ("go to /checkout", [("goto", None, "http://127.0.0.1:8000/checkout")]),
    ("open https://example.org/x", [("goto", None, "https://example.org/x")]),
    ("navigate to localhost:9000/a", [("goto", None, "http://localhost:9000/a")]),
    ("scroll down", [("scroll", None, "down")]),
    ("scroll to the bottom of the page", [("scroll", None, "bottom")]),
    ("select the Express shipping option", [("check", "e16", None)]),
    ("choose 'Standard shipping'", [("check", "e17", None)]),
    ("upload 'cv.pdf' to the Resume field", [("upload", "e18", "cv.pdf")]),
    ("upload 'cv.pdf'", [("upload", "e18", "cv.pdf")]),
    (
        "Enter 'Ada' in the First name field, then enter 'Lovelace' in the Last name field",
        [("fill", "e19", "Ada"), ("fill", "e20", "Lovelace")],
    ),
    ("hover over the Account menu", [("hover", "e21", None)]),
    ("click the Billing tab", [("click", "e23", None)]),
    ("turn on Dark mode", [("check", "e25", None)]),
    ("click on Forgot password", [("click", "e5", None)]),
    ("Click Save", [("click", "e27", None)]),
    ("Fill in the promo code field with SPRING24", [("fill", "e29", "SPRING24")]),
    ("type 'Great!' into Comments", [("fill", "e26", "Great!")]),
    ("press Tab", [("press", None, "Tab")]),
    ("press the Escape key; click Home", [("press", None, "Escape"), ("click", "e13", None)]),
    ("click the Settings link", [("click", "e22", None)]),
    ("Click the \u201cSubmit order\u201d button", [("click", "e7", None)]),
    ("hit the Log in button", [("click", "e4", None)]),
    ("Enter {{email}} into the Email field", [("fill", "e1", "{{email}}")]),
    ("type 'x' into your email", [("fill", "e1", "x")]),
    ("go to example.com", [("goto", None, "http://example.com")]),
    ("clear the Search box", [("fill", "e12", "")]),
    (
        "Type \"a; b, then c\" into Comments and click 'Submit order'",
        [("fill", "e26", "a; b, then c"), ("click", "e7", None)],
    ),
    # --- must hand over ---
    ("click Delete", None),  # two equal matches
    ("click the Frobnicate button", None),  # nothing matches
    ("click Cancel", None),  # the only match is disabled
    ("click the Checkout heading", None),  # a heading is not clickable
    ("Check that the order was placed", None),  # an assertion, not an action
    ("double-click the Email field", None),  # no such action type
    ("type something into the Email field", None),  # a description, not a value
    ("Click the 'Delete' button in Alice's row", None),  # qualifier we cannot honour
    ("select 'Spain' from the Country dropdown", None),  # not an option
    ("fill the Name field with 'x'", None),  # First name vs Last name
    ("click Log in and click Frobnicate", None),  # one step fails -> all fail
    ("click the Home link and type 'x' into Email", None),  # refs die after navigation
    ("Find the cheapest flight and book it", None),  # needs an LLM
    ("click Submit Orders", None),  # only a fuzzy match
    ("go to the settings page", None),  # not a URL
    ("click the shipping radio", None),  # Express vs Standard
    ("upload 'a.pdf' to the Email field", None),  # not a file input
    ("fill the Remember me checkbox with 'yes'", None),  # cannot type into a checkbox
    ("type hello world into Email", None),  # unquoted multi-word value
    ("click", None),  # no target
]


def _steps(plan: ActionPlan) -> list[Step]:
    out: list[Step] = []
    for a in plan.actions:
        extra = a.value if a.value is not None else a.key or a.url or a.direction
        if a.type == "scroll":
            extra = a.value or a.direction
        out.append((a.type, a.ref, extra))
    return out


@pytest.mark.parametrize(("instruction", "expected"), CASES, ids=[c[0] for c in CASES])
def test_instruction_resolves_as_expected(instruction: str, expected: list[Step] | None) -> None:
    result = Resolver().resolve_act(instruction, SNAPSHOT)
    if expected is None:
        assert isinstance(result, NotConfident), f"false answer: {result}"
        assert result.reason
    else:
        assert isinstance(result, ActionPlan), result
        assert result.tier == "resolver"
        assert _steps(result) == expected


def test_hit_rate_and_no_false_answers(capsys: pytest.CaptureFixture[str]) -> None:
    resolver = Resolver()
    answerable = [c for c in CASES if c[1] is not None]
    hits = false_answers = 0
    for instruction, expected in CASES:
        result = resolver.resolve_act(instruction, SNAPSHOT)
        if isinstance(result, ActionPlan):
            if _steps(result) == expected:
                hits += 1
            else:
                false_answers += 1
    rate = hits / len(answerable)
    with capsys.disabled():
        print(
            f"\nresolver table: {len(CASES)} cases, hit rate {hits}/{len(answerable)} "
            f"= {rate:.0%}, false answers {false_answers}"
        )
    assert len(CASES) >= 40
    assert false_answers == 0
    assert rate >= 0.9


def test_not_confident_lists_the_rivals() -> None:
    result = Resolver().resolve_act("click Delete", SNAPSHOT)
    assert isinstance(result, NotConfident)
    assert "ambiguous" in result.reason
    assert result.candidates[:2] == [
        'button "Delete" [e8]: exact name match (score 100)',
        'button "Delete" [e9]: exact name match (score 100)',
    ]


def test_not_confident_explains_a_disabled_match() -> None:
    result = Resolver().resolve_act("click Cancel", SNAPSHOT)
    assert isinstance(result, NotConfident)
    assert "disabled" in result.candidates[0]


@pytest.mark.parametrize(
    ("description", "action", "ref"),
    [
        ("Click the 'Submit order' button", "click", "e7"),
        ("the Email field", "fill", "e1"),
        ("Enter your email", "fill", "e1"),
        ("Remember me checkbox", "check", "e3"),
        ("Country", "select", "e10"),
        ("the promo code", "fill", "e29"),
    ],
)
def test_resolve_target_finds_the_element(description: str, action: str, ref: str) -> None:
    element = Resolver().resolve_target(description, SNAPSHOT, action)
    assert isinstance(element, Element), element
    assert element.ref == ref


@pytest.mark.parametrize(
    ("description", "action"),
    [("Delete", "click"), ("the Remember me checkbox", "fill"), ("the Zebra", "click")],
)
def test_resolve_target_hands_over(description: str, action: str) -> None:
    assert isinstance(Resolver().resolve_target(description, SNAPSHOT, action), NotConfident)
