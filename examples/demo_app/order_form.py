"""The order form: rendering, server-side validation and the result page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import escape
from typing import TypedDict

from .data import COUNTRIES, SHIPPING_METHODS
from .layout import alert, checkbox, page, text_field
from .multipart import UploadedFile
from .skin import Skin, field_names

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class OrderInput(TypedDict):
    """What the customer entered; re-rendered when validation fails."""

    full_name: str
    email: str
    country: str
    shipping: str
    newsletter: bool
    delivery_date: str
    comments: str


class Order(TypedDict):
    """An accepted order, as kept in ``DemoApp.orders``."""

    id: str
    full_name: str
    email: str
    country: str
    shipping: str
    newsletter: bool
    delivery_date: str
    comments: str
    attachment_name: str | None
    attachment_size: int
    attachment_type: str | None
    attachment_data: bytes


EMPTY_INPUT: OrderInput = {
    "full_name": "",
    "email": "",
    "country": COUNTRIES[0],
    "shipping": SHIPPING_METHODS[0],
    "newsletter": False,
    "delivery_date": "",
    "comments": "",
}


def read_input(
    get: Callable[[str], str | None], file: Callable[[str], UploadedFile | None]
) -> tuple[OrderInput, UploadedFile | None]:
    """Collect the submitted values under either variant's field names."""

    def value(name: str) -> str:
        for candidate in field_names(name):
            found = get(candidate)
            if found is not None:
                return found
        return ""

    def upload() -> UploadedFile | None:
        for candidate in field_names("attachment"):
            found = file(candidate)
            if found is not None:
                return found
        return None

    entered: OrderInput = {
        "full_name": value("full-name").strip(),
        "email": value("email").strip(),
        "country": value("country"),
        "shipping": value("shipping").capitalize() or SHIPPING_METHODS[0],
        "newsletter": value("newsletter") != "",
        "delivery_date": value("delivery-date").strip(),
        "comments": value("comments").replace("\r\n", "\n"),
    }
    return entered, upload()


def validate(entered: OrderInput) -> list[str]:
    """Server-side checks; the messages are shown verbatim in the alert."""
    errors = []
    if not entered["full_name"]:
        errors.append("Full name is required")
    if not entered["email"]:
        errors.append("Email is required")
    elif not _EMAIL.match(entered["email"]):
        errors.append("Enter a valid email address")
    if entered["country"] not in COUNTRIES:
        errors.append("Choose a country from the list")
    if entered["shipping"] not in SHIPPING_METHODS:
        errors.append("Choose a shipping method")
    if entered["delivery_date"]:
        try:
            date.fromisoformat(entered["delivery_date"])
        except ValueError:
            errors.append("Delivery date must be a valid date")
    return errors


def make_order(order_id: str, entered: OrderInput, upload: UploadedFile | None) -> Order:
    """An Order record from validated input."""
    return {
        "id": order_id,
        **entered,
        "attachment_name": upload.filename if upload else None,
        "attachment_size": upload.size if upload else 0,
        "attachment_type": upload.content_type if upload else None,
        "attachment_data": upload.data if upload else b"",
    }


def _country_select(skin: Skin, selected: str) -> str:
    control = skin("country")
    options = "".join(
        f'<option value="{escape(c)}"{" selected" if c == selected else ""}>{escape(c)}</option>'
        for c in COUNTRIES
    )
    inner = (
        f'<label for="{control}">Country</label><select id="{control}" name="{control}" '
        f'data-testid="{control}">{options}</select>'
    )
    return f'<div class="{skin("field")}">{skin.wrap(inner, "field-inner")}</div>'


def _shipping_radios(skin: Skin, selected: str) -> str:
    radios = []
    for method in SHIPPING_METHODS:
        control = skin(f"shipping-{method.lower()}")
        mark = " checked" if method == selected else ""
        radios.append(
            f'<span class="{skin("choice")}"><input type="radio" id="{control}" '
            f'name="{skin("shipping")}" value="{method.lower()}" data-testid="{control}"{mark}>'
            f'<label for="{control}">{method}</label></span>'
        )
    return (
        f'<fieldset class="{skin("choice-group")}" role="radiogroup" id="{skin("shipping")}">'
        f"<legend>Shipping</legend>{''.join(radios)}</fieldset>"
    )


def order_form(
    skin: Skin,
    entered: OrderInput,
    errors: list[str],
    user_name: str | None,
) -> str:
    """The order form, pre-filled with ``entered`` (empty on first visit)."""
    comments = skin("comments")
    fields = (
        text_field(
            skin,
            "full-name",
            "Full name",
            value=entered["full_name"],
            attrs=' autocomplete="name" aria-required="true"',
        )
        + text_field(
            skin,
            "email",
            "Email",
            input_type="email",
            value=entered["email"],
            attrs=' autocomplete="email" aria-required="true"',
        )
        + _country_select(skin, entered["country"])
        + _shipping_radios(skin, entered["shipping"])
        + checkbox(skin, "newsletter", "Subscribe to newsletter", checked=entered["newsletter"])
        + text_field(
            skin,
            "delivery-date",
            "Delivery date",
            input_type="date",
            value=entered["delivery_date"],
        )
        + text_field(skin, "attachment", "Attachment", input_type="file")
        + f'<div class="{skin("field")}">'
        + skin.wrap(
            f'<label for="{comments}">Comments</label><textarea id="{comments}" '
            f'name="{comments}" data-testid="{comments}" rows="4">'
            f"{escape(entered['comments'])}</textarea>",
            "field-inner",
        )
        + "</div>"
    )
    # novalidate: the server does the checking, so tests can reach its messages.
    body = (
        alert(skin, "form-error", errors)
        + f'<form method="post" action="/form" enctype="multipart/form-data" novalidate '
        f'class="{skin("card")} {skin("order-form")}" id="{skin("order-form")}" '
        f'data-testid="{skin("order-form")}">'
        f'<p class="{skin("hint")}">Full name and Email are required.</p>{fields}'
        f'<button type="submit" class="{skin.classes("btn btn-primary")}" '
        f'id="{skin("order-submit")}" data-testid="{skin("order-submit")}">Submit order'
        "</button></form>"
    )
    return page(skin, title="Order form", body=body, current="/form", user_name=user_name)


def _summary_rows(order: Order) -> list[tuple[str, str]]:
    attachment = "None"
    if order["attachment_name"] is not None:
        attachment = f"{order['attachment_name']} ({order['attachment_size']} bytes)"
    return [
        ("Full name", order["full_name"]),
        ("Email", order["email"]),
        ("Country", order["country"]),
        ("Shipping", order["shipping"]),
        ("Newsletter", "yes" if order["newsletter"] else "no"),
        ("Delivery date", order["delivery_date"] or "Not provided"),
        ("Attachment", attachment),
        ("Comments", order["comments"] or "None"),
    ]


def order_result(skin: Skin, order: Order, user_name: str | None) -> str:
    """The confirmation page: what was submitted, as label/value pairs."""
    rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in _summary_rows(order)
    )
    body = (
        f'<section class="{skin("card")}"><p>Thank you! Here is what we received.</p>'
        f'<dl class="{skin("order-summary")}" id="{skin("order-summary")}" '
        f'data-testid="{skin("order-summary")}">{rows}</dl>'
        f'<p><a href="/form" id="{skin("new-order")}">Place another order</a></p></section>'
    )
    return page(
        skin,
        title=f"Order {order['id']} received",
        body=body,
        current="/form",
        user_name=user_name,
    )
