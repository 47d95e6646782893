"""LLM-free extraction on real pages (headless Chromium, HTML set inline)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.async_api import Page

from pytest_skyvern.errors import SchemaError
from pytest_skyvern.resolve import ExtractionResult, NotConfident, extract, run_program

pytestmark = pytest.mark.asyncio(loop_scope="session")

INVOICES = """
<h2>Billing history</h2>
<table id="invoices">
  <thead><tr><th>Invoice #</th><th>Date</th><th>Status</th><th>Amount</th></tr></thead>
  <tbody>
    <tr><td>INV-001</td><td>2024-01-05</td><td>Paid</td><td>$1,299.00</td></tr>
    <tr><td>INV-002</td><td>2024-02-05</td><td>Unpaid</td><td>$45.50</td></tr>
    <tr><td>INV-003</td><td>2024-03-05</td><td>Paid</td><td>(12.00)</td></tr>
  </tbody>
  <tfoot><tr><td colspan="3">Total</td><td>$1,332.50</td></tr></tfoot>
</table>
"""
INVOICE_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "invoice_number": {"type": "string"},
            "date": {"type": "string"},
            "amount": {"type": "number"},
        },
        "required": ["invoice_number", "amount"],
    },
}
CARDS = """
<nav><ul><li><a href="/">Home</a></li><li><a href="/shop">Shop</a></li></ul></nav>
<h2>Products</h2>
<div class="grid">
  <div class="card"><h3>Blue Mug</h3><span class="price">$12.00</span>
    <p class="stock">In stock: Yes</p><button>Add to cart</button></div>
  <div class="card"><h3>Red Kettle</h3><span class="price">$34.50</span>
    <p class="stock">In stock: No</p><button>Add to cart</button></div>
  <div class="card"><h3>Tea Pot</h3><span class="price">€1,020.99</span>
    <p class="stock">In stock: Yes</p><button>Add to cart</button></div>
</div>
"""
PRODUCT_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "price": {"type": "number"}},
        "required": ["name", "price"],
    },
}
DETAILS = """
<h1>Order 1042</h1>
<dl>
  <dt>Order number</dt><dd>1042</dd>
  <dt>Customer</dt><dd>Ada Lovelace</dd>
  <dt>Gift wrapped</dt><dd>Yes</dd>
