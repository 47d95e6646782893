"""A small, strict parser for ``multipart/form-data`` request bodies (RFC 7578).

The stdlib ``cgi`` module is deprecated and ``email.parser`` may rewrite line
endings inside binary parts, so this works on bytes directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote


class MultipartError(ValueError):
    """The body is not well-formed multipart/form-data."""


@dataclass(frozen=True)
class UploadedFile:
    """One file part. ``filename`` is a bare name, with any client path removed."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        """Length of the content in bytes."""
        return len(self.data)


@dataclass
class FormData:
    """Parsed fields; a name may repeat, so every value is kept in order."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[UploadedFile]] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The first text value of a field, or None."""
        values = self.fields.get(name)
        return values[0] if values else None

    def file(self, name: str) -> UploadedFile | None:
        """The first file of a field, or None."""
        files = self.files.get(name)
        return files[0] if files else None


_PARAM = re.compile(
    r';\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.DOTALL
)
# Browsers percent-escape these three characters in quoted names (WHATWG HTML).
_BROWSER_ESCAPES = {"%22": '"', "%0A": "\n", "%0D": "\r", "%0a": "\n", "%0d": "\r"}


def parse_header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``form-data; name="a"; filename="b"`` into a token and parameters."""
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    extended: dict[str, str] = {}
    for match in _PARAM.finditer(";" + rest):
        key, raw = match.group(1).lower(), match.group(2).strip()
        if raw.startswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            for escaped, char in _BROWSER_ESCAPES.items():
                raw = raw.replace(escaped, char)
        if key.endswith("*"):  # RFC 5987: charset'lang'percent-encoded
            charset, _, encoded = raw.partition("'")
            _, _, encoded = encoded.partition("'")
            try:
                extended[key[:-1]] = unquote(encoded, charset or "utf-8", "replace")
            except LookupError:  # unknown charset name
                extended[key[:-1]] = unquote(encoded, "utf-8", "replace")
        else:
            params.setdefault(key, raw)
    params.update(extended)  # the extended form wins over the plain one
    return main.strip().lower(), params


def boundary_from(content_type: str) -> bytes:
    """The boundary of a multipart/form-data Content-Type header."""
    kind, params = parse_header_params(content_type)
    boundary = params.get("boundary", "")
    if kind != "multipart/form-data" or not 1 <= len(boundary) <= 70:
        raise MultipartError(f"not multipart/form-data with a boundary: {content_type!r}")
    return boundary.encode("latin-1")


def _headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if not sep:
            raise MultipartError(f"malformed part header: {line!r}")
        # UTF-8 is what browsers send for non-ASCII file names.
        headers[name.strip().decode("latin-1").lower()] = value.strip().decode(
            "utf-8", errors="replace"
        )
    return headers


def _add_part(form: FormData, headers: dict[str, str], content: bytes) -> None:
    disposition, params = parse_header_params(headers.get("content-disposition", ""))
    if disposition != "form-data" or "name" not in params:
        raise MultipartError("part without Content-Disposition: form-data; name=...")
    name = params["name"]
    if "filename" not in params:
        form.fields.setdefault(name, []).append(content.decode("utf-8", errors="replace"))
        return
    # Old browsers sent the full client path; keep only the last component.
    filename = re.split(r"[/\\]", params["filename"])[-1]
    if not filename and not content:
        return  # a file input left empty
    content_type = headers.get("content-type", "application/octet-stream")
    form.files.setdefault(name, []).append(UploadedFile(filename, content_type, content))


_DELIMITER_END = re.compile(rb"--|[ \t]*\r\n")


def _next_delimiter(body: bytes, delimiter: bytes, pos: int) -> int:
    """Where the next delimiter line starts.

    Content may hold the boundary followed by other characters ("--bx"): that
    is not a delimiter, so the search goes on.
    """
    while (found := body.find(delimiter, pos)) >= 0:
        if _DELIMITER_END.match(body, found + len(delimiter)):
            return found
        pos = found + 1
    raise MultipartError("closing boundary not found")


def parse_multipart(body: bytes, boundary: bytes) -> FormData:
    """Parse a complete multipart body; raises MultipartError when malformed."""
    delimiter = b"--" + boundary
    start = body.find(delimiter)
    if start < 0 or (start > 0 and body[start - 2 : start] != b"\r\n"):
        raise MultipartError("opening boundary not found")
    form = FormData()
    pos = start + len(delimiter)
    while True:
        if body[pos : pos + 2] == b"--":
            return form  # closing delimiter; anything after it is epilogue
        while body[pos : pos + 1] in (b" ", b"\t"):  # transport padding
            pos += 1
        if body[pos : pos + 2] != b"\r\n":
            raise MultipartError("boundary not followed by CRLF")
        pos += 2
        end = _next_delimiter(body, b"\r\n" + delimiter, pos)
        part = body[pos:end]
        if part.startswith(b"\r\n"):
            header_block, content = b"", part[2:]
        else:
            header_block, sep, content = part.partition(b"\r\n\r\n")
            if not sep:
                raise MultipartError("part headers not terminated by a blank line")
        _add_part(form, _headers(header_block) if header_block else {}, content)
        pos = end + 2 + len(delimiter)
