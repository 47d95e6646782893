"""What identifies one cached AI step, stable across runs and machines.

The app under test often runs on a random port and gets fresh query values (session
ids, timestamps) on every run, so a key keeps only what describes the step: which
test, which step, what kind of step, the instruction, the page's path and query
parameter *names*, and the names of the variables used. Values are never part of a
key: a secret typed through ``{{password}}`` keys the same whatever the password is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import parse_qsl, urlsplit

from pytest_skyvern.secrets import placeholder_names

StepKind = Literal[
    "act",
    "click",
    "fill",
    "select_option",
    "upload_file",
    "locator",
    "extract",
    "task-step",
    "validate",
]

STEP_KINDS: tuple[str, ...] = get_args(StepKind)


def normalize_url(url: str) -> str:
    """``http://127.0.0.1:5123/login?next=/a&sid=9#top`` -> ``/login?next&sid``.

    Scheme, host, port, query values and fragment change between runs of the same
    test; the path and the query parameter names say which page it is.
    """
    parts = urlsplit(url.strip())
    if parts.scheme in ("about", "data", "blob", "javascript"):
        # ``about:blank`` and ``set_content`` pages: the scheme is all there is.
        return f"{parts.scheme}:"
    path = parts.path or "/"
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{path}?{'&'.join(names)}" if names else path


def _one_line(text: str) -> str:
    # A key is one readable line in a JSON file; whitespace runs carry no meaning.
    return " ".join(text.split())


@dataclass(frozen=True)
class CacheKey:
    """One AI step of one test. ``str(key)`` is the readable form used in cache files."""

    nodeid: str
    step: int
    kind: StepKind
    instruction: str
    #: Already normalised (see :func:`normalize_url`).
    url: str
    #: Names of the ``{{placeholders}}`` in the instruction and value, in order.
    variables: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in STEP_KINDS:
            raise ValueError(f"unknown step kind {self.kind!r}; expected one of {STEP_KINDS}")
        if self.step < 0:
            raise ValueError(f"step index must be >= 0, got {self.step}")

    @classmethod
    def build(
        cls,
        nodeid: str,
        step: int,
        kind: StepKind,
        instruction: str,
        url: str,
        *,
        value: str | None = None,
    ) -> CacheKey:
        """A key from raw parts: normalises the URL, collects variable names, drops values."""
        instruction = _one_line(instruction)
        names = placeholder_names(instruction) + placeholder_names(value or "")
        return cls(
            nodeid=nodeid,
            step=step,
            kind=kind,
            instruction=instruction,
            url=normalize_url(url),
            variables=tuple(dict.fromkeys(names)),
        )

    def __str__(self) -> str:
        text = f"{self.step}:{self.kind}:{self.url}:{self.instruction}"
        if self.variables:
            text += f" [{', '.join(self.variables)}]"
        return text

    @property
    def module(self) -> str:
        """The test file part of the nodeid (``examples/test_login.py``)."""
        return self.nodeid.split("::", 1)[0]
