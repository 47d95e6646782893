"""Map a snapshot element back to a live Playwright locator."""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from .model import Element
from .probe import engine_locator

#: A ref the probe gave an element the aria tree has no node for: ``s3``, ``f2s3`` in a frame.
_PROBE_REF = re.compile(r"^(f\d+)?(s\d+)$")


def ref_locator(page: Page, ref: str, frame_path: tuple[str, ...] = ()) -> Locator:
    """The locator of a snapshot ref.

    Aria refs carry their frame's prefix (``f1e3``) and Playwright routes ``aria-ref=f1e3``
    from the page into that frame. Probe refs (``f1s3``) are found by the probe engine
    inside the innermost iframe of ``frame_path``.
    """
    probe = _PROBE_REF.match(ref)
    if probe is None:
        return page.locator(f"aria-ref={ref}")
    return engine_locator(page, frame_path[-1] if frame_path else None, "@" + probe.group(2))


def locator_for(page: Page, element: Element) -> Locator:
    """The locator of ``element`` while its snapshot is fresh."""
    return ref_locator(page, element.ref, element.frame_path)


async def element_exists(page: Page, ref: str, frame_path: tuple[str, ...] = ()) -> bool:
    """True when ``ref`` still points at an element attached to the page."""
    try:
        return await ref_locator(page, ref, frame_path).count() == 1
    except PlaywrightError:
        # A ref from before a navigation is not an error for the caller, only gone.
        return False
