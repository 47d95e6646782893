"""The LLM-free assertion compiler: simple claims read as checks, the rest is left alone."""

from __future__ import annotations

import re

import pytest

from pytest_skyvern.resolve.assertions import ClaimSpec, parse_claim, parse_number, url_pattern


@pytest.mark.parametrize(("claim", "spec"), [
    ("the heading says 'Welcome, Demo User'",
     ClaimSpec("has_text", target="the heading", expected="Welcome, Demo User")),
    ("The banner contains \u201cSaved\u201d.",
     ClaimSpec("contains_text", target="The banner", expected="Saved")),
    ("the page shows 'Order confirmed'", ClaimSpec("visible", text="Order confirmed")),
    ("'Payment failed' is not shown", ClaimSpec("hidden", text="Payment failed")),
    ("the page does not show \"Error\"", ClaimSpec("hidden", text="Error")),
    ("the Email field is empty", ClaimSpec("value", target="the Email field", expected="")),
    ("the Name field has 'Ada'", ClaimSpec("value", target="the Name field", expected="Ada")),
    ("3 invoices are listed", ClaimSpec("count", number=3, noun="invoices")),
    ("there are at least two items", ClaimSpec("count", number=2, op="ge", noun="items")),
    ("the total is 250.00", ClaimSpec("number", number=250.0, noun="total")),
    ("verify that the balance is more than $1,000", ClaimSpec("number", number=1000.0, op="gt",
                                                              noun="balance")),
    ("the Sign in button is disabled", ClaimSpec("disabled", target="the Sign in button")),
    ("the Remember me checkbox is not checked",
     ClaimSpec("unchecked", target="the Remember me checkbox")),
    ("the error message is hidden", ClaimSpec("hidden", target="the error message")),
    ("we are on the invoices page", ClaimSpec("url", expected="(?i)invoices?")),
    ("the URL ends with '/done'", ClaimSpec("url", expected="/done$")),
])
def test_simple_forms_compile(claim: str, spec: ClaimSpec) -> None:
    assert parse_claim(claim) == spec


@pytest.mark.parametrize("claim", [
    "the page offers a sign-in form", "the user is logged in", "the page is blank",
    "the login form is filled in", "the page looks professional", "5 stars",
    "the layout is responsive",
])
def test_other_claims_are_left_to_the_llm(claim: str) -> None:
    assert parse_claim(claim) is None


def test_numbers_and_url_patterns() -> None:
    assert parse_number("Total: $1,250.50 (incl. tax)") == 1250.5
    assert parse_number("no number") is None
    pattern = url_pattern("the order history")
    assert pattern is not None
    assert re.search(pattern, "http://127.0.0.1:5000/order-history?id=3")
    assert re.search(url_pattern("invoices") or "", "http://x/invoice/7")
    assert not re.search(url_pattern("invoices") or "", "http://x/orders")
