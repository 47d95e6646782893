"""``AILocator``: a real Playwright ``Locator`` whose target is described in words.

Playwright's ``page.locator()`` is synchronous and lazy, but finding an element by a
prompt needs the AI tiers, which are async. So the AI locator is lazy too: its first
async action (``click``, ``fill``, ``text_content`` ...) resolves the prompt once, then
acts on the resolved locator. Chained calls that make a new locator (``.nth(0)``,
``.first``, ``.filter(...)``, ``.locator("span")``) stay lazy as well: they return an
``AILocator`` that resolves the prompt at its first action and then applies the chain.
``await page.locator(prompt=...)`` resolves it explicitly and returns the plain
``Locator``.
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
    from pytest_skyvern.browser.ai import AIBackend

#: One chained call: (attribute name, positional args, keyword args, is a property).
Step = tuple[str, tuple[Any, ...], dict[str, Any], bool]


class UnresolvedLocatorError(SkyvernError):
    """A Locator method that cannot wait was used before the AI resolved the prompt."""


class AILocator(Locator):
    """A ``Locator`` resolved from a natural-language prompt on first use."""

    _page: Page
    _backend: Callable[[], AIBackend]
    _selector_timeout: float
    _selector: str | None
    _prompt: str
    _ai: str | None
    _kwargs: dict[str, Any]
    _chain: tuple[Step, ...]
    _root: AILocator | None
    _resolved: Locator | None

    @classmethod
    def create(
        cls, page: Page, *, backend: Callable[[], AIBackend], selector_timeout: float,
        selector: str | None, prompt: str, ai: str | None, **kwargs: Any,
    ) -> AILocator:
        """A lazy locator on ``page``, resolved by ``backend()`` (the page's AI backend
        at the time); with ``ai="fallback"`` the selector is tried first, for
        ``selector_timeout`` seconds."""
        # Start from a locator of the given selector (or one matching nothing) so the
        # object is a fully formed Locator; actions go through `resolve()` first.
        base = Page.locator(page, selector or "internal:role=skyvern-unresolved", **kwargs)
        obj = cls(base._impl_obj)
        obj._page, obj._selector, obj._prompt, obj._ai = page, selector, prompt, ai
        obj._backend, obj._selector_timeout = backend, selector_timeout
        obj._kwargs, obj._resolved, obj._chain, obj._root = kwargs, None, (), None
        return obj

    def _then(self, step: Step) -> AILocator:
        """A lazy locator: this one's target, then ``step`` applied to it."""
        root = self._root or self
        obj = AILocator(self._impl_obj)
        obj._page, obj._selector, obj._prompt, obj._ai = (
            self._page, self._selector, self._prompt, self._ai)
        obj._backend, obj._selector_timeout = self._backend, self._selector_timeout
        obj._kwargs, obj._resolved = self._kwargs, None
        obj._chain, obj._root = (*self._chain, step), root
        return obj

    async def _resolve_prompt(self) -> Locator:
        if self._selector is not None and self._ai == "fallback":
            plain = Page.locator(self._page, self._selector, **self._kwargs)
            try:
                await plain.first.wait_for(
                    state="attached", timeout=self._selector_timeout * 1000
                )
                return plain
            except PlaywrightError:
                pass
        return await self._backend().locate(self._page, self._prompt, "locate")

    async def resolve(self) -> Locator:
        """The concrete locator: the selector if it matches (``ai="fallback"``), else AI;
        then any chained calls. The prompt is resolved once for the whole chain."""
        if self._resolved is not None:
            return self._resolved
        root = self._root or self
        if root._resolved is None:
            root._resolved = await root._resolve_prompt()
        target: Locator = root._resolved
        for name, args, kwargs, is_property in self._chain:
            member = getattr(target, name)
            target = member if is_property else member(*args, **kwargs)
        self._resolved = target
        return target

    def __await__(self) -> Generator[Any, None, Locator]:
        return self.resolve().__await__()

    def __repr__(self) -> str:
        chain = "".join(f".{name}" if prop else f".{name}(...)" for name, _, _, prop in self._chain)
        if self._resolved is not None:
            return f"<AILocator {self._prompt!r}{chain} -> {self._resolved!r}>"
        return f"<AILocator {self._prompt!r}{chain} (unresolved)>"


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


def _returns_locator(member: Any) -> bool:
    target = member.fget if isinstance(member, property) else member
    returned = getattr(target, "__annotations__", {}).get("return")
    return returned in (Locator, "Locator")


def _sync_delegate(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    lazy = _returns_locator(original)

    @functools.wraps(original)
    def method(self: AILocator, *args: Any, **kwargs: Any) -> Any:
        if self._resolved is None and lazy:
            return self._then((name, args, kwargs, False))
        return getattr(_resolved_or_raise(self, name), name)(*args, **kwargs)

    return method


def _property_delegate(name: str, original: property) -> property:
    lazy = _returns_locator(original)

    def get(self: AILocator) -> Any:
        if self._resolved is None and lazy:
            return self._then((name, (), {}, True))
        if self._resolved is None and name == "page":
            return self._page
        return getattr(_resolved_or_raise(self, name), name)

    return property(get)


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
            setattr(AILocator, name, _property_delegate(name, member))


_install_delegates()
