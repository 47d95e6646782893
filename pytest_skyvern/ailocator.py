"""``AILocator``: a real Playwright ``Locator`` whose target is described in words.

Playwright's ``page.locator()`` is synchronous and lazy, but finding an element by a
prompt needs the AI tiers, which are async. So the AI locator is lazy too: its first
async action (``click``, ``fill``, ``text_content`` ...) resolves the prompt once, then
acts on the resolved locator. ``await page.locator(prompt=...)`` resolves it
explicitly and returns the plain ``Locator`` (for chaining ``.first``, ``.filter`` ...).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from pytest_skyvern.errors import SkyvernError

if TYPE_CHECKING:
    from pytest_skyvern.page import SkyvernBrowserPage


class UnresolvedLocatorError(SkyvernError):
    """A synchronous Locator method was used before the AI resolved the prompt."""


class AILocator(Locator):
    """A ``Locator`` resolved from a natural-language prompt on first use."""

    _page: SkyvernBrowserPage
    _selector: str | None
    _prompt: str
    _ai: str | None
    _kwargs: dict[str, Any]
    _resolved: Locator | None

    @classmethod
    def create(
        cls, page: SkyvernBrowserPage, *, selector: str | None, prompt: str,
        ai: str | None, **kwargs: Any,
    ) -> AILocator:
        # Start from a locator of the given selector (or one matching nothing) so the
        # object is a fully formed Locator; actions go through `resolve()` first.
        base = Page.locator(page, selector or "internal:role=skyvern-unresolved", **kwargs)
        obj = cls(base._impl_obj)
        obj._page, obj._selector, obj._prompt, obj._ai = page, selector, prompt, ai
        obj._kwargs, obj._resolved = kwargs, None
        return obj

    async def resolve(self) -> Locator:
        """The concrete locator: the selector if it matches (``ai="fallback"``), else AI."""
        if self._resolved is not None:
            return self._resolved
        if self._selector is not None and self._ai == "fallback":
            plain = Page.locator(self._page, self._selector, **self._kwargs)
            try:
                await plain.first.wait_for(
                    state="attached", timeout=self._page._skyvern_selector_timeout * 1000
                )
                self._resolved = plain
                return plain
            except PlaywrightError:
                pass
        self._resolved = await self._page.ai_backend.locate(self._page, self._prompt, "locate")
        return self._resolved

    def __await__(self) -> Generator[Any, None, Locator]:
        return self.resolve().__await__()

    def __repr__(self) -> str:
        if self._resolved is not None:
            return f"<AILocator {self._prompt!r} -> {self._resolved!r}>"
        return f"<AILocator {self._prompt!r} (unresolved)>"


def _async_delegate(name: str) -> Callable[..., Awaitable[Any]]:
    async def method(self: AILocator, *args: Any, **kwargs: Any) -> Any:
        target = await self.resolve()
        return await getattr(target, name)(*args, **kwargs)

    method.__name__ = name
    return method


def _resolved_or_raise(self: AILocator, name: str) -> Locator:
    if self._resolved is None:
        raise UnresolvedLocatorError(
            f"Locator.{name} on an AI locator ({self._prompt!r}) needs it resolved "
            f"first: `loc = await page.locator(prompt=...)`, then `loc.{name}`."
        )
    return self._resolved


def _sync_delegate(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def method(self: AILocator, *args: Any, **kwargs: Any) -> Any:
        return getattr(_resolved_or_raise(self, name), name)(*args, **kwargs)

    return method


def _property_delegate(name: str) -> property:
    return property(lambda self: getattr(_resolved_or_raise(self, name), name))


def _install_delegates() -> None:
    # Every public Locator method goes through the resolved locator, so no call can
    # silently act on the placeholder.
    for name, member in vars(Locator).items():
        if name.startswith("_") or name in vars(AILocator):
            continue
        if inspect.iscoroutinefunction(member):
            setattr(AILocator, name, _async_delegate(name))
        elif callable(member):
            setattr(AILocator, name, _sync_delegate(name, member))
        elif isinstance(member, property) and member.fget is not None:
            setattr(AILocator, name, _property_delegate(name))


_install_delegates()
