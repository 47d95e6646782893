"""Routing: one function per page, each turning a Request into a Response."""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pyotp

from . import pages
from .big import MAX_ELEMENTS, big
from .data import TOTP_SECRET, find_invoice, find_user
from .invoices import all_invoices_csv, invoice_csv, invoice_pdf, invoices_page
from .multipart import FormData, MultipartError
from .order_form import EMPTY_INPUT, make_order, order_form, order_result, read_input, validate
from .products import products
from .sessions import COOKIE_NAME, Session
from .skin import Skin, field_names
from .state import AppState
from .wire import Request, Response

REMEMBER_SECONDS = 30 * 24 * 3600
MAX_SLOW_MS = 30_000
_INVOICE_FILE = re.compile(r"^/invoices/(INV-\d+)\.(pdf|csv)$")


@dataclass(frozen=True)
class Ctx:
    """One request with the state, skin and login it is served under."""

    state: AppState
    request: Request
    skin: Skin
    token: str | None
    session: Session | None

    @property
    def user(self) -> tuple[str, str] | None:
        """(email, name) of a fully signed-in user; a pending 2FA login does not count."""
        if self.session is None or self.session.pending_totp:
            return None
        user = find_user(self.session.email)
        return (user["email"], user["name"]) if user else None

    @property
    def user_name(self) -> str | None:
        """The signed-in user's display name, for the nav bar."""
        return self.user[1] if self.user else None

    def field(self, form: FormData, name: str) -> str:
        """A form value under either variant's field name."""
        for candidate in field_names(name):
            value = form.get(candidate)
            if value is not None:
                return value
        return ""


