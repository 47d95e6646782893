"""HTTP-level tests of the demo app that the example and browser tests drive."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pyotp
import pytest

import examples.demo_app as demo_app
from examples.demo_app import DEMO_USERS, RENAMES, TOTP_SECRET, DemoApp
from examples.demo_app.multipart import MultipartError, parse_header_params, parse_multipart

DEMO = DEMO_USERS[0]
TOTP_USER = DEMO_USERS[1]
PAGES = ["/", "/login", "/products", "/form", "/invoices", "/dashboard", "/big?n=8"]


# ``app`` (tests/conftest.py) is the session's demo app, in variant "a" with fresh state.


@pytest.fixture
def client(app: DemoApp) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=app.url, timeout=10) as http:
        yield http


@pytest.fixture
def signed_in(client: httpx.Client) -> httpx.Client:
    response = client.post("/login", data={"email": DEMO["email"], "password": DEMO["password"]})
    assert response.status_code == 303
    return client


class _Scan(HTMLParser):
    """Collects visible text, tags with attributes, and label targets."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())

    def values(self, attr: str) -> list[str]:
        return [a[attr] for _, a in self.tags if attr in a]

    def hooks(self) -> set[str]:
        """Every id, data-testid and class token on the page."""
        found = set(self.values("id")) | set(self.values("data-testid"))
        return found | {c for value in self.values("class") for c in value.split()}


def get_page(client: httpx.Client, path: str) -> str:
    """GET a page; /totp needs a pending two-factor login first."""
    if path == "/totp":
        data = {"email": TOTP_USER["email"], "password": TOTP_USER["password"]}
        assert client.post("/login", data=data).headers["location"] == "/totp"
    if path == "/form/result":
        order = {"full-name": "Al", "email": "al@example.com", "country": "Spain"}
        path = client.post("/form", data=order).headers["location"]
    response = client.get(path)
    assert response.status_code in (200, 404), response
    return response.text


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    return parser


