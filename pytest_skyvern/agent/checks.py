"""Running a check program on a live page, and describing live elements for one.

``run_check`` finds the program's element again like a cached action's (a broken
locator is ``stale``: the caller heals it), then polls the condition the way
Playwright's ``expect`` does, until it holds or the timeout passes, and reports the
value it last observed. A resolving element with a false condition is a verdict, never
a reason to heal.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.cache import (
    CachedElement,
    CheckProgram,
    Fingerprint,
    LocatorCandidate,
    find_cached_match,
)
from pytest_skyvern.resolve.assertions import parse_number

if TYPE_CHECKING:
    from playwright.async_api import ElementHandle, Locator, Page

#: How long a check waits for its condition to hold (Playwright's ``expect`` waits 5 s;
#: a check that is false at the end of it fails the test, so keep it short).
CHECK_TIMEOUT_MS = 2000.0
POLL_MS = 100.0

_PROBE_JS = """e => {
  const testAttrs = ["data-testid", "data-test-id", "data-test", "data-qa", "data-cy"];
  let testId = null;
  for (const a of testAttrs) { if (e.getAttribute(a)) { testId = e.getAttribute(a); break; } }
  const tag = e.localName;
  const path = [];
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
    let i = 1;
    for (let s = n.previousElementSibling; s; s = s.previousElementSibling)
      if (s.localName === n.localName) i++;
    path.unshift(`${n.localName}[${i}]`);
  }
  return {tag, testId, id: e.id || null,
          tagUnique: document.querySelectorAll(tag).length === 1,
          xpath: "/" + path.join("/")};
}"""


@dataclass(frozen=True)
class CheckResult:
    """One run of a check: whether it held and what the page showed."""

    passed: bool
    observed: str
    #: The element is gone (its locators found nothing that fits): heal, do not judge.
    stale: bool = False
    #: Index of the locator candidate that found the element (above 0: earlier ones broke).
    candidate: int = 0


def _css_id(value: str) -> str:
    return "#" + re.sub(r"([^\w-])", r"\\\1", value)


async def live_element(target: Locator | ElementHandle) -> CachedElement | None:
    """Ways to find the element ``locator`` points at again, none of them by its text
    (the text is what a check asserts; a changed text must fail it, not lose it)."""
    try:
        facts: dict[str, Any] = await target.evaluate(_PROBE_JS)
    except PlaywrightError:
        return None
    candidates: list[LocatorCandidate] = []
    if facts.get("testId"):
        candidates.append(LocatorCandidate(kind="test_id", value=str(facts["testId"])))
    if facts.get("id"):
        candidates.append(LocatorCandidate(kind="css", value=_css_id(str(facts["id"]))))
    if facts.get("tagUnique"):
        candidates.append(LocatorCandidate(kind="css", value=str(facts["tag"])))
    candidates.append(LocatorCandidate(kind="xpath", value=str(facts["xpath"])))
    return CachedElement(candidates=candidates, fingerprint=Fingerprint(role="", tag=facts["tag"]))


def _compare(actual: float, op: str, expected: float) -> bool:
    return {"eq": actual == expected, "ne": actual != expected, "lt": actual < expected,
            "le": actual <= expected, "gt": actual > expected, "ge": actual >= expected}[op]


def _text(value: str) -> str:
    return " ".join(value.split())


def number_after(text: str, label: str | None) -> float | None:
    """The number in ``text`` after ``label`` ("Total: $250.00", "total" -> 250.0)."""
    if label:
        found = re.search(re.escape(label), text, re.I)
        if found is not None:
            text = text[found.end():]
    return parse_number(text)


async def _observe(page: Page, program: CheckProgram, target: Locator | None
                   ) -> tuple[bool, str]:
    c = program.condition
    if c == "url":
        return re.search(program.expected or "", page.url) is not None, page.url
    if target is None:
        shown = await page.get_by_text(program.text or "").filter(visible=True).count()
        words = "shown" if shown else "not shown"
        return (shown > 0) == (c == "visible"), words
    if c in ("visible", "hidden"):
        visible = await target.is_visible()
        return visible == (c == "visible"), "visible" if visible else "hidden"
    if c in ("enabled", "disabled"):
        enabled = await target.is_enabled()
        return enabled == (c == "enabled"), "enabled" if enabled else "disabled"
    if c in ("checked", "unchecked"):
        checked = await target.is_checked()
        return checked == (c == "checked"), "checked" if checked else "unchecked"
    if c == "value":
        value = await target.input_value()
        return value == (program.expected or ""), repr(value)
    if c == "count":
        count = await target.locator(program.items or "*").count()
        return _compare(count, program.op, program.number or 0), str(count)
    text = _text(await target.inner_text())
    if c == "number":
        number = number_after(text, program.label)
        if number is None:
            return False, f"no number in {text!r}"
        return _compare(number, program.op, program.number or 0), f"{number:g} ({text!r})"
    expected = _text(program.expected or "")
    held = text == expected if c == "has_text" else expected.casefold() in text.casefold()
    return held, repr(text)


async def run_check(page: Page, program: CheckProgram, *,
                    timeout_ms: float = CHECK_TIMEOUT_MS) -> CheckResult:
    """Whether ``program`` holds on ``page`` (polled until ``timeout_ms``)."""
    target: Locator | None = None
    index = 0
    if program.element is not None:
        match = await find_cached_match(page, program.element)
        if match is None:
            return CheckResult(False, "the element is no longer on the page", stale=True)
        target, index = match
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            held, observed = await _observe(page, program, target)
        except PlaywrightError as exc:
            held, observed = False, f"unreadable: {str(exc).splitlines()[0]}"
        if held or time.monotonic() >= deadline:
            return CheckResult(held, observed, candidate=index)
        await asyncio.sleep(POLL_MS / 1000)
