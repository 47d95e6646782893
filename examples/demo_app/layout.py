"""The page shell shared by every page: head, inline stylesheet, nav bar and title."""

from __future__ import annotations

from html import escape
from typing import Final

from .skin import Skin

NAV_LINKS: Final = (
    ("/", "Home"),
    ("/login", "Login"),
    ("/products", "Products"),
    ("/form", "Order form"),
    ("/invoices", "Invoices"),
)

# Written with variant-a class names; Skin.css renames them for variant b.
# Styling never uses ids, so id renames cannot change the look.
STYLESHEET: Final = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:#1f2933;background:#f4f6f8}
a{color:#1d4ed8}
.site-nav{background:#1e293b;color:#fff}
.nav-inner{max-width:980px;margin:0 auto;padding:0 20px;display:flex;
 align-items:center;gap:24px;height:56px}
.brand{font-weight:700;color:#fff;text-decoration:none;letter-spacing:.02em}
.nav-links{display:flex;gap:4px;list-style:none;margin:0;padding:0;flex:1}
.nav-links a{color:#cbd5e1;text-decoration:none;padding:6px 12px;border-radius:6px}
.nav-links a:hover,.nav-links a[aria-current=page]{background:#334155;color:#fff}
.nav-user{color:#cbd5e1;font-size:14px}
main{max-width:980px;margin:0 auto;padding:28px 20px 48px}
h1{font-size:28px;margin:0 0 16px}
h2{font-size:18px;margin:0 0 6px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:20px 24px;
 box-shadow:0 1px 2px rgba(15,23,42,.06)}
.muted{color:#64748b}
.hint{color:#64748b;font-size:13px;margin:4px 0 0}
.alert{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:8px;
 padding:10px 14px;margin:0 0 16px}
.alert ul{margin:0;padding-left:18px}
.field{display:flex;flex-direction:column;gap:4px;margin:0 0 14px}
.field label,.field legend{font-weight:600;font-size:14px}
.field-inner{display:flex;flex-direction:column;gap:4px}
.field-check{display:flex;align-items:center;gap:8px;margin:0 0 14px}
input[type=text],input[type=email],input[type=password],input[type=date],
input[type=search],select,textarea{font:inherit;padding:8px 10px;border:1px solid #cbd5e1;
 border-radius:6px;background:#fff;width:100%}
textarea{min-height:90px}
.choice-group{border:1px solid #e2e8f0;border-radius:8px;padding:8px 14px 12px;
 margin:0 0 14px}
.choice-group legend{font-weight:600;font-size:14px;padding:0 4px}
.choice{display:inline-flex;align-items:center;gap:6px;margin-right:24px}
.btn{font:inherit;font-weight:600;padding:8px 16px;border-radius:6px;cursor:pointer;
 border:1px solid #cbd5e1;background:#fff;color:#1f2933}
.btn:disabled{opacity:.5;cursor:not-allowed}
.btn-primary{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.btn-link{background:none;border:none;color:#1d4ed8;padding:0;text-decoration:underline}
.login-form,.totp-form{max-width:420px}
.order-form{max-width:620px}
.product-search-form{display:flex;gap:8px;align-items:flex-end;margin:0 0 12px}
.product-search-form .field{flex:1;margin:0}
.product-list{list-style:none;padding:0;margin:16px 0 0;display:grid;
 grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:16px}
.product-card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:18px}
.product-card p{margin:0 0 10px}
.price{font-size:18px;font-weight:700;margin-right:10px}
.stock{font-size:13px;padding:2px 8px;border-radius:999px}
.in-stock{background:#dcfce7;color:#166534}
.out-of-stock{background:#f1f5f9;color:#64748b}
.cart-count{font-weight:600;background:#eef2ff;border-radius:8px;padding:8px 12px;
 display:inline-block;margin:0}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e2e8f0}
caption{text-align:left;font-weight:700;padding:0 0 8px;font-size:16px}
th,td{padding:10px 12px;border-bottom:1px solid #e2e8f0;text-align:left}
th{background:#f8fafc;font-size:13px;text-transform:uppercase;letter-spacing:.03em;
 color:#475569}
td.amount{text-align:right;font-variant-numeric:tabular-nums}
.status{font-size:13px;padding:2px 8px;border-radius:999px;font-weight:600}
.status-paid{background:#dcfce7;color:#166534}
.status-due{background:#fef9c3;color:#854d0e}
.status-overdue{background:#fee2e2;color:#991b1b}
.order-summary{display:grid;grid-template-columns:180px 1fr;gap:8px 16px;margin:0}
.order-summary dt{font-weight:600;color:#475569}
.order-summary dd{margin:0;white-space:pre-wrap}
.big-buttons,.big-links{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0}
.big-fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px}
"""


def nav_bar(skin: Skin, current: str, user_name: str | None) -> str:
    """The top navigation; marks the current page with aria-current."""
    items = []
    for href, text in NAV_LINKS:
        here = ' aria-current="page"' if href == current else ""
        items.append(f'<li><a href="{href}"{here}>{escape(text)}</a></li>')
    who = ""
    if user_name is not None:
        who = (
            f'<span class="{skin("nav-user")}" data-testid="{skin("nav-user")}">'
            f"Signed in as {escape(user_name)}</span>"
        )
    return (
        f'<nav class="{skin("site-nav")}" id="{skin("site-nav")}" aria-label="Main">'
        f'<div class="{skin("nav-inner")}"><a class="{skin("brand")}" href="/">Demo Shop</a>'
        f'<ul class="{skin("nav-links")}">{"".join(items)}</ul>{who}</div></nav>'
    )


def page(
    skin: Skin,
    *,
    title: str,
    body: str,
    current: str = "",
    user_name: str | None = None,
    script: str = "",
) -> str:
    """A complete HTML document with the shared nav and an ``<h1>`` title."""
    heading = (
        f'<h1 id="{skin("page-title")}" data-testid="{skin("page-title")}">{escape(title)}</h1>'
    )
    main = skin.wrap(heading + body, "content")
    script_tag = f"<script>{script}</script>" if script else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Demo Shop</title>"
        # An empty data: icon keeps browsers from requesting /favicon.ico.
        '<link rel="icon" href="data:,">'
        f"<style>{skin.css(STYLESHEET)}</style></head>"
        f'<body class="{skin("page")}">{nav_bar(skin, current, user_name)}'
        f"<main>{main}</main>{script_tag}</body></html>"
    )


def alert(skin: Skin, name: str, messages: list[str]) -> str:
    """An error box with role=alert; one message is plain text, several a list."""
    if not messages:
        return ""
    if len(messages) == 1:
        inner = escape(messages[0])
    else:
        inner = "<ul>" + "".join(f"<li>{escape(m)}</li>" for m in messages) + "</ul>"
    return (
        f'<div role="alert" class="{skin("alert")}" id="{skin(name)}" '
        f'data-testid="{skin(name)}">{inner}</div>'
    )


def text_field(
    skin: Skin,
    name: str,
    label: str,
    *,
    input_type: str = "text",
    value: str = "",
    attrs: str = "",
) -> str:
    """A labelled ``<input>``; id, name and data-testid all follow the skin."""
    control = skin(name)
    field = (
        f'<label for="{control}">{escape(label)}</label>'
        f'<input type="{input_type}" id="{control}" name="{control}" '
        f'data-testid="{control}" value="{escape(value)}"{attrs}>'
    )
    return f'<div class="{skin("field")}">{skin.wrap(field, "field-inner")}</div>'


def checkbox(skin: Skin, name: str, label: str, *, checked: bool) -> str:
    """A checkbox followed by its label."""
    control = skin(name)
    mark = " checked" if checked else ""
    return (
        f'<div class="{skin("field-check")}"><input type="checkbox" id="{control}" '
        f'name="{control}" data-testid="{control}" value="yes"{mark}>'
        f'<label for="{control}">{escape(label)}</label></div>'
    )
