"""Carry out one ``Action`` on a page, whichever tier decided it.

Secret placeholders in values are swapped for their real values here, at the moment
of typing, and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.actions import Action
from pytest_skyvern.browser.remote_files import local_files
from pytest_skyvern.errors import ActionError
from pytest_skyvern.resolve.dates import DATE_FORMAT, in_format, readable, to_input_value
from pytest_skyvern.secrets import SecretRegistry

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

ACTION_TIMEOUT_MS = 10_000.0


async def perform(
    page: Page, action: Action, target: Locator | None, secrets: SecretRegistry
) -> None:
    """Do ``action`` on ``target`` (for element actions) or on the page."""
    if action.needs_element() and target is None:
        raise ActionError(f"{action.type} needs an element, but none was resolved")
    try:
        await _dispatch(page, action, target, secrets)
    except PlaywrightError as exc:
        what = f"{action.type} on {target}" if target is not None else action.type
        raise ActionError(f"{what} failed: {secrets.mask(str(exc)).splitlines()[0]}") from exc


async def _dispatch(
    page: Page, action: Action, target: Locator | None, secrets: SecretRegistry
) -> None:
    value = secrets.resolve(action.value) if action.value is not None else None
    t = ACTION_TIMEOUT_MS
    kind = action.type
    if kind == "goto":
        url = action.url or action.value
        if not url:
            raise ActionError("goto needs a url")
        await page.goto(urljoin(page.url, url))
    elif kind == "press":
        key = action.key or value or "Enter"
        if target is not None:
            await target.press(key, timeout=t)
        else:
            await page.keyboard.press(key)
    elif kind == "scroll":
        await _scroll(page, action, target)
    elif kind == "wait":
        await page.wait_for_timeout(min(float(value or 1000), 10_000))
    else:
        assert target is not None
        if kind == "click":
            await target.click(timeout=t)
        elif kind == "fill":
            await target.fill(await _typed_form(target, value or ""), timeout=t)
        elif kind == "focus":
            await target.focus(timeout=t)
        elif kind == "select" and action.values:
            await target.select_option([secrets.resolve(v) for v in action.values], timeout=t)
        elif kind == "select":
            await _select(target, value or "")
        elif kind in {"check", "uncheck"}:
            await _set_checked(target, kind == "check", t)
        elif kind == "hover":
            await target.hover(timeout=t)
        elif kind == "upload":
            if not value:
                raise ActionError("upload needs a file path as its value")
            async with local_files(value) as path:
                await target.set_input_files(path, timeout=t)
        else:  # pragma: no cover - Action's Literal type rules this out
            raise ActionError(f"unknown action type {kind!r}")


#: The state a role-less box shows (``null``: it shows none the page says in words).
_DRAWN_STATE_JS = """e => {
  for (const a of ['aria-checked', 'aria-pressed', 'aria-selected', 'data-checked']) {
    const v = e.getAttribute(a);
    if (v === 'true' || v === '') return true;
    if (v === 'false') return false;
  }
  const s = e.getAttribute('data-state');
  if (s === 'checked' || s === 'on') return true;
  if (s === 'unchecked' || s === 'off') return false;
  const c = ' ' + (e.getAttribute('class') || '').toLowerCase() + ' ';
  if (/[ _-]un(checked|ticked)[ ]/.test(c)) return false;
  return /[ _-](checked|ticked|selected|active|on)[ ]/.test(c) ? true : null;
}"""
_NATIVE_CHECKABLE_JS = """e => {
  // Playwright checks a label's control, as it does for anything inside the label.
  const label = e.closest('label');
  const box = label && label.control ? label.control : e;
  return (box instanceof HTMLInputElement && ['checkbox', 'radio'].includes(box.type))
  || ['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']
       .includes(e.getAttribute('role'));
}"""


async def _set_checked(target: Locator, on: bool, timeout_ms: float) -> None:
    if not await target.evaluate(_NATIVE_CHECKABLE_JS, timeout=ACTION_TIMEOUT_MS):
        # A box drawn with a span (no role, no input): a click ticks it, unless what it
        # shows says it already is as asked; one that shows no state is taken as unticked
        # (a ticked box shows it). Playwright's set_checked refuses such boxes.
        if bool(await target.evaluate(_DRAWN_STATE_JS)) != on:
            await target.click(timeout=timeout_ms)
        return
    try:
        await target.set_checked(on, timeout=min(timeout_ms, 3000))
    except PlaywrightError as exc:
        if "intercepts pointer events" in str(exc):
            # A styled box over a transparent checkbox takes the click: the click at the
            # box's place is the user's, and toggles it the same (Playwright checks it did).
            try:
                await target.set_checked(on, force=True, timeout=timeout_ms)
                return
            except PlaywrightError:
                pass  # what lay there did not toggle it: its label may
        # A radio or checkbox kept out of sight behind its styled label (jQuery UI's
        # checkboxradio, Bootstrap's btn-check): the label is what a user clicks.
        if await target.is_checked() != on and await _click_label(target) and (
                await target.is_checked() == on):
            return
        raise


async def _click_label(target: Locator) -> bool:
    """Click the first label of a checkbox or radio; ``False`` if it has none."""
    handle = await target.element_handle(timeout=1000)
    label = (await handle.evaluate_handle("e => (e.labels && e.labels[0]) || null")).as_element()
    if label is None:
        return False
    await label.click(timeout=3000)
    return True


async def _typed_form(target: Locator, value: str) -> str:
    """A date or time as the input's type takes it ("05/20/2010" -> "2010-05-20"); one
    it cannot take fails here, rather than leaving the field silently empty."""
    if not value:
        return value
    kind, placeholder = await target.evaluate(
        "e => e instanceof HTMLInputElement ? [e.type, e.placeholder] : [null, '']",
        timeout=ACTION_TIMEOUT_MS,
    )
    if kind == "text" and DATE_FORMAT.match(placeholder or ""):
        # A text field that shows its date format ("mm/dd/yyyy") gets the date so.
        return in_format(value, placeholder) or value
    if not readable(value, kind):
        raise ActionError(f"{value!r} is no {kind} this input can take")
    return to_input_value(value, kind)


async def _select(target: Locator, value: str) -> None:
    # Models name options by their visible label; tests sometimes by value.
    try:
        await target.select_option(label=value, timeout=2000)
    except PlaywrightError:
        await target.select_option(value, timeout=ACTION_TIMEOUT_MS)


async def _scroll(page: Page, action: Action, target: Locator | None) -> None:
    if target is not None:
        await target.scroll_into_view_if_needed(timeout=ACTION_TIMEOUT_MS)
        return
    direction = action.direction or "down"
    if action.value in ("bottom", "top"):
        y = "document.body.scrollHeight" if action.value == "bottom" else "0"
        await page.evaluate(f"window.scrollTo(0, {y})")
        return
    sign = 1 if direction == "down" else -1
    await page.evaluate(f"window.scrollBy(0, {sign} * window.innerHeight * 0.8)")

