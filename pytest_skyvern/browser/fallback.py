"""Selector-first actions with the Skyvern SDK's semantics.

``ai="fallback"`` (default): try the selector with a bounded wait; on failure press
Escape (a popup may be in the way) and retry once; then use AI, but only when a
prompt was given. With no prompt the original Playwright error is re-raised unchanged.
``ai="proactive"`` goes straight to AI. ``ai=None`` is plain Playwright.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.async_api import Page

T = TypeVar("T")

AI_CHOICES = ("fallback", "proactive", None)
#: The retry after Escape is short: it only helps when an overlay was in the way,
#: and a missing element should reach the AI tier without a second full wait.
RETRY_TIMEOUT_MS = 1000.0


def check_ai_mode(ai: str | None, selector: str | None, prompt: str | None, verb: str) -> None:
    """Reject argument combinations that cannot work, naming what would."""
    if ai not in AI_CHOICES:
        raise ValueError(
            f"{verb}(ai={ai!r}): valid values are 'fallback', 'proactive' and None."
        )
    if ai is None and selector is None:
        raise ValueError(f"{verb}(ai=None) is plain Playwright and needs a selector.")
    if ai == "proactive" and not prompt:
        raise ValueError(f"{verb}(ai='proactive') needs a prompt describing the element.")
    if selector is None and not prompt:
        raise ValueError(f"{verb}() needs a selector, a prompt, or both.")


async def selector_first(
    page: Page,
    *,
    verb: str,
    selector: str | None,
    prompt: str | None,
    ai: str | None,
    timeout_ms: float,
    with_selector: Callable[[str, float], Awaitable[T]],
    with_ai: Callable[[str], Awaitable[T]],
) -> T:
    """Run ``with_selector`` then, per the ``ai`` mode, ``with_ai``.

    ``with_selector(selector, timeout_ms)`` performs the plain Playwright action;
    ``with_ai(prompt)`` resolves the element through the AI backend and acts on it.
    """
    check_ai_mode(ai, selector, prompt, verb)
    if ai == "proactive" or selector is None:
        assert prompt is not None
        return await with_ai(prompt)
    if ai is None:
        return await with_selector(selector, timeout_ms)
    try:
        return await with_selector(selector, timeout_ms)
    except PlaywrightError as first_error:
        original = first_error
    try:
        await page.keyboard.press("Escape")
        return await with_selector(selector, min(timeout_ms, RETRY_TIMEOUT_MS))
    except PlaywrightError:
        pass
    if not prompt:
        raise original
    return await with_ai(prompt)


def pop_timeout(kwargs: dict[str, Any], default_s: float) -> float:
    """The caller's Playwright ``timeout`` (ms) if given, else the configured bound."""
    timeout = kwargs.pop("timeout", None)
    return float(timeout) if timeout is not None else default_s * 1000.0
