"""Tests as data: ``@pytest.mark.skyvern`` runs a task and checks its output.

The test body can stay empty: the task runs in the test's page, its output must be
valid against ``schema`` and contain ``expected``. They run offline: the LLM-free
resolver carries out these prompts and reads the pages (no LLM configured).
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from pytest_skyvern import TaskRunResponse

ORDER = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string"},
        "email": {"type": "string"},
        "country": {"type": "string"},
        "shipping": {"type": "string"},
    },
    "required": ["full_name", "email", "country", "shipping"],
}

PRODUCTS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "price": {"type": "number"}},
        "required": ["name", "price"],
    },
}


class Order(BaseModel):
    full_name: str
    country: str
    shipping: str


@pytest.mark.skyvern(
    prompt="Type 'Ada Lovelace' into Full name, then type 'ada@example.com' into Email, "
           "then select 'Germany' from Country, then click 'Submit order'",
    url="/form",  # relative to --base-url (the demo app)
    schema=ORDER,
    expected={"full_name": "Ada Lovelace", "country": "Germany", "shipping": "Standard"},
)
def test_order_is_confirmed() -> None:
    """Nothing to write: the marker runs the task and checks its output."""


@pytest.mark.parametrize("country", ["France", "United Kingdom"])
@pytest.mark.skyvern(
    prompt="Type 'Grace Hopper' into Full name, then type 'grace@example.com' into Email, "
           "then select '{country}' from Country, then click 'Submit order'",
    url="/form", schema=Order, expected={"country": "{country}"},
)
def test_every_country_can_order(country: str, skyvern_result: TaskRunResponse) -> None:
    # The body may add its own checks on the run.
    assert skyvern_result.status == "completed"
    assert isinstance(skyvern_result.output, dict)
    assert skyvern_result.output["full_name"] == "Grace Hopper"


@pytest.mark.skyvern(
    prompt="Type 'inch' into 'Search products', then click 'Search'",
    url="/products", schema=PRODUCTS,
    # Items paired by name (order does not matter), prices within a cent, any case.
    expected=[{"name": "lumen 27-inch monitor", "price": 349}, {"name": "aurora laptop 14"}],
    list_key="name", tolerance=0.01, ignore_case=True,
)
async def test_search_finds_both_screens(skyvern_result: TaskRunResponse) -> None:
    assert isinstance(skyvern_result.output, list)
    assert len(skyvern_result.output) == 2