def safe_next(target: str) -> str:
    """Only same-site paths may be redirect targets; anything else goes to the dashboard."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/dashboard"


def _session_cookie(token: str, *, remember: bool) -> tuple[str, str]:
    max_age = f"; Max-Age={REMEMBER_SECONDS}" if remember else ""
    return ("Set-Cookie", f"{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{max_age}")


def _login_redirect(ctx: Ctx) -> Response:
    return Response.redirect("/login?next=" + quote(ctx.request.path, safe="/"))


def home(ctx: Ctx) -> Response:
    return Response.html(pages.home(ctx.skin, ctx.user_name))


def login(ctx: Ctx) -> Response:
    if ctx.request.method == "GET":
        next_path = ctx.request.arg("next")
        return Response.html(pages.login(ctx.skin, next_path=next_path, user_name=ctx.user_name))
    form = ctx.request.form()
    email, password = ctx.field(form, "email").strip(), ctx.field(form, "password")
    remember, next_path = ctx.field(form, "remember") != "", form.get("next") or ""
    user = find_user(email)
    if user is None or not hmac.compare_digest(user["password"], password):
        html = pages.login(
            ctx.skin,
            email=email,
            remember=remember,
            next_path=next_path,
            error="Invalid email or password",
        )
        return Response.html(html)
    ctx.state.sessions.delete(ctx.token)  # a new token on every login: no fixation
    session = Session(user["email"], user["totp"], safe_next(next_path), remember)
    token = ctx.state.sessions.create(session)
    response = Response.redirect("/totp" if user["totp"] else session.next_path)
    response.headers.append(_session_cookie(token, remember=remember))
    return response


def totp(ctx: Ctx) -> Response:
    session = ctx.session
    if session is None or not session.pending_totp:
        return Response.redirect("/login")
    if ctx.request.method == "GET":
        return Response.html(pages.totp(ctx.skin))
    code = ctx.field(ctx.request.form(), "totp-code").strip()
    if not pyotp.TOTP(TOTP_SECRET).verify(code, valid_window=1):
        return Response.html(pages.totp(ctx.skin, error="Invalid authentication code"))
    ctx.state.sessions.delete(ctx.token)
    full = Session(session.email, False, session.next_path, session.remember)
    token = ctx.state.sessions.create(full)
    response = Response.redirect(full.next_path)
    response.headers.append(_session_cookie(token, remember=full.remember))
    return response


def logout(ctx: Ctx) -> Response:
    ctx.state.sessions.delete(ctx.token)
    response = Response.redirect("/login")
    response.headers.append(("Set-Cookie", f"{COOKIE_NAME}=; Path=/; HttpOnly; Max-Age=0"))
    return response


def dashboard(ctx: Ctx) -> Response:
    if ctx.user is None:
        return _login_redirect(ctx)
    email, name = ctx.user
    return Response.html(pages.dashboard(ctx.skin, name=name, email=email))


def product_list(ctx: Ctx) -> Response:
    query = ctx.request.arg("q").strip()
    return Response.html(products(ctx.skin, query, ctx.user_name))


def order(ctx: Ctx) -> Response:
    if ctx.request.method == "GET":
        return Response.html(order_form(ctx.skin, EMPTY_INPUT, [], ctx.user_name))
    form = ctx.request.form()
    entered, upload = read_input(form.get, form.file)
    errors = validate(entered)
    if errors:
        return Response.html(order_form(ctx.skin, entered, errors, ctx.user_name))
    accepted = make_order(ctx.state.next_order_id(), entered, upload)
    ctx.state.add_order(accepted)
    return Response.redirect(f"/form/result?order={accepted['id']}")


def order_confirmation(ctx: Ctx) -> Response:
    found = ctx.state.find_order(ctx.request.arg("order"))
    if found is None:
        return not_found(ctx)
    return Response.html(order_result(ctx.skin, found, ctx.user_name))


def invoices(ctx: Ctx) -> Response:
    if ctx.user is None:
        return _login_redirect(ctx)
    return Response.html(invoices_page(ctx.skin, ctx.user_name))


def _serve_file(ctx: Ctx, email: str, body: bytes, content_type: str, filename: str) -> Response:
    ctx.state.add_download(
        {
            "path": ctx.request.path,
            "filename": filename,
            "content_type": content_type,
            "size": len(body),
            "email": email,
        }
    )
    return Response.attachment(body, content_type, filename)


def all_invoices(ctx: Ctx) -> Response:
    if ctx.user is None:
        return _login_redirect(ctx)
    return _serve_file(
        ctx, ctx.user[0], all_invoices_csv(), "text/csv; charset=utf-8", "invoices.csv"
    )


def invoice_file(ctx: Ctx, number: str, kind: str) -> Response:
    if ctx.user is None:
        return _login_redirect(ctx)
    invoice = find_invoice(number)
    if invoice is None:
        return not_found(ctx)
    if kind == "pdf":
        return _serve_file(
            ctx, ctx.user[0], invoice_pdf(invoice), "application/pdf", f"{number}.pdf"
        )
    return _serve_file(
        ctx, ctx.user[0], invoice_csv(invoice), "text/csv; charset=utf-8", f"{number}.csv"
    )


def _int_arg(ctx: Ctx, name: str, default: int, upper: int) -> int | None:
    raw = ctx.request.arg(name, str(default))
    if not raw.isdigit() or int(raw) > upper:
        return None
    return int(raw)


def big_page(ctx: Ctx) -> Response:
    n = _int_arg(ctx, "n", 1000, MAX_ELEMENTS)
    if n is None:
        message = f"n must be a whole number from 0 to {MAX_ELEMENTS}"
        return Response.html(pages.bad_request(ctx.skin, message), 400)
    return Response.html(big(ctx.skin, n))


def slow(ctx: Ctx) -> Response:
    delay = _int_arg(ctx, "ms", 500, MAX_SLOW_MS)
    if delay is None:
        message = f"ms must be a whole number from 0 to {MAX_SLOW_MS}"
        return Response.html(pages.bad_request(ctx.skin, message), 400)
    time.sleep(delay / 1000)
    return Response.html(pages.slow(ctx.skin, delay))


def healthz(ctx: Ctx) -> Response:
    return Response.text("ok")


def not_found(ctx: Ctx) -> Response:
    return Response.html(pages.not_found(ctx.skin, ctx.request.path, ctx.user_name), 404)


Route = Callable[[Ctx], Response]
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)
ROUTES: dict[str, tuple[tuple[str, ...], Route]] = {
    "/": (GET, home),
    "/login": (GET_POST, login),
    "/totp": (GET_POST, totp),
    "/logout": (POST, logout),
    "/dashboard": (GET, dashboard),
    "/products": (GET, product_list),
    "/form": (GET_POST, order),
    "/form/result": (GET, order_confirmation),
    "/invoices": (GET, invoices),
    "/invoices/all.csv": (GET, all_invoices),
    "/big": (GET, big_page),
    "/slow": (GET, slow),
    "/healthz": (GET, healthz),
}


def handle(state: AppState, request: Request) -> Response:
    """Answer one request under the variant that is current right now."""
    token = request.cookie(COOKIE_NAME)
    ctx = Ctx(state, request, Skin(state.variant), token, state.sessions.get(token))
    methods, route = ROUTES.get(request.path, (GET_POST, not_found))
    match = _INVOICE_FILE.match(request.path)
    if match:
        methods, route = GET, lambda c: invoice_file(c, match.group(1), match.group(2))
    if request.method not in methods:
        return Response(405, b"", "text/plain", [("Allow", ", ".join(methods))])
    try:
        return route(ctx)
    except MultipartError as exc:
        return Response.html(pages.bad_request(ctx.skin, f"Malformed form data: {exc}"), 400)
