"""Finding cached elements again on real Chromium pages, and rejecting stale ones."""

from __future__ import annotations

import time

import pytest
from playwright.async_api import Page

from pytest_skyvern.actions import Action, ActionPlan
from pytest_skyvern.cache import (
    CachedAction,
    CachedElement,
    CacheEntry,
    Fingerprint,
    LocatorCandidate,
    entry_from_plan,
    find_cached_element,
    replay_entry,
)
from pytest_skyvern.secrets import SecretRegistry
from pytest_skyvern.snapshot import capture_snapshot

pytestmark = pytest.mark.asyncio(loop_scope="session")

SIGN_IN = CachedElement(
    candidates=[
        LocatorCandidate(kind="test_id", value="sign-in"),
        LocatorCandidate(kind="role", value="button", name="Sign in"),
        LocatorCandidate(kind="css", value="form > button:nth-of-type(1)"),
        LocatorCandidate(kind="xpath", value="/html/body/form/button[1]"),
    ],
    fingerprint=Fingerprint(role="button", name="Sign in", tag="button"),
)

EMAIL = CachedElement(
    candidates=[
        LocatorCandidate(kind="label", value="Email"),
        LocatorCandidate(kind="placeholder", value="you@example.com"),
        LocatorCandidate(kind="css", value="#email"),
    ],
    fingerprint=Fingerprint(role="textbox", name="Email", tag="input", input_type="email"),
)


async def _which(page: Page, element: CachedElement, settle_ms: float = 0) -> str | None:
    found = await find_cached_element(page, element, settle_ms=settle_ms)
    return None if found is None else await found.evaluate("e => e.id")


async def test_found_by_its_first_candidate(page: Page) -> None:
    await page.set_content(
        '<form><button id="a" data-testid="sign-in">Sign in</button>'
        '<button id="b">Cancel</button></form>'
    )
    found = await find_cached_element(page, SIGN_IN, settle_ms=0)
    assert found is not None
    assert await found.evaluate("e => e.id") == "a"
    await found.click()  # a usable locator, not only a yes/no


async def test_found_by_a_later_candidate_after_the_test_id_was_renamed(page: Page) -> None:
    await page.set_content(
        '<form><button id="b">Cancel</button>'
        '<button id="a" data-testid="login-submit">Sign in</button></form>'
    )
    assert await _which(page, SIGN_IN) == "a"


async def test_fingerprint_mismatch_rejects_a_candidate_that_moved(page: Page) -> None:
    # The same CSS and XPath now hold a Delete button; Sign in is gone.
    await page.set_content('<form><button id="d">Delete</button></form>')
    assert await _which(page, SIGN_IN) is None


async def test_mismatch_moves_on_to_the_next_candidate(page: Page) -> None:
    # The test id was reused for Delete; the role candidate still finds Sign in.
    await page.set_content(
        '<form><button id="d" data-testid="sign-in">Delete</button>'
        '<button id="a">Sign in</button></form>'
    )
    assert await _which(page, SIGN_IN) == "a"


async def test_input_type_is_part_of_the_fingerprint(page: Page) -> None:
    await page.set_content('<label>Email <input id="email" type="email"></label>')
    assert await _which(page, EMAIL) == "email"
    await page.set_content('<label>Email <input id="email" type="password"></label>')
    assert await _which(page, EMAIL) is None


async def test_a_candidate_matching_several_elements_does_not_count(page: Page) -> None:
    only_css = CachedElement(
        candidates=[LocatorCandidate(kind="css", value="button.go")],
        fingerprint=Fingerprint(role="button", name="Go", tag="button"),
    )
    await page.set_content('<button class="go" id="x">Go</button>')
    assert await _which(page, only_css) == "x"
    await page.set_content('<button class="go">Go</button><button class="go">Go</button>')
    assert await _which(page, only_css) is None


