"""The invoices page and the CSV/PDF files it links to."""

from __future__ import annotations

import csv
import io
from html import escape

from .data import (
    INVOICES,
    Invoice,
    dollars,
    invoice_total_cents,
    line_total_cents,
    plain_amount,
)
from .layout import page
from .pdf import text_pdf
from .skin import Skin

HEADERS = ("Invoice", "Date", "Customer", "Amount", "Status", "Download")


def _row(skin: Skin, invoice: Invoice) -> str:
    number = invoice["number"]
    status = invoice["status"]
    badge = skin.classes(f"status status-{status.lower()}")
    return (
        f'<tr id="{skin("invoice-row")}-{number}" data-testid="{skin("invoice-row")}">'
        f"<td>{number}</td><td>{invoice['date']}</td><td>{escape(invoice['customer'])}</td>"
        f'<td class="{skin("amount")}">{dollars(invoice_total_cents(invoice))}</td>'
        f'<td><span class="{badge}">{status}</span></td>'
        f'<td><a href="/invoices/{number}.pdf" download data-testid="{skin("download-pdf")}">'
        f'PDF</a> · <a href="/invoices/{number}.csv" download '
        f'data-testid="{skin("download-csv")}">CSV</a></td></tr>'
    )


def invoices_page(skin: Skin, user_name: str | None) -> str:
    """A table of all invoices with per-row download links."""
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    table = (
        f'<table id="{skin("invoice-table")}" data-testid="{skin("invoice-table")}">'
        f"<caption>Invoices</caption><thead><tr>{head}</tr></thead><tbody>"
        + "".join(_row(skin, invoice) for invoice in INVOICES)
        + "</tbody></table>"
        + f'<p id="{skin("invoice-total")}" data-testid="{skin("invoice-total")}">Total: '
        f"{dollars(sum(invoice_total_cents(i) for i in INVOICES))}</p>"
    )
    body = (
        f'<p class="{skin("muted")}">{len(INVOICES)} invoices. '
        f'<a href="/invoices/all.csv" download id="{skin("download-all")}" '
        f'data-testid="{skin("download-all")}">Download all as CSV</a></p>' + table
    )
    return page(skin, title="Invoices", body=body, current="/invoices", user_name=user_name)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def invoice_csv(invoice: Invoice) -> bytes:
    """Line items of one invoice, then a TOTAL row equal to the table amount."""
    head = [invoice["number"], invoice["date"], invoice["customer"]]
    rows = [["Invoice", "Date", "Customer", "Item", "Quantity", "Unit price", "Line total"]]
    for item in invoice["items"]:
        rows.append(
            [
                *head,
                item["description"],
                str(item["quantity"]),
                plain_amount(item["unit_cents"]),
                plain_amount(line_total_cents(item)),
            ]
        )
    rows.append([*head, "TOTAL", "", "", plain_amount(invoice_total_cents(invoice))])
    return _csv(rows)


def all_invoices_csv() -> bytes:
    """One summary row per invoice."""
    rows = [["Invoice", "Date", "Customer", "Amount", "Status"]]
    rows += [
        [i["number"], i["date"], i["customer"], plain_amount(invoice_total_cents(i)), i["status"]]
        for i in INVOICES
    ]
    return _csv(rows)


def invoice_pdf(invoice: Invoice) -> bytes:
    """A one-page PDF with the number, customer, items and total."""
    lines = [
        (20, f"Invoice {invoice['number']}"),
        (12, f"Date: {invoice['date']}"),
        (12, f"Customer: {invoice['customer']}"),
        (12, f"Status: {invoice['status']}"),
        (12, ""),
    ]
    for item in invoice["items"]:
        lines.append(
            (
                11,
                f"{item['description']}: {item['quantity']} x {dollars(item['unit_cents'])}"
                f" = {dollars(line_total_cents(item))}",
            )
        )
    lines.append((14, f"Total: {dollars(invoice_total_cents(invoice))}"))
    return text_pdf(f"Invoice {invoice['number']}", lines)