# -- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "texts"),
    [
        ("/", ["Welcome to Demo Shop", "Demo Shop is a small store"]),
        ("/login", ["Login", "Email", "Password", "Remember me", "Sign in"]),
        ("/products", ["Search products", "Cart: 0 items", "Aurora Laptop 14", "$1,299.00"]),
        ("/form", ["Order form", "Full name", "Subscribe to newsletter", "Submit order"]),
        ("/healthz", ["ok"]),
    ],
)
def test_public_pages_answer_with_key_texts(
    client: httpx.Client, path: str, texts: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    for text in texts:
        assert text in response.text


@pytest.mark.parametrize("path", ["/", "/login", "/products", "/form", "/nope"])
def test_every_page_has_the_nav_and_one_h1(client: httpx.Client, path: str) -> None:
    page = scan(client.get(path).text)
    nav = [a["href"] for tag, a in page.tags if tag == "a" and "href" in a]
    assert nav[:6] == ["/", "/", "/login", "/products", "/form", "/invoices"]
    assert [tag for tag, _ in page.tags].count("h1") == 1


def test_unknown_path_is_a_404_page(client: httpx.Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "/no/such/page" in response.text


def test_wrong_method_is_405(client: httpx.Client) -> None:
    response = client.get("/logout")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("path", [*PAGES, "/totp", "/form/result"])
@pytest.mark.parametrize("variant", ["a", "b"])
def test_every_input_has_a_label(
    app: DemoApp, signed_in: httpx.Client, path: str, variant: str
) -> None:
    app.variant = variant
    page = scan(get_page(signed_in, path))
    targets = {a["for"] for tag, a in page.tags if tag == "label"}
    controls = [
        a
        for tag, a in page.tags
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden"
    ]
    for control in controls:
        assert control["id"] in targets, control
    assert all(a.get("type") for tag, a in page.tags if tag == "button")


# -- login and sessions ----------------------------------------------------------------


def test_login_success_sets_an_httponly_session_cookie(client: httpx.Client) -> None:
    response = client.post("/login", data={"email": DEMO["email"], "password": DEMO["password"]})
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"]
    assert re.match(r"demo_session=[\w-]{40,};", cookie)
    assert "HttpOnly" in cookie
    assert "Max-Age" not in cookie
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert "Welcome, Demo User" in dashboard.text
    assert "Signed in as Demo User" in dashboard.text


def test_each_login_gets_a_new_token(client: httpx.Client) -> None:
    data = {"email": DEMO["email"], "password": DEMO["password"]}
    first = client.post("/login", data=data).cookies["demo_session"]
    second = client.post("/login", data=data).cookies["demo_session"]
    assert first != second


def test_remember_me_makes_the_cookie_persistent(client: httpx.Client) -> None:
    data = {"email": DEMO["email"], "password": DEMO["password"], "remember": "yes"}
    response = client.post("/login", data=data)
    assert "Max-Age=2592000" in response.headers["set-cookie"]


def test_login_redirects_to_next(client: httpx.Client) -> None:
    data = {"email": DEMO["email"], "password": DEMO["password"], "next": "/invoices"}
    assert client.post("/login", data=data).headers["location"] == "/invoices"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_login_ignores_offsite_next(client: httpx.Client, target: str) -> None:
    data = {"email": DEMO["email"], "password": DEMO["password"], "next": target}
    assert client.post("/login", data=data).headers["location"] == "/dashboard"


def test_login_failure_shows_alert_and_keeps_email(client: httpx.Client) -> None:
    response = client.post("/login", data={"email": DEMO["email"], "password": "wrong"})
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert '<div role="alert"' in response.text
    assert ">Invalid email or password</div>" in response.text
    email = next(a for tag, a in scan(response.text).tags if a.get("id") == "email")
    assert email["value"] == DEMO["email"]
    assert client.get("/dashboard").status_code == 303


@pytest.mark.parametrize(
    "path", ["/invoices", "/dashboard", "/invoices/INV-1001.pdf", "/invoices/all.csv"]
)
def test_login_required_pages_redirect_to_login(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def test_login_page_carries_next_into_the_form(client: httpx.Client) -> None:
    response = client.get("/invoices", follow_redirects=True)
    assert str(response.url).endswith("/login?next=/invoices")
    assert '<input type="hidden" name="next" value="/invoices">' in response.text


def test_sign_out_ends_the_session(signed_in: httpx.Client) -> None:
    response = signed_in.post("/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert signed_in.get("/dashboard").status_code == 303


def test_totp_flow_requires_a_valid_code(client: httpx.Client) -> None:
    data = {"email": TOTP_USER["email"], "password": TOTP_USER["password"], "next": "/invoices"}
    response = client.post("/login", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == "/totp"
    pending = client.cookies["demo_session"]
    assert client.get("/invoices").status_code == 303, "a pending login is not a login"

    page = client.get("/totp")
    assert "Authentication code" in page.text
    assert 'inputmode="numeric"' in page.text
    wrong = client.post("/totp", data={"totp-code": "000000"})
    assert wrong.status_code == 200
    assert "Invalid authentication code" in wrong.text

    code = pyotp.TOTP(TOTP_SECRET).now()
    done = client.post("/totp", data={"totp-code": code})
    assert done.status_code == 303
    assert done.headers["location"] == "/invoices"
    assert client.cookies["demo_session"] != pending
    assert "Signed in as Tina Totp" in client.get("/invoices").text
    assert client.get("/totp").status_code == 303


def test_totp_page_without_a_pending_login_goes_to_login(client: httpx.Client) -> None:
    assert client.get("/totp").headers["location"] == "/login"


# -- invoices --------------------------------------------------------------------------


def test_invoice_table(signed_in: httpx.Client) -> None:
    html = signed_in.get("/invoices").text
    page = scan(html)
    assert "<caption>Invoices</caption>" in html
    headers = re.findall(r'<th scope="col">(\w+)</th>', html)
    assert headers == ["Invoice", "Date", "Customer", "Amount", "Status", "Download"]
    rows = [a for tag, a in page.tags if tag == "tr" and a.get("data-testid") == "invoice-row"]
    assert len(rows) == 5
    assert "INV-1001" in html
    assert "$250.00" in html
    assert {"Paid", "Due", "Overdue"} <= set(page.text)
    hrefs = page.values("href")
    assert "/invoices/INV-1001.pdf" in hrefs
    assert "/invoices/INV-1005.csv" in hrefs


def test_invoice_csv_download(app: DemoApp, signed_in: httpx.Client) -> None:
    response = signed_in.get("/invoices/INV-1002.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="INV-1002.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    items, total = rows[:-1], rows[-1]
    assert total["Item"] == "TOTAL"
    assert total["Line total"] == "1480.50"
    assert sum(float(r["Line total"]) for r in items) == pytest.approx(1480.50)
    assert "$1,480.50" in signed_in.get("/invoices").text
    assert app.downloads == [
        {
            "path": "/invoices/INV-1002.csv",
            "filename": "INV-1002.csv",
            "content_type": "text/csv; charset=utf-8",
            "size": len(response.content),
            "email": DEMO["email"],
        }
    ]


def test_every_csv_total_matches_the_table(signed_in: httpx.Client) -> None:
    summary = list(csv.DictReader(io.StringIO(signed_in.get("/invoices/all.csv").text)))
    assert [r["Invoice"] for r in summary] == [f"INV-100{i}" for i in range(1, 6)]
    table = signed_in.get("/invoices").text
    for row in summary:
        lines = list(
            csv.DictReader(io.StringIO(signed_in.get(f"/invoices/{row['Invoice']}.csv").text))
        )
        assert lines[-1]["Line total"] == row["Amount"]
        dollars = f"${float(row['Amount']):,.2f}"
        assert dollars in table


def test_invoice_pdf_is_a_valid_pdf(app: DemoApp, signed_in: httpx.Client) -> None:
    response = signed_in.get("/invoices/INV-1001.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="INV-1001.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.rstrip().endswith(b"%%EOF")
    for text in (b"(Invoice INV-1001)", b"(Customer: Acme Corp)", b"(Total: $250.00)"):
        assert text in pdf
    # The cross-reference table must point at each object exactly.
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[startxref:].startswith(b"xref\n0 7\n")
    entries = pdf[startxref:].split(b"\n", 2)[2].split(b"trailer")[0]
    assert len(entries) == 7 * 20
    for number in range(1, 7):
        offset = int(entries[number * 20 : number * 20 + 10])
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+)", pdf).group(1))  # type: ignore[union-attr]
    stream = pdf.split(b"stream\n", 1)[1]
    assert stream[length:].startswith(b"\nendstream")
    assert app.downloads[-1]["filename"] == "INV-1001.pdf"


def test_unknown_invoice_is_404(signed_in: httpx.Client) -> None:
    assert signed_in.get("/invoices/INV-9999.pdf").status_code == 404


# -- products --------------------------------------------------------------------------


def test_product_cards(client: httpx.Client) -> None:
    html = client.get("/products").text
    assert html.count('<li class="product-card"') == 6
    assert html.count('<span class="price">') == 6
    assert html.count("Add to cart</button>") == 6
    assert html.count(">In stock<") == 4
    assert html.count(">Out of stock<") == 2
    assert '<p role="status"' in html
    assert "Showing all 6 products" in html


def test_product_search_filters_by_query(client: httpx.Client) -> None:
    html = client.get("/products", params={"q": "mouse"}).text
    assert html.count('<li class="product-card"') == 1
    assert "Nimbus Wireless Mouse" in html
    assert "Aurora Laptop 14" not in html
    assert 'value="mouse"' in html
    assert "1 product matches" in html
    empty = client.get("/products", params={"q": "zebra"}).text
    assert "No products found" in empty
    assert '<li class="product-card"' not in empty


# -- order form ------------------------------------------------------------------------


def test_order_form_fields(client: httpx.Client) -> None:
    html = client.get("/form").text
    page = scan(html)
    assert 'enctype="multipart/form-data"' in html
    assert page.values("type").count("radio") == 2
    options = re.findall(r"<option [^>]*>([^<]+)</option>", html)
    assert options == ["France", "Germany", "Spain", "United Kingdom", "United States"]
    for label in (
        "Full name",
        "Email",
        "Country",
        "Shipping",
        "Subscribe to newsletter",
        "Delivery date",
        "Attachment",
        "Comments",
        "Standard",
        "Express",
    ):
        assert label in page.text


def test_order_with_attachment(app: DemoApp, client: httpx.Client) -> None:
    content = b"line one\r\n--not-a-boundary\r\n\x00\xff binary"
    response = client.post(
        "/form",
        data={
            "full-name": "Ada Lovelace",
            "email": "ada@example.com",
            "country": "United Kingdom",
            "shipping": "express",
            "newsletter": "yes",
            "delivery-date": "2025-06-30",
            "comments": "Leave at the door.\r\nThanks",
        },
        files={"attachment": ("notes.txt", content, "text/plain")},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/form/result?order=ORD-1001"
    result = client.get(response.headers["location"])
    assert result.status_code == 200
    assert "Order ORD-1001 received" in result.text
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", result.text)
    assert pairs == [
        ("Full name", "Ada Lovelace"),
        ("Email", "ada@example.com"),
        ("Country", "United Kingdom"),
        ("Shipping", "Express"),
        ("Newsletter", "yes"),
        ("Delivery date", "2025-06-30"),
        ("Attachment", f"notes.txt ({len(content)} bytes)"),
        ("Comments", "Leave at the door.\nThanks"),
    ]
    [order] = app.orders
    assert order["attachment_data"] == content
    assert order["attachment_type"] == "text/plain"


def test_order_without_optional_fields(app: DemoApp, client: httpx.Client) -> None:
    response = client.post(
        "/form",
        data={"full-name": "Bob", "email": "bob@example.com", "country": "Spain"},
        files={"attachment": ("", b"", "application/octet-stream")},
        follow_redirects=True,
    )
    assert "Order ORD-1001 received" in response.text
    assert "<dt>Newsletter</dt><dd>no</dd>" in response.text
    assert "<dt>Attachment</dt><dd>None</dd>" in response.text
    assert "<dt>Shipping</dt><dd>Standard</dd>" in response.text
    assert app.orders[0]["attachment_name"] is None


def test_order_missing_full_name_is_rejected(app: DemoApp, client: httpx.Client) -> None:
    response = client.post(
        "/form",
        data={"full-name": "  ", "email": "kept@example.com", "country": "Germany"},
        files={"attachment": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 200
    assert '<div role="alert"' in response.text
    assert ">Full name is required</div>" in response.text
    assert 'value="kept@example.com"' in response.text
    assert '<option value="Germany" selected>' in response.text
    assert app.orders == []


def test_order_with_several_errors_lists_them(client: httpx.Client) -> None:
    response = client.post(
        "/form", data={"email": "nope", "country": "Narnia", "delivery-date": "soon"}
    )
    for message in (
        "Full name is required",
        "Enter a valid email address",
        "Choose a country from the list",
        "Delivery date must be a valid date",
    ):
        assert f"<li>{message}</li>" in response.text


def test_unknown_order_result_is_404(client: httpx.Client) -> None:
    assert client.get("/form/result", params={"order": "ORD-0"}).status_code == 404


def test_malformed_multipart_is_400(client: httpx.Client) -> None:
    response = client.post(
        "/form",
        content=b"--xyz\r\nno-colon-here\r\n\r\nbody\r\n--xyz--\r\n",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 400


# -- multipart parser ------------------------------------------------------------------


def test_parser_keeps_binary_content_exactly() -> None:
    data = b"\r\n--bx\r\n\r\n--b \x00\r\r\n\n--"
    body = (
        b"preamble\r\n--b\r\n"
        b'Content-Disposition: form-data; name="f"; filename="C:\\\\dir\\\\x.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--b\r\n"
        b'Content-Disposition: form-data; name="t"\r\n\r\nhello\r\n'
        b"--b\r\n"
        b'Content-Disposition: form-data; name="t"\r\n\r\n\xc3\xa9t\xc3\xa9\r\n'
        b"--b--\r\nepilogue"
    )
    form = parse_multipart(body, b"b")
    upload = form.file("f")
    assert upload is not None
    assert upload.data == data
    assert upload.filename == "x.bin"
    assert form.fields["t"] == ["hello", "été"]


def test_parser_decodes_browser_escapes_and_rfc5987() -> None:
    kind, params = parse_header_params('form-data; name="a%22b"; filename="semi;colon %22q%22.txt"')
    assert kind == "form-data"
    assert params == {"name": 'a"b', "filename": 'semi;colon "q".txt'}
    _, params = parse_header_params(
        "form-data; name=x; filename=\"fallback\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
    )
    assert params["filename"] == "résumé.pdf"


@pytest.mark.parametrize(
    "body",
    [
        b"no boundary at all",
        b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated',
        b'--b\r\nContent-Disposition: form-data; name="a"\r\nno blank line\r\n--b--',
        b"--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--",
        b"--bjunk\r\n",
    ],
)
def test_parser_rejects_malformed_bodies(body: bytes) -> None:
    with pytest.raises(MultipartError):
        parse_multipart(body, b"b")


# -- variant b -------------------------------------------------------------------------


def test_variant_b_renames_ids_and_testids(app: DemoApp, client: httpx.Client) -> None:
    app.variant = "b"
    html = client.get("/login").text
    assert 'id="user-email-field"' in html
    assert 'data-testid="signin-btn"' in html
    assert 'id="email"' not in html
    assert 'data-testid="login-submit"' not in html
    assert '<label for="user-email-field">Email</label>' in html
    assert '<div class="main-area">' in html, "variant b adds a wrapper div"
    app.variant = "a"
    html = client.get("/login").text
    assert 'id="email"' in html
    assert 'data-testid="login-submit"' in html


_NUMBERED_HOOK = re.compile(r"big(-field|-row)?-\d+|invoice-row-INV-\d+|product-name-[a-z0-9-]+")


@pytest.mark.parametrize("path", [*PAGES, "/totp", "/form/result", "/nope", "/slow?ms=0"])
def test_variant_b_keeps_texts_and_renames_every_hook(
    app: DemoApp, signed_in: httpx.Client, path: str
) -> None:
    app.variant = "a"
    page_a = scan(get_page(signed_in, path))
    app.variant = "b"
    page_b = scan(get_page(signed_in, path))
    # /form/result places a fresh order for each variant, so order numbers differ.
    same = [re.sub(r"ORD-\d+", "ORD-n", t) for t in page_a.text]
    assert same == [re.sub(r"ORD-\d+", "ORD-n", t) for t in page_b.text]
    hooks_a, hooks_b = page_a.hooks(), page_b.hooks()
    assert hooks_a
    # Every hook on variant a is a known name, and none of them survives on b.
    assert {h for h in hooks_a if not _NUMBERED_HOOK.fullmatch(h)} <= RENAMES.keys()
    assert not hooks_b & RENAMES.keys()
    assert not [h for h in hooks_b if _NUMBERED_HOOK.fullmatch(h)]
    labels_a = [a for tag, a in page_a.tags if tag == "label"]
    labels_b = [a for tag, a in page_b.tags if tag == "label"]
    assert len(labels_a) == len(labels_b)


def test_rename_table_is_one_to_one() -> None:
    assert len(set(RENAMES.values())) == len(RENAMES)
    assert not set(RENAMES.values()) & RENAMES.keys()


def test_forms_accept_both_variants_field_names(app: DemoApp, client: httpx.Client) -> None:
    app.variant = "b"
    response = client.post(
        "/login", data={"user-email-field": DEMO["email"], "user-password-field": DEMO["password"]}
    )
    assert response.headers["location"] == "/dashboard"
    # A form rendered under variant a may be submitted after a switch to b.
    order = client.post(
        "/form", data={"full-name": "Ann", "email": "ann@example.com", "country": "France"}
    )
    assert order.status_code == 303


def test_variant_must_be_a_or_b(app: DemoApp) -> None:
    with pytest.raises(ValueError, match="a, b"):
        app.variant = "c"
    with pytest.raises(ValueError, match="a, b"):
        DemoApp(variant="z")


# -- big and slow ----------------------------------------------------------------------


def test_big_page_has_n_elements(client: httpx.Client) -> None:
    html = client.get("/big", params={"n": 1000}).text
    assert len(re.findall(r'data-testid="big-\d+"', html)) == 1000
    assert html.count("<button") == 250
    assert html.count('<input type="text"') == 250
    assert html.count("<tbody>") == 1
    assert html.count('<tr id="big-row-') == 250
    assert html == client.get("/big", params={"n": 1000}).text, "deterministic"


@pytest.mark.parametrize("query", ["n=-1", "n=abc", "n=20001"])
def test_big_page_rejects_bad_n(client: httpx.Client, query: str) -> None:
    assert client.get(f"/big?{query}").status_code == 400


def test_slow_answers_after_the_delay(client: httpx.Client) -> None:
    started = time.monotonic()
    response = client.get("/slow", params={"ms": 300})
    assert time.monotonic() - started >= 0.3
    assert "Answered after 300 ms" in response.text
    with pytest.raises(httpx.ReadTimeout):
        client.get("/slow", params={"ms": 1000}, timeout=0.2)


# -- lifecycle and package -------------------------------------------------------------


def test_start_stop_and_context_manager() -> None:
    app = DemoApp(variant="b")
    with pytest.raises(RuntimeError):
        _ = app.url
    app.start()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", app.url)
    assert httpx.get(app.url + "/healthz").text == "ok"
    url = app.url
    app.stop()
    app.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/healthz")
    with DemoApp() as other:
        assert httpx.get(other.url + "/healthz").status_code == 200


def test_public_api_is_sorted_and_complete() -> None:
    # ruff's RUF022 order: CONSTANTS, then CamelCase names, each alphabetical.
    assert demo_app.__all__ == sorted(demo_app.__all__, key=lambda n: (not n.isupper(), n))
    assert {"DEMO_USERS", "DemoApp", "TOTP_SECRET"} <= set(demo_app.__all__)
    assert all(hasattr(demo_app, name) for name in demo_app.__all__)
    assert [u["email"] for u in DEMO_USERS] == ["demo@example.com", "totp@example.com"]


def test_module_runs_in_the_foreground() -> None:
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "examples.demo_app", "--port", "0", "--variant", "b", "--quiet"],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert 'data-testid="signin-btn"' in httpx.get(url + "/login").text
    finally:
        process.terminate()
        process.wait(timeout=10)
