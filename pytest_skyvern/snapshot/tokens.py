"""Count tokens the way the model will: tiktoken ``o200k_base``, or chars/4 when unavailable.

tiktoken downloads its BPE file on first use, which fails offline. The ``bpe-openai``
package ships the same ranks; written under the file name tiktoken expects into the
folder named by ``TIKTOKEN_CACHE_DIR``, they pass tiktoken's own checksum and no download
happens. All of this runs lazily on the first count, never at import.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
_DEFAULT_CACHE = Path.home() / ".cache" / "pytest-skyvern" / "tiktoken"


class _Encoder(Protocol):
    def encode_ordinary(self, text: str) -> list[int]: ...


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    # tiktoken reads the folder from the environment only, so it has to be set there.
    os.environ["TIKTOKEN_CACHE_DIR"] = str(_DEFAULT_CACHE)
    return _DEFAULT_CACHE


def _seed_ranks(cache_dir: Path) -> None:
    target = cache_dir / hashlib.sha1(_URL.encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == _SHA256:
        return
    packed = resources.files("bpe_openai.data").joinpath("o200k_base.tiktoken.gz").read_bytes()
    data = gzip.decompress(packed)
    if hashlib.sha256(data).hexdigest() != _SHA256:
        raise ValueError("bpe-openai ranks do not match tiktoken's o200k_base checksum")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(target)


@cache
def _encoder() -> _Encoder | None:
    try:
        import tiktoken

        _seed_ranks(_cache_dir())
        encoding: _Encoder = tiktoken.get_encoding("o200k_base")
        return encoding
    except Exception:
        # Any failure (package missing, read-only home, bad file) means estimating instead.
        return None


def exact_tokens_available() -> bool:
    """True when counts come from the real o200k_base tokenizer."""
    return _encoder() is not None


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in o200k_base, or a chars/4 estimate if the tokenizer is missing."""
    if not text:
        return 0
    encoder = _encoder()
    if encoder is None:
        return (len(text) + 3) // 4
    return len(encoder.encode_ordinary(text))


def line_tokens(line: str) -> int:
    """:func:`count_tokens` of one line, remembered when the line is short.

    Budgeting counts every line of a page, and each step snapshots mostly the same page
    again: a known line costs a dict lookup instead of a tokenizer call. Long lines (big
    values, long texts) are rare and are not kept, so the cache stays a few megabytes.
    """
    if len(line) > _CACHED_LINE_CHARS:
        return count_tokens(line)
    return _cached_line_tokens(line)


_CACHED_LINE_CHARS = 300
_cached_line_tokens = lru_cache(maxsize=1 << 15)(count_tokens)
