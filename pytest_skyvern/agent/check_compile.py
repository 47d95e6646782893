"""Compiling a simple claim into a check program on the live page, with no LLM.

``resolve.assertions.parse_claim`` says what the claim checks; this module finds what
it checks on the page: the element a phrase names (through the resolver, which also
finds disabled controls here: "the Sign in button is disabled" is about one), the
heading a text is asserted of, the list or table whose items are counted, the element
that holds a labelled number. Anything unsure is ``NotConfident``: the LLM compiles it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from pytest_skyvern.agent.checks import live_element
from pytest_skyvern.cache import CachedElement, CheckProgram, UncacheablePlan
from pytest_skyvern.cache.entry import cached_element
from pytest_skyvern.resolve import NotConfident
from pytest_skyvern.resolve.assertions import ClaimSpec, parse_claim
from pytest_skyvern.snapshot import Element, Snapshot, locator_for

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts

_TEXT_CONDITIONS = ("has_text", "contains_text", "number")
_INTENT = {"value": "fill", "checked": "check", "unchecked": "check"}
_HEADING = re.compile(r"^(?:the\s+)?(?:main\s+|page\s+|top\s+)?(?:heading|header|title|"
                      r"headline|h1)$", re.I)

#: The list or table whose own name (label, caption, id, class, test id) says the noun,
#: else whose heading before it does, else the page's only one. Its items: body rows,
#: or list items.
_COUNT_JS = """(stem) => {
  const re = new RegExp("\\\\b" + stem, "i");
  const sel = "table, ul, ol, [role=list], [role=table], [role=grid], [role=listbox]";
  const all = [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null);
  const heading = e => {
    for (let n = e; n && n !== document.body; n = n.parentElement) {
      for (let s = n.previousElementSibling; s; s = s.previousElementSibling) {
        if (/^h[1-6]$/.test(s.localName) || s.getAttribute("role") === "heading")
          return s.textContent;
        if (s.querySelector("h1,h2,h3,h4,h5,h6")) return s.textContent;
      }
    }
    return "";
  };
  const own = e => [e.getAttribute("aria-label"), e.querySelector("caption")?.textContent,
    e.id, e.className, e.getAttribute("data-testid")].filter(Boolean).join(" ");
  let found = [];
  for (const named of [own, heading]) {
    found = all.filter(e => re.test(named(e) || ""));
    if (found.length) break;
  }
  if (!found.length) found = all;
  if (found.length !== 1) return null;
  const e = found[0];
  e.setAttribute("data-skyvern-check", "1");
  if (e.matches("table, [role=table], [role=grid]")) {
    return e.querySelector("tbody tr") ? "tbody tr" : "tr:not(:has(th))";
  }
  if (e.matches("[role=listbox]")) return "[role=option]";
  return e.matches("[role=list]") ? "[role=listitem]" : ":scope > li";
}"""

#: The innermost element whose text has the label and then a number.
_NUMBER_JS = """(label) => {
  const re = new RegExp(label.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&") +
                        "[^0-9\\\\-]{0,12}-?[0-9]", "i");
  const fits = e => e.offsetParent !== null && re.test(e.innerText || "");
  const all = [...document.body.querySelectorAll("*")].filter(fits);
  const inner = all.filter(e => ![...e.children].some(fits));
  if (inner.length !== 1) return false;
  inner[0].setAttribute("data-skyvern-check", "1");
  return true;
}"""


def _singular(noun: str) -> str:
    word = noun.split()[-1].lower()
    for suffix, keep in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return re.escape(word[: -len(suffix)] + keep)
    return re.escape(word)


async def _mark_and_describe(page: Page, script: str, arg: str) -> tuple[Any, CachedElement | None]:
    result = await page.evaluate(script, arg)
    if not result:
        return result, None
    marked = page.locator("[data-skyvern-check]").first
    handle = await marked.element_handle()
    await page.evaluate("() => document.querySelectorAll('[data-skyvern-check]')"
                        ".forEach(e => e.removeAttribute('data-skyvern-check'))")
    if handle is None:
        return result, None
    return result, await live_element(handle)


def _any_state(snapshot: Snapshot) -> Snapshot:
    # The resolver refuses disabled controls as targets of actions; a check reads them.
    elements = {ref: dataclasses.replace(e, disabled=False) for ref, e in snapshot.elements.items()}
    return dataclasses.replace(snapshot, elements=elements)


def _heading(spec: ClaimSpec, snapshot: Snapshot) -> Element | NotConfident:
    headings = [e for e in snapshot.elements.values() if e.role == "heading"]
    same = [e for e in headings if " ".join(e.name.split()) == " ".join(
        (spec.expected or "").split())]
    if len(same) == 1:
        return same[0]
    top = [e for e in headings if "level=1" in e.states] or headings
    if len(top) == 1:
        return top[0]
    return NotConfident(f"{len(top)} headings could be {spec.target!r}",
                        [e.describe() for e in top[:5]])


async def _element(engine: EngineParts, page: Page, spec: ClaimSpec
                   ) -> CachedElement | NotConfident:
    snapshot = await engine.snapshot(page)
    phrase = spec.target or ""
    if spec.condition in _TEXT_CONDITIONS and _HEADING.match(phrase):
        found: Element | NotConfident = _heading(spec, snapshot)
    else:
        found = engine.resolver.resolve_target(phrase, _any_state(snapshot),
                                               _INTENT.get(spec.condition, "locate"))
    if isinstance(found, NotConfident):
        return found
    if spec.condition not in _TEXT_CONDITIONS:
        try:
            return cached_element(found, snapshot)
        except UncacheablePlan:
            pass
    described = await live_element(locator_for(page, found))
    return described or NotConfident(f"{found.describe()} cannot be described for replay")


async def compile_claim(engine: EngineParts, page: Page, claim: str
                        ) -> CheckProgram | NotConfident:
    """The check program ``claim`` states, compiled with no LLM, or why not."""
    spec = parse_claim(claim)
    if spec is None:
        return NotConfident(f"not a simple assertion: {claim!r}")
    c = spec.condition
    if c == "url" or (c in ("visible", "hidden") and spec.target is None):
        return CheckProgram(condition=c, text=spec.text, expected=spec.expected)
    if c == "count":
        items, element = await _mark_and_describe(page, _COUNT_JS, _singular(spec.noun or ""))
        if element is None:
            return NotConfident(f"no one list or table holds the {spec.noun}")
        return CheckProgram(condition=c, element=element, items=str(items), number=spec.number,
                            op=spec.op)
    if c == "number":
        _, element = await _mark_and_describe(page, _NUMBER_JS, spec.noun or "")
        if element is None:
            return NotConfident(f"no one element shows a number after {spec.noun!r}")
        return CheckProgram(condition=c, element=element, label=spec.noun, number=spec.number,
                            op=spec.op)
    found = await _element(engine, page, spec)
    if isinstance(found, NotConfident):
        return found
    return CheckProgram(condition=c, element=found, expected=spec.expected)
