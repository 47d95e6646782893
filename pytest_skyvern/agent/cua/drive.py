"""Carry out a ``ComputerAction`` with Playwright's mouse and keyboard.

Secret placeholders in typed text are swapped for their real values here, at the
moment of typing, and nowhere else (as ``agent.perform`` does for the other tiers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.agent.cua.keys import chord, playwright_key
from pytest_skyvern.agent.cua.model import ComputerAction
from pytest_skyvern.errors import ActionError
from pytest_skyvern.events import ElementInfo
from pytest_skyvern.secrets import SecretRegistry

if TYPE_CHECKING:
    from playwright.async_api import Page

#: Longest wait a model may ask for in one action.
MAX_WAIT_S = 10.0
#: Pause between typed characters: some pages' key handlers drop instant input.
TYPE_DELAY_MS = 10.0

_DESCRIBE = """([x, y]) => {
  const e = document.elementFromPoint(x, y);
  if (!e) return null;
  const name = e.getAttribute('aria-label') || e.getAttribute('placeholder') ||
    e.getAttribute('name') || (e.innerText || e.value || '').trim().slice(0, 60);
  return {role: e.getAttribute('role') || e.tagName.toLowerCase(), name: name || ''};
}"""


async def perform_action(page: Page, action: ComputerAction, secrets: SecretRegistry) -> None:
    """Do ``action`` on ``page``; a Playwright failure becomes an ``ActionError``."""
    try:
        await _dispatch(page, action, secrets)
    except PlaywrightError as exc:
        message = secrets.mask(str(exc)).splitlines()[0]
        raise ActionError(f"{action.kind} failed: {message}") from exc


async def element_at(page: Page, action: ComputerAction) -> ElementInfo | None:
    """What lies under the action's point, for people reading the timeline."""
    if action.x is None or action.y is None:
        return None
    where = f"at ({action.x}, {action.y})"
    try:
        found = await page.evaluate(_DESCRIBE, [action.x, action.y])
    except PlaywrightError:
        found = None
    if not isinstance(found, dict):
        return ElementInfo(locator=where)
    return ElementInfo(role=str(found.get("role") or ""), name=str(found.get("name") or ""),
                       locator=where)


def _point(action: ComputerAction) -> tuple[float, float]:
    if action.x is None or action.y is None:
        raise ActionError(f"{action.kind} needs a point (x, y)")
    return float(action.x), float(action.y)


async def _dispatch(page: Page, action: ComputerAction, secrets: SecretRegistry) -> None:
    mouse, keyboard, kind = page.mouse, page.keyboard, action.kind
    if kind == "type":
        await keyboard.type(secrets.resolve(action.text or ""), delay=TYPE_DELAY_MS)
    elif kind == "key":
        if not action.keys:
            raise ActionError("key needs at least one key")
        await keyboard.press(chord(tuple(playwright_key(k) for k in action.keys)))
    elif kind == "wait":
        await page.wait_for_timeout(min(max(action.seconds, 0.0), MAX_WAIT_S) * 1000)
    elif kind == "screenshot":
        return  # the loop takes one after every turn anyway
    elif kind == "drag":
        await _drag(page, action)
    elif kind == "scroll" and (action.x is None or action.y is None):
        await mouse.wheel(action.scroll_x, action.scroll_y)  # where the pointer is
    elif kind in ("mouse_down", "mouse_up"):
        if action.x is not None and action.y is not None:
            await mouse.move(*_point(action))
        await (mouse.down if kind == "mouse_down" else mouse.up)(button=action.button)
    else:
        x, y = _point(action)
        held = [playwright_key(k) for k in action.keys]
        for key in held:
            await keyboard.down(key)
        try:
            if kind == "move":
                await mouse.move(x, y)
            elif kind == "scroll":
                await mouse.move(x, y)
                await mouse.wheel(action.scroll_x, action.scroll_y)
            else:
                clicks = {"click": 1, "double_click": 2, "triple_click": 3}[kind]
                await mouse.click(x, y, button=action.button, click_count=clicks)
        finally:
            for key in reversed(held):
                await keyboard.up(key)


async def _drag(page: Page, action: ComputerAction) -> None:
    if len(action.path) < 2:
        raise ActionError("drag needs a path of at least two points")
    (x0, y0), *rest = action.path
    await page.mouse.move(x0, y0)
    await page.mouse.down(button=action.button)
    for x, y in rest:
        await page.mouse.move(x, y, steps=5)
    await page.mouse.up(button=action.button)
