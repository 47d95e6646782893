"""Find a cached element again on the live page, or report it stale.

A fully cached suite should run close to the speed of plain Playwright, so each
candidate costs one or two instant round-trips (no auto-wait): its matches with their
tag and input type, then the role and accessible name. Only when no candidate fits at
all do we wait, briefly and once, for any of them to appear (the page may still be
rendering). A candidate that points at a different element (wrong role, name, tag or
input type) is passed over; when all fail, the caller heals the entry via the other tiers.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import FrameLocator, Locator, Page

from pytest_skyvern.cache.entry import (
    CachedAction,
    CachedElement,
    CacheEntry,
    Fingerprint,
    LocatorCandidate,
    selector_for_test_id,
)

Scope = Page | FrameLocator

#: Roles Playwright's role selector cannot match: the fingerprint skips the role check.
_UNMATCHABLE_ROLES = frozenset({"", "generic", "none", "presentation", "text", "iframe"})
#: How long to wait, once, for any candidate to appear before calling an element stale.
DEFAULT_SETTLE_MS = 1000.0

_FACTS_JS = """els => els.map(e => [
  e.localName,
  e.localName === "input" ? (e.getAttribute("type") || "text").toLowerCase() : null,
])"""


def candidate_locator(scope: Scope, candidate: LocatorCandidate) -> Locator:
    """The locator a candidate describes, inside ``scope`` (the page or an iframe)."""
    kind, value = candidate.kind, candidate.value
    if kind == "test_id":
        return scope.locator(selector_for_test_id(value))
    if kind == "role":
        # ``role`` is a Literal in Playwright's stubs; recorded roles come from its own snapshot.
        return scope.get_by_role(cast(Any, value), name=candidate.name, exact=True)
    if kind == "label":
        return scope.get_by_label(value, exact=True)
    if kind == "placeholder":
        return scope.get_by_placeholder(value, exact=True)
    if kind == "text":
        return scope.get_by_text(value, exact=True)
    if kind == "css":
        return scope.locator(f"css={value}")
    return scope.locator(f"xpath={value}")


async def _fits(
    scope: Scope, locator: Locator, fingerprint: Fingerprint, *, role_checked: bool = False
) -> bool:
    """True when ``locator`` matches exactly one attached element that fits ``fingerprint``.

    Two cheap round-trips at most, one after the other: measured, running them in
    parallel is slower, and a candidate that matches nothing stops after the first.
    """
    try:
        facts = await locator.evaluate_all(_FACTS_JS)
        if len(facts) != 1:
            return False
        tag, input_type = facts[0]
        if fingerprint.tag and tag != fingerprint.tag:
            return False
        if fingerprint.tag == "input" and (input_type or None) != (fingerprint.input_type or None):
            return False
        if role_checked or fingerprint.role in _UNMATCHABLE_ROLES:
            return True
        same_role = scope.get_by_role(
            cast(Any, fingerprint.role),
            name=fingerprint.name or None,
            exact=True,
            include_hidden=True,
        )
        return await locator.and_(same_role).count() == 1
    except PlaywrightError:
        return False  # An invalid selector (hand edit, markup change) is only a miss.


async def _enter_frames(page: Page, frames: list[list[LocatorCandidate]]) -> Scope | None:
    scope: Scope = page
    for candidates in frames:
        for candidate in candidates:
            frame = candidate_locator(scope, candidate)
            try:
                if await frame.count() == 1:
                    scope = frame.content_frame
                    break
            except PlaywrightError:
                continue
        else:
            return None
    return scope


async def _first_fit(scope: Scope, element: CachedElement) -> tuple[Locator, int] | None:
    for index, candidate in enumerate(element.candidates):
        locator = candidate_locator(scope, candidate)
        fp = element.fingerprint
        # A role candidate already matched on the fingerprint's role and name.
        role_checked = candidate.kind == "role" and (candidate.value, candidate.name) == (
            fp.role,
            fp.name,
        )
        if await _fits(scope, locator, fp, role_checked=role_checked):
            return locator, index
    return None


async def _any_attached(scope: Scope, element: CachedElement, timeout_ms: float) -> None:
    locators = [candidate_locator(scope, c) for c in element.candidates]
    either = locators[0]
    for other in locators[1:]:
        either = either.or_(other)
    try:
        await either.first.wait_for(state="attached", timeout=timeout_ms)
    except PlaywrightError:
        pass  # Timed out or a bad selector: the second look decides.


async def find_cached_element(
    page: Page, element: CachedElement, *, settle_ms: float = DEFAULT_SETTLE_MS
) -> Locator | None:
    """The live element ``element`` describes, or None when it is stale.

    A candidate counts only if it matches exactly one attached element whose role,
    accessible name, tag and input type still fit the recorded fingerprint.
    """
    match = await find_cached_match(page, element, settle_ms=settle_ms)
    return None if match is None else match[0]


async def find_cached_match(
    page: Page, element: CachedElement, *, settle_ms: float = DEFAULT_SETTLE_MS
) -> tuple[Locator, int] | None:
    """Like ``find_cached_element``, with the index of the candidate that matched
    (above 0 means the earlier candidates broke: the entry deserves a refresh)."""
    if not element.candidates:
        return None
    scope = await _enter_frames(page, element.frames)
    if scope is None:
        return None
    found = await _first_fit(scope, element)
    if found is not None or settle_ms <= 0:
        return found
    await _any_attached(scope, element, settle_ms)
    return await _first_fit(scope, element)


def _absolute(action: CachedAction, page: Page) -> CachedAction:
    # Same-origin targets were stored relative because the app's port changes.
    if action.url is None or urlsplit(action.url).scheme:
        return action
    return action.model_copy(update={"url": urljoin(page.url, action.url)})


async def replay_entry(
    page: Page, entry: CacheEntry, *, settle_ms: float = DEFAULT_SETTLE_MS
) -> list[tuple[CachedAction, Locator | None]] | None:
    """Each cached action with its live element (None for element-less actions).

    None when any element is stale: the caller heals the whole entry. Values keep
    their placeholders; the caller swaps real values in only when typing.
    """
    out: list[tuple[CachedAction, Locator | None]] = []
    for action in entry.actions:
        locator: Locator | None = None
        if action.element is not None:
            locator = await find_cached_element(page, action.element, settle_ms=settle_ms)
            if locator is None:
                return None
        out.append((_absolute(action, page), locator))
    return out
