"""Map a snapshot element back to a live Playwright locator."""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from .model import Element


def locator_for(page: Page, element: Element) -> Locator:
    """The locator of ``element`` while its snapshot is fresh.

    Frame refs carry their frame's prefix (``f1e3``) and Playwright routes
    ``aria-ref=f1e3`` from the page into that frame, so ``frame_path`` needs no
    ``frame_locator`` chain.
    """
    return page.locator(f"aria-ref={element.ref}")


async def element_exists(page: Page, ref: str) -> bool:
    """True when ``ref`` still points at an element attached to the page."""
    try:
        return await page.locator(f"aria-ref={ref}").count() == 1
    except PlaywrightError:
        # A ref from before a navigation is not an error for the caller, only gone.
        return False
