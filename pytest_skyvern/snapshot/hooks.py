"""Let the snapshot see click handlers that page scripts register.

``listeners.js`` runs in the page's own JavaScript world as an init script, before the
page's scripts, and remembers the elements they add click, pointer or key handlers to
(``addEventListener``, ``el.onclick = ...``, React props, jQuery delegation). The probe
asks for them through DOM events at snapshot time; nothing on the page changes.

Install it on a context before its pages load (the plugin's fixtures and the client do);
a page that loaded before gets it too, but only learns handlers added from then on.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from weakref import WeakSet

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

_hooked: WeakSet[BrowserContext] = WeakSet()


@cache
def listeners_source() -> str:
    return resources.files(__package__).joinpath("listeners.js").read_text(encoding="utf-8")


async def install_listener_hooks(context: BrowserContext) -> None:
    """Add the listener hooks to every document ``context`` loads from now on (idempotent)."""
    if context in _hooked:
        return
    _hooked.add(context)
    await context.add_init_script(script=listeners_source())


async def ensure_listener_hooks(page: Page) -> None:
    """Hook ``page``'s context if nobody did, and the documents it already shows."""
    context = page.context
    if context in _hooked:
        return
    await install_listener_hooks(context)
    for frame in page.frames:
        try:
            await frame.evaluate(f"() => {{ {listeners_source()} }}")
        except PlaywrightError:
            continue  # a frame that is navigating or gone gets the init script instead
