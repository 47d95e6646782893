"""Renderers for the account pages (home, login, two-factor, dashboard) and 404."""

from __future__ import annotations

from html import escape

from .layout import alert, checkbox, page, text_field
from .skin import Skin


def home(skin: Skin, user_name: str | None) -> str:
    """The landing page: a short welcome and pointers to the other pages."""
    body = (
        f'<section class="{skin("card")}"><p>Demo Shop is a small store used to '
        "try out browser tests. Browse the products, place an order, or sign in to see "
        "your invoices.</p>"
        '<p class="' + skin("muted") + '">Everything here is fake: no payment is taken '
        "and nothing is shipped.</p></section>"
    )
    return page(skin, title="Welcome to Demo Shop", body=body, current="/", user_name=user_name)


def login(
    skin: Skin,
    *,
    email: str = "",
    remember: bool = False,
    next_path: str = "",
    error: str | None = None,
    user_name: str | None = None,
) -> str:
    """The sign-in form; after a failed attempt the email stays filled in."""
    form = (
        alert(skin, "login-error", [error] if error else [])
        + f'<form method="post" action="/login" class="{skin("card")} {skin("login-form")}" '
        f'id="{skin("login-form")}" data-testid="{skin("login-form")}">'
        f'<input type="hidden" name="next" value="{escape(next_path)}">'
        + text_field(
            skin,
            "email",
            "Email",
            input_type="email",
            value=email,
            attrs=' autocomplete="username"',
        )
        + text_field(
            skin,
            "password",
            "Password",
            input_type="password",
            attrs=' autocomplete="current-password"',
        )
        + checkbox(skin, "remember", "Remember me", checked=remember)
        + f'<button type="submit" class="{skin.classes("btn btn-primary")}" '
        f'id="{skin("login-submit")}" data-testid="{skin("login-submit")}">Sign in</button>'
        "</form>"
    )
    return page(skin, title="Login", body=form, current="/login", user_name=user_name)


def totp(skin: Skin, *, error: str | None = None) -> str:
    """The second step for accounts with two-factor authentication."""
    help_id = skin("totp-help")
    code_attrs = (
        ' inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"'
        f' maxlength="6" aria-describedby="{help_id}"'
    )
    form = (
        alert(skin, "totp-error", [error] if error else [])
        + f'<form method="post" action="/totp" class="{skin("card")} {skin("totp-form")}" '
        f'id="{skin("totp-form")}" data-testid="{skin("totp-form")}">'
        f'<p id="{help_id}">Enter the 6-digit code from your authenticator app.</p>'
        + text_field(skin, "totp-code", "Authentication code", attrs=code_attrs)
        + f'<button type="submit" class="{skin.classes("btn btn-primary")}" '
        f'id="{skin("totp-submit")}" data-testid="{skin("totp-submit")}">Verify</button>'
        "</form>"
    )
    return page(skin, title="Two-factor authentication", body=form, current="/login")


def dashboard(skin: Skin, *, name: str, email: str) -> str:
    """The signed-in landing page."""
    links = (
        f'<ul id="{skin("dashboard-links")}" data-testid="{skin("dashboard-links")}">'
        '<li><a href="/invoices">View invoices</a></li>'
        '<li><a href="/products">Browse products</a></li>'
        '<li><a href="/form">Place an order</a></li></ul>'
    )
    body = (
        f'<section class="{skin("card")}"><p>Signed in as {escape(email)}.</p>{links}'
        f'<form method="post" action="/logout" id="{skin("logout-form")}">'
        f'<button type="submit" class="{skin("btn")}" id="{skin("logout-button")}" '
        f'data-testid="{skin("logout-button")}">Sign out</button></form></section>'
    )
    return page(skin, title=f"Welcome, {name}", body=body, user_name=name)


def not_found(skin: Skin, path: str, user_name: str | None) -> str:
    """The 404 page."""
    body = (
        f'<section class="{skin("card")}"><p>There is no page at '
        f"<code>{escape(path)}</code>.</p>"
        '<p><a href="/">Go to the home page</a></p></section>'
    )
    return page(skin, title="Page not found", body=body, user_name=user_name)


def bad_request(skin: Skin, message: str) -> str:
    """A 400 page for out-of-range query parameters."""
    body = f'<div role="alert" class="{skin("alert")}">{escape(message)}</div>'
    return page(skin, title="Bad request", body=body)


def slow(skin: Skin, delay_ms: int) -> str:
    """The page /slow answers with once its delay has passed."""
    body = (
        f'<p class="{skin("card")}" id="{skin("slow-result")}" '
        f'data-testid="{skin("slow-result")}">Answered after {delay_ms} ms</p>'
    )
    return page(skin, title="Slow response", body=body)
