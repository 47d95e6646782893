"""Per-variant names for ids, form field names, classes and ``data-testid`` values.

Variant ``a`` is the app as recorded; variant ``b`` renames every hook a selector
could hold on to while visible texts and labels stay put. That is what a
self-healing action cache needs: recorded selectors break, human-facing names
still match.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Variant = Literal["a", "b"]
VARIANTS: Final[tuple[Variant, ...]] = ("a", "b")

# Variant-a name -> variant-b name. Pages may only use names listed here, so a
# hook can never be forgotten in the renaming.
RENAMES: Final[dict[str, str]] = {
    # layout
    "site-nav": "primary-navigation",
    "nav-inner": "menu-bar",
    "brand": "logo",
    "nav-links": "menu-items",
    "nav-user": "menu-account",
    "page-title": "heading-main",
    "page": "layout",
    "content": "main-area",
    "card": "panel",
    "btn": "button",
    "btn-primary": "button-main",
    "btn-link": "button-plain",
    "field": "form-group",
    "field-inner": "form-control",
    "field-check": "form-toggle",
    "choice-group": "option-set",
    "choice": "option-item",
    "hint": "help-text",
    "alert": "notice-error",
    "muted": "subtle",
    # login
    "login-form": "signin-form",
    "email": "user-email-field",
    "password": "user-password-field",
    "remember": "keep-signed-in",
    "login-submit": "signin-btn",
    "login-error": "signin-problem",
    # two-factor
    "totp-form": "otp-form",
    "totp-code": "one-time-code-input",
    "totp-help": "otp-hint",
    "totp-submit": "otp-confirm",
    "totp-error": "otp-problem",
    # dashboard
    "dashboard-links": "home-shortcuts",
    "logout-form": "signout-form",
    "logout-button": "signout-btn",
    # products
    "product-search-form": "catalog-filter",
    "product-search": "catalog-query",
    "search-submit": "catalog-filter-btn",
    "result-count": "catalog-summary",
    "product-list": "catalog-grid",
    "product-card": "catalog-tile",
    "product-name": "tile-title",
    "product-description": "tile-text",
    "price": "cost",
    "stock": "availability",
    "in-stock": "available",
    "out-of-stock": "unavailable",
    "add-to-cart": "buy-button",
    "cart-count": "basket-status",
    # order form
    "order-form": "checkout-form",
    "full-name": "customer-name",
    "country": "ship-country",
    "shipping": "ship-method",
    "shipping-standard": "ship-method-standard",
    "shipping-express": "ship-method-express",
    "newsletter": "opt-in",
    "delivery-date": "deliver-on",
    "attachment": "upload-file",
    "comments": "customer-notes",
    "order-submit": "place-order-btn",
    "form-error": "checkout-problem",
    # order result
    "order-summary": "checkout-summary",
    "new-order": "checkout-again",
    # invoices
    "invoice-table": "billing-table",
    "invoice-total": "billing-sum",
    "invoice-row": "billing-row",
    "download-pdf": "get-pdf",
    "download-csv": "get-csv",
    "download-all": "export-all",
    "amount": "money",
    "status": "state-badge",
    "status-paid": "state-settled",
    "status-due": "state-open",
    "status-overdue": "state-late",
    # big page
    "big": "bulk",
    "big-buttons": "bulk-actions",
    "big-fields": "bulk-inputs",
    "big-links": "bulk-anchors",
    "big-table": "bulk-grid",
    # slow page
    "slow-result": "delayed-output",
}

_CSS_CLASS = re.compile(r"\.([a-z][a-z0-9-]*)")


class Skin:
    """Names for one variant; ``skin("email")`` is ``email`` on a, renamed on b."""

    def __init__(self, variant: Variant) -> None:
        self.variant: Variant = variant

    def __call__(self, name: str) -> str:
        renamed = RENAMES[name]  # KeyError on purpose: every hook must have a b name
        return renamed if self.variant == "b" else name

    def classes(self, names: str) -> str:
        """Map a space-separated class list."""
        return " ".join(self(name) for name in names.split())

    def css(self, stylesheet: str) -> str:
        """Rename the class selectors of a stylesheet written with variant-a names."""
        if self.variant == "a":
            return stylesheet
        return _CSS_CLASS.sub(lambda m: "." + RENAMES.get(m.group(1), m.group(1)), stylesheet)

    def wrap(self, inner: str, name: str) -> str:
        """Variant b adds a wrapper div here, so structural XPaths break too."""
        if self.variant == "a":
            return inner
        return f'<div class="{self(name)}">{inner}</div>'


def field_names(name: str) -> tuple[str, str]:
    """Both variants' names for a form field.

    The server reads either: a page rendered before a variant switch may be
    submitted after it.
    """
    return name, RENAMES[name]
