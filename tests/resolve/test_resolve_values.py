"""Value coercion, name matching, matcher normalisation and the public exports."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

import pytest_skyvern.resolve as resolve
from pytest_skyvern.resolve.coerce import Uncoercible, coerce
from pytest_skyvern.resolve.names import name_score, words


@pytest.mark.parametrize(
    ("text", "schema", "expected"),
    [
        ("$1,299.00", {"type": "number"}, 1299.0),
        ("  € 12.5 ", {"type": "number"}, 12.5),
        ("-$5", {"type": "number"}, -5.0),
        ("(5.00)", {"type": "number"}, -5.0),
        ("12%", {"type": "number"}, 12.0),
        ("12", {"type": "integer"}, 12),
        ("1,000 USD", {"type": "integer"}, 1000),
        ("Yes", {"type": "boolean"}, True),
        ("false", {"type": "boolean"}, False),
        ("2024-01-05", {"type": "string", "format": "date"}, "2024-01-05"),
        ("  Ada \n Lovelace ", {"type": "string"}, "Ada Lovelace"),
        ("", {"type": ["number", "null"]}, None),
        ("paid", {"type": "string", "enum": ["Paid", "Unpaid"]}, "Paid"),
        ("n/a", {"type": ["number", "string"]}, "n/a"),
    ],
)
def test_coerce(text: str, schema: dict[str, Any], expected: Any) -> None:
    assert coerce(text, schema) == expected


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("12 items", {"type": "integer"}),
        ("1 - 2", {"type": "number"}),
        ("12.5", {"type": "integer"}),
        ("1,5", {"type": "number"}),
        ("maybe", {"type": "boolean"}),
        ("", {"type": "number"}),
        ("Refunded", {"type": "string", "enum": ["Paid", "Unpaid"]}),
    ],
)
def test_coerce_refuses_doubtful_text(text: str, schema: dict[str, Any]) -> None:
    with pytest.raises(Uncoercible):
        coerce(text, schema)


@pytest.mark.parametrize(
    ("prop", "label", "matches"),
    [
        ("invoice_number", "Invoice #", True),
        ("invoice", "Invoice", True),
        ("invoiceId", "Invoice", True),
        ("amount", "Total", True),
        ("prices", "Price", True),
        ("invoice_number", "Number", False),  # only a generic word in common
        ("amount", "Balance", False),
    ],
)
def test_name_matching(prop: str, label: str, matches: bool) -> None:
    assert (name_score(words(prop), words(label)) > 0) is matches


def test_exact_header_beats_partial_overlap() -> None:
    prop = words("invoice_number")
    assert name_score(prop, words("Invoice no.")) > name_score(prop, words("Invoice date"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Sign-in!", "sign in"), ("  Terms &  Conditions ", "terms and conditions"), ("Café", "cafe")],
)
def test_normalise(raw: str, expected: str) -> None:
    assert resolve.normalise(raw) == expected


def test_all_is_sorted_and_complete() -> None:
    # Submodules and pytest's assertion-rewrite helpers are not part of the API.
    public = {
        name
        for name, value in vars(resolve).items()
        if name[0].isalpha() and not isinstance(value, ModuleType)
    } - {"annotations"}
    assert resolve.__all__ == sorted(resolve.__all__)
    assert set(resolve.__all__) == public
