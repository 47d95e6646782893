"""Plain request and response values, kept apart from http.server's handler class."""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from .multipart import FormData, boundary_from, parse_multipart


@dataclass(frozen=True)
class Request:
    """What a route needs from an HTTP request."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""

    def arg(self, name: str, default: str = "") -> str:
        """First value of a query-string parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def cookie(self, name: str) -> str | None:
        """A cookie value, or None when absent or the header is malformed."""
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = jar.get(name)
        return morsel.value if morsel is not None else None

    def form(self) -> FormData:
        """The body as form data, urlencoded or multipart.

        Raises MultipartError for a malformed multipart body.
        """
        content_type = self.headers.get("content-type", "")
        if content_type.lower().startswith("multipart/form-data"):
            return parse_multipart(self.body, boundary_from(content_type))
        text = self.body.decode("utf-8", errors="replace")
        return FormData(fields=parse_qs(text, keep_blank_values=True))


@dataclass
class Response:
    """Status, headers and a fully built body (so Content-Length is always known)."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def html(cls, text: str, status: int = 200) -> Response:
        """An HTML page that browsers must not cache, so variant switches show at once."""
        return cls(status, text.encode("utf-8"), headers=[("Cache-Control", "no-store")])

    @classmethod
    def text(cls, text: str, status: int = 200) -> Response:
        """A plain-text answer."""
        return cls(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    @classmethod
    def redirect(cls, location: str) -> Response:
        """303 See Other: after a POST the browser follows with a GET."""
        return cls(303, b"", headers=[("Location", location)])

    @classmethod
    def attachment(cls, body: bytes, content_type: str, filename: str) -> Response:
        """A file download."""
        return cls(
            200,
            body,
            content_type,
            [("Content-Disposition", f'attachment; filename="{filename}"')],
        )
