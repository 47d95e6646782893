"""Upload files given as URLs, as the Skyvern SDK allows: ``upload_file(sel, "https://...")``.

Each URL is downloaded into a temporary folder, named after the URL's last path part
(with an extension from the response's content type when it has none, so the page sees
the right file type), handed to the browser, and removed once the upload is done.
"""

from __future__ import annotations

import mimetypes
import re
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from pytest_skyvern.errors import ActionError

_URL = re.compile(r"https?://[^\s'\"<>]+", re.I)
DOWNLOAD_TIMEOUT_S = 60.0
MAX_BYTES = 200 * 1024 * 1024


def is_url(value: object) -> bool:
    return isinstance(value, str) and _URL.fullmatch(value.strip()) is not None


def urls_in(text: str) -> list[str]:
    """The http(s) URLs written in ``text`` (trailing punctuation left out)."""
    return [u.rstrip(".,;:!?)") for u in _URL.findall(text)]


def without_urls(text: str) -> str:
    """``text`` without its URLs ("Upload this file https://x/a.png" -> "Upload this file")."""
    return " ".join(_URL.sub(" ", text).split())


@asynccontextmanager
async def local_files(files: Any) -> AsyncIterator[Any]:
    """``files`` with every URL replaced by a downloaded local copy, for the upload."""
    items = list(files) if isinstance(files, Sequence) and not isinstance(files, str) else [files]
    if not any(is_url(item) for item in items):
        yield files
        return
    with tempfile.TemporaryDirectory(prefix="skyvern-upload-") as folder:
        async with httpx.AsyncClient(follow_redirects=True, timeout=DOWNLOAD_TIMEOUT_S) as client:
            local = [await _download(client, item.strip(), Path(folder), index) if is_url(item)
                     else item for index, item in enumerate(items)]
        yield local if len(local) != 1 or not isinstance(files, str) else local[0]


async def _download(client: httpx.AsyncClient, url: str, folder: Path, index: int) -> str:
    try:
        async with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise ActionError(f"Could not download {_shown(url)} to upload it: HTTP "
                                  f"{response.status_code}.")
            path = folder / str(index) / _file_name(url, response.headers.get("content-type"))
            path.parent.mkdir()
            size = 0
            with path.open("wb") as out:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise ActionError(f"{_shown(url)} is larger than {MAX_BYTES} bytes; "
                                          "download it and upload the file instead.")
                    out.write(chunk)
    except httpx.HTTPError as exc:
        raise ActionError(f"Could not download {_shown(url)} to upload it: {exc}") from exc
    return str(path)


def _file_name(url: str, content_type: str | None) -> str:
    name = unquote(PurePosixPath(urlsplit(url).path).name) or "download"
    name = re.sub(r"[^\w.-]+", "_", name)[:120] or "download"
    if "." not in name and content_type:
        extension = mimetypes.guess_extension(content_type.split(";")[0].strip())
        if extension:
            name += extension
    return name


def _shown(url: str) -> str:
    # A presigned URL's query is a credential: keep it out of messages.
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?..." if parts.query else "")
