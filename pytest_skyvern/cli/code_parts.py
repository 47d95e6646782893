"""The pieces of exported code that name things: string literals, the imports a
generated module needs, and the one Playwright locator for a cached element."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pytest_skyvern.cache import CachedElement, LocatorCandidate
from pytest_skyvern.cache.changes import describe_candidate
from pytest_skyvern.cache.entry import selector_for_test_id

#: Readability order of locator candidates in exported code.
PREFERENCE = ("role", "label", "placeholder", "text", "test_id", "css", "xpath")


@dataclass
class Imports:
    """What the generated module needs at its top."""

    os: bool = False
    expect: bool = False
    re: bool = False
    extra: set[str] = field(default_factory=set)


def lit(text: str) -> str:
    """A Python string literal for ``text``."""
    return json.dumps(text, ensure_ascii=False)


def candidate_code(scope: str, candidate: LocatorCandidate) -> str:
    kind, value = candidate.kind, candidate.value
    if kind == "role":
        return f"{scope}.get_by_role({lit(value)}, name={lit(candidate.name or '')}, exact=True)"
    if kind == "label":
        return f"{scope}.get_by_label({lit(value)}, exact=True)"
    if kind == "placeholder":
        return f"{scope}.get_by_placeholder({lit(value)}, exact=True)"
    if kind == "text":
        return f"{scope}.get_by_text({lit(value)}, exact=True)"
    if kind == "test_id":
        return f"{scope}.locator({lit(selector_for_test_id(value))})"
    if kind == "css":
        return f"{scope}.locator({lit('css=' + value)})"
    return f"{scope}.locator({lit('xpath=' + value)})"


def best(candidates: list[LocatorCandidate]) -> LocatorCandidate:
    return min(candidates, key=lambda c: PREFERENCE.index(c.kind))


def locator_code(element: CachedElement) -> tuple[str, list[str]]:
    """The locator expression for ``element`` and the other candidates, described."""
    scope = "page"
    for frame in element.frames:
        scope = candidate_code(scope, best(frame)) + ".content_frame"
    chosen = best(element.candidates)
    others = [describe_candidate(c.model_dump()) for c in element.candidates if c != chosen]
    return candidate_code(scope, chosen), others
