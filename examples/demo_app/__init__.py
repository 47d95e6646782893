"""Demo Shop: a small, deterministic web app for browser tests.

It runs on the standard library's threaded HTTP server::

    from examples.demo_app import DemoApp
    with DemoApp(variant="a") as app:
        ...  # drive app.url in a browser

Variant ``b`` renders the same pages with renamed ids, field names, classes and
``data-testid`` values and an extra wrapper div, keeping every visible text and
label, which is what a self-healing action cache is tested against.
"""

from __future__ import annotations

from .data import DEMO_USERS, INVOICES, PRODUCTS, TOTP_SECRET, DemoUser, Invoice, Product
from .order_form import Order
from .server import DemoApp
from .skin import RENAMES, Variant
from .state import Download

__all__ = [
    "DEMO_USERS",
    "INVOICES",
    "PRODUCTS",
    "RENAMES",
    "TOTP_SECRET",
    "DemoApp",
    "DemoUser",
    "Download",
    "Invoice",
    "Order",
    "Product",
    "Variant",
]
