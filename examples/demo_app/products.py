"""The product catalogue: a searchable list of cards with a client-side cart counter."""

from __future__ import annotations

from html import escape

from .data import PRODUCTS, Product, dollars
from .layout import page
from .skin import Skin

# Vanilla JS: the cart lives in the page only, so every load starts at zero and
# tests stay independent of each other.
CART_SCRIPT = """
(function () {
  var count = 0;
  var status = document.querySelector('[role="status"]');
  document.querySelectorAll('button[data-sku]').forEach(function (button) {
    button.addEventListener('click', function () {
      count += 1;
      status.textContent = 'Cart: ' + count + (count === 1 ? ' item' : ' items');
    });
  });
})();
"""


def matching_products(query: str) -> list[Product]:
    """Products whose name or description contains every word of the query."""
    words = query.lower().split()
    return [
        product
        for product in PRODUCTS
        if all(w in f"{product['name']} {product['description']}".lower() for w in words)
    ]


def _card(skin: Skin, product: Product) -> str:
    heading_id = f"{skin('product-name')}-{product['sku'].lower()}"
    stock_class, stock_text = (
        ("in-stock", "In stock") if product["in_stock"] else ("out-of-stock", "Out of stock")
    )
    # Out-of-stock items cannot be added, as in a real shop.
    disabled = "" if product["in_stock"] else " disabled"
    return (
        f'<li class="{skin("product-card")}" data-testid="{skin("product-card")}" '
        f'data-sku="{escape(product["sku"])}">'
        f'<h2 class="{skin("product-name")}" id="{heading_id}">{escape(product["name"])}</h2>'
        f'<p class="{skin("product-description")}">{escape(product["description"])}</p>'
        f'<p><span class="{skin("price")}">{dollars(product["price_cents"])}</span>'
        f'<span class="{skin.classes("stock " + stock_class)}">{stock_text}</span></p>'
        f'<button type="button" class="{skin.classes("btn btn-primary add-to-cart")}" '
        f'data-testid="{skin("add-to-cart")}" data-sku="{escape(product["sku"])}" '
        f'aria-describedby="{heading_id}"{disabled}>Add to cart</button></li>'
    )


def products(skin: Skin, query: str, user_name: str | None) -> str:
    """The catalogue page, filtered by ``?q=``."""
    found = matching_products(query)
    search = (
        f'<form role="search" method="get" action="/products" '
        f'class="{skin("product-search-form")}" id="{skin("product-search-form")}">'
        f'<div class="{skin("field")}"><label for="{skin("product-search")}">'
        f'Search products</label><input type="search" id="{skin("product-search")}" '
        f'name="q" data-testid="{skin("product-search")}" value="{escape(query)}"></div>'
        f'<button type="submit" class="{skin("btn")}" id="{skin("search-submit")}" '
        f'data-testid="{skin("search-submit")}">Search</button></form>'
    )
    if query:
        noun = "product matches" if len(found) == 1 else "products match"
        summary = f"{len(found)} {noun} “{escape(query)}”"
    else:
        summary = f"Showing all {len(found)} products"
    status = (
        f'<p role="status" class="{skin("cart-count")}" id="{skin("cart-count")}" '
        f'data-testid="{skin("cart-count")}">Cart: 0 items</p>'
    )
    listing = (
        f'<ul class="{skin("product-list")}" id="{skin("product-list")}" '
        f'data-testid="{skin("product-list")}">'
        + "".join(_card(skin, product) for product in found)
        + "</ul>"
        if found
        else f'<p class="{skin("muted")}">No products found. Try another search.</p>'
    )
    body = (
        search + status + f'<p class="{skin("muted")}" id="{skin("result-count")}" '
        f'data-testid="{skin("result-count")}">{summary}</p>' + listing
    )
    return page(
        skin,
        title="Products",
        body=body,
        current="/products",
        user_name=user_name,
        script=CART_SCRIPT,
    )
