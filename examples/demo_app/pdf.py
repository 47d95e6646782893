"""A minimal hand-written PDF 1.4 writer: one page of Helvetica text lines."""

from __future__ import annotations

_PAGE_WIDTH, _PAGE_HEIGHT = 612, 792  # US Letter, in points


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi; characters it cannot hold become '?'."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content_stream(lines: list[tuple[int, str]]) -> bytes:
    """Text operators: each line is (font size, text), laid out top-down."""
    ops = [b"BT"]
    y = _PAGE_HEIGHT - 72
    for size, text in lines:
        ops.append(b"/F1 %d Tf 1 0 0 1 72 %d Tm %s Tj" % (size, y, _pdf_string(text)))
        y -= size + 10
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(title: str, lines: list[tuple[int, str]]) -> bytes:
    """A valid single-page PDF showing ``lines``; no dates, so output is deterministic."""
    stream = _content_stream(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Title %s /Producer (Demo Shop) >>" % _pdf_string(title),
    ]
    # The binary comment line tells tools the file holds 8-bit data.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    # Every xref entry is exactly 20 bytes, hence the space before "\n".
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        len(objects),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