</dl>
<p><strong>Total:</strong> $1,299.00</p>
<table><tr><th>Shipping</th><td>Express</td></tr><tr><th>Items</th><td>3</td></tr></table>
<label for="note">Delivery note</label><input id="note" value="Leave at door">
"""
ORDER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "order_number": {"type": "integer"},
        "customer": {"type": "string"},
        "gift_wrapped": {"type": "boolean"},
        "total": {"type": "number"},
        "shipping": {"type": "string"},
        "items": {"type": "integer"},
        "delivery_note": {"type": "string"},
    },
    "required": ["order_number", "customer", "total", "items"],
}


async def _extract(page: Page, html: str, prompt: str, schema: dict[str, Any]) -> Any:
    await page.set_content(html)
    return await extract(page, prompt, schema)


async def test_table_rows_with_currency_amounts(page: Page) -> None:
    result = await _extract(page, INVOICES, "Extract the invoices", INVOICE_SCHEMA)
    assert isinstance(result, ExtractionResult), result
    assert result.data == [
        {"invoice_number": "INV-001", "date": "2024-01-05", "amount": 1299.0},
        {"invoice_number": "INV-002", "date": "2024-02-05", "amount": 45.5},
        {"invoice_number": "INV-003", "date": "2024-03-05", "amount": -12.0},
    ]
    program = result.program
    assert program == json.loads(json.dumps(program))  # what the cache stores
    assert program["kind"] == "table"
    assert program["css"] == "#invoices"
    assert program["columns"] == {"invoice_number": 0, "date": 1, "amount": 3}


async def test_program_replays_on_changed_data_without_rematching(page: Page) -> None:
    first = await _extract(page, INVOICES, "Extract the invoices", INVOICE_SCHEMA)
    assert isinstance(first, ExtractionResult)
    # New data and a renamed header: replay trusts the program, it does not re-match names.
    changed = INVOICES.replace("INV-001", "INV-900").replace("Amount", "Sum due")
    await page.set_content(changed)
    replay = await run_program(page, first.program, INVOICE_SCHEMA)
    assert isinstance(replay, ExtractionResult)
    assert replay.data[0]["invoice_number"] == "INV-900"
    await page.set_content("<p>No invoices</p>")
    assert isinstance(await run_program(page, first.program, INVOICE_SCHEMA), NotConfident)


async def test_wrapped_array_and_where_filter(page: Page) -> None:
    schema = {"type": "object", "properties": {"invoices": INVOICE_SCHEMA}}
    result = await _extract(
        page, INVOICES, "Get the invoices where status is 'Paid'", schema
    )
    assert isinstance(result, ExtractionResult), result
    assert [r["invoice_number"] for r in result.data["invoices"]] == ["INV-001", "INV-003"]
    assert result.program["kind"] == "wrap"
    assert result.program["inner"]["filter"] == {"column": 2, "equals": "Paid"}


async def test_a_filter_it_cannot_honour_hands_over(page: Page) -> None:
    result = await _extract(page, INVOICES, "Only the paid invoices", INVOICE_SCHEMA)
    assert isinstance(result, NotConfident)
    assert "paid" in " ".join(result.candidates)


async def test_headers_that_do_not_match_hand_over(page: Page) -> None:
    html = INVOICES.replace("Invoice #", "Reference").replace("Amount", "Balance")
    result = await _extract(page, html, "Extract the invoices", INVOICE_SCHEMA)
    assert isinstance(result, NotConfident)
    assert "invoice_number" in " ".join(result.candidates)


async def test_uncoercible_value_hands_over(page: Page) -> None:
    html = INVOICES.replace("$45.50", "call us")
    result = await _extract(page, html, "Extract the invoices", INVOICE_SCHEMA)
    assert isinstance(result, NotConfident)
    assert "call us" in result.reason


async def test_card_list_by_heading_and_price_shape(page: Page) -> None:
    result = await _extract(page, CARDS, "List the products", PRODUCT_SCHEMA)
    assert isinstance(result, ExtractionResult), result
    assert result.data == [
        {"name": "Blue Mug", "price": 12.0},
        {"name": "Red Kettle", "price": 34.5},
        {"name": "Tea Pot", "price": 1020.99},
    ]
    assert result.program["kind"] == "list"
    assert result.program["item"] == ":scope > div.card"


async def test_list_fields_by_class_name(page: Page) -> None:
    html = """
    <ul class="people">
      <li class="person"><span class="full-name">Ada</span><span class="role">Eng</span>
        <span class="age">36</span></li>
      <li class="person"><span class="full-name">Grace</span><span class="role">Admiral</span>
        <span class="age">85</span></li>
    </ul>"""
    schema = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            "required": ["name", "age"],
        },
    }
    result = await _extract(page, html, "extract the people", schema)
    assert isinstance(result, ExtractionResult), result
    assert result.data == [{"name": "Ada", "age": 36}, {"name": "Grace", "age": 85}]


async def test_label_value_pairs_from_dl_text_rows_and_fields(page: Page) -> None:
    result = await _extract(page, DETAILS, "Get the order details", ORDER_SCHEMA)
    assert isinstance(result, ExtractionResult), result
    assert result.data == {
        "order_number": 1042,
        "customer": "Ada Lovelace",
        "gift_wrapped": True,
        "total": 1299.0,
        "shipping": "Express",
        "items": 3,
        "delivery_note": "Leave at door",
    }
    assert result.program["kind"] == "pairs"
    replay = await run_program(page, result.program, ORDER_SCHEMA)
    assert isinstance(replay, ExtractionResult)
    assert replay.data == result.data


async def test_missing_required_label_hands_over(page: Page) -> None:
    schema = {
        "type": "object",
        "properties": {"customer": {"type": "string"}, "tracking_code": {"type": "string"}},
        "required": ["customer", "tracking_code"],
    }
    result = await _extract(page, DETAILS, "Get the order", schema)
    assert isinstance(result, NotConfident)
    assert "tracking_code" in result.reason


async def test_two_matching_tables_are_ambiguous(page: Page) -> None:
    html = INVOICES + INVOICES.replace('id="invoices"', 'id="archive"')
    result = await _extract(page, html, "Extract the invoices", INVOICE_SCHEMA)
    assert isinstance(result, NotConfident)


async def test_invalid_schema_is_a_schema_error(page: Page) -> None:
    with pytest.raises(SchemaError):
        await _extract(page, INVOICES, "x", {"type": "tabel"})