async def test_all_candidates_gone_is_stale_within_the_settle_time(page: Page) -> None:
    await page.set_content("<p>Nothing to click here</p>")
    started = time.monotonic()
    assert await find_cached_element(page, SIGN_IN, settle_ms=300) is None
    assert time.monotonic() - started < 2.0


async def test_an_element_rendered_late_is_waited_for_briefly(page: Page) -> None:
    await page.set_content(
        "<form></form><script>setTimeout(() => document.forms[0].innerHTML ="
        " '<button id=\"a\">Sign in</button>', 150)</script>"
    )
    assert await _which(page, SIGN_IN, settle_ms=3000) == "a"


async def test_element_inside_an_iframe(page: Page) -> None:
    pay = CachedElement(
        candidates=[LocatorCandidate(kind="role", value="button", name="Pay")],
        fingerprint=Fingerprint(role="button", name="Pay", tag="button"),
        frames=[[LocatorCandidate(kind="css", value="#checkout")]],
    )
    await page.set_content(
        '<button>Pay</button><iframe id="checkout" srcdoc="<button id=inner>Pay</button>"></iframe>'
    )
    await page.frame_locator("#checkout").locator("#inner").wait_for()
    assert await _which(page, pay) == "inner"


async def test_replay_entry_pairs_actions_with_locators(page: Page) -> None:
    entry = CacheEntry(
        kind="act",
        instruction="Log in",
        url="/login",
        tier="llm",
        recorded_at="2025-01-01T00:00:00Z",  # type: ignore[arg-type]
        actions=[
            CachedAction(type="fill", value="{{password}}", element=EMAIL),
            CachedAction(type="click", element=SIGN_IN),
            CachedAction(type="goto", url="/done?x=1"),
        ],
    )
    html = (
        '<label>Email <input id="email" type="email"></label>'
        '<form><button id="a">Sign in</button></form>'
    )
    # Served by a route (no server): a real http URL for the relative goto to join onto.
    await page.route(
        "http://127.0.0.1:5123/**", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    await page.goto("http://127.0.0.1:5123/login?next=1")
    replayed = await replay_entry(page, entry, settle_ms=0)
    assert replayed is not None
    (fill, email), (click, sign_in), (goto, none) = replayed
    assert click.type == "click"
    assert fill.value == "{{password}}"
    assert email is not None
    assert await email.get_attribute("id") == "email"
    assert sign_in is not None
    assert none is None
    assert goto.url == "http://127.0.0.1:5123/done?x=1"

    await page.set_content('<label>Email <input id="email" type="email"></label>')
    assert await replay_entry(page, entry, settle_ms=0) is None


async def test_recorded_from_a_real_snapshot_survives_a_markup_change(page: Page) -> None:
    await page.set_content(
        '<main><form><label for="u">Username</label><input id="u" data-testid="user">'
        '<button type="submit" data-testid="go">Sign in</button></form></main>'
    )
    snapshot = await capture_snapshot(page)
    refs = {e.name: ref for ref, e in snapshot.elements.items()}
    plan = ActionPlan(
        actions=[
            Action(type="fill", ref=refs["Username"], value="ada"),
            Action(type="click", ref=refs["Sign in"]),
        ]
    )
    entry = entry_from_plan(
        plan,
        snapshot,
        kind="act",
        instruction="Log in as ada",
        url=snapshot.url,
        secrets=SecretRegistry(),
    )
    # New markup: test ids renamed, ids changed, an extra wrapper around the form.
    await page.set_content(
        '<main><div class="card"><form><label for="name">Username</label>'
        '<input id="name" data-testid="username-v2">'
        '<button type="submit" id="submit-v2">Sign in</button></form></div></main>'
    )
    replayed = await replay_entry(page, entry, settle_ms=0)
    assert replayed is not None
    ids = [await loc.get_attribute("id") for _, loc in replayed if loc is not None]
    assert ids == ["name", "submit-v2"]
