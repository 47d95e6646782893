"""``SkyvernBrowserPage``: a real Playwright ``Page`` plus the Skyvern SDK's AI methods.

It is a subclass of ``playwright.async_api.Page`` wrapping the same underlying page
object, and it is registered as that object's API wrapper, so Playwright itself hands
it out (``context.pages``, ``locator.page``, event handlers). Every Playwright method
and property works unchanged; only ``click``, ``fill``, ``select_option`` and
``locator`` gain the SDK's optional ``prompt`` / ``ai`` arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright._impl._impl_to_api_mapping import API_ATTR
from playwright.async_api import FilePayload, Locator, Page

from pytest_skyvern.browser.ai import AIBackend, NoAIBackend, SkyvernAgent
from pytest_skyvern.browser.ailocator import AILocator
from pytest_skyvern.browser.fallback import check_ai_mode, pop_timeout, selector_first
from pytest_skyvern.browser.remote_files import local_files, urls_in, without_urls
from pytest_skyvern.resolve import value_in
from pytest_skyvern.secrets import secrets

Files = str | Path | FilePayload | Sequence[str | Path] | Sequence[FilePayload]

DEFAULT_SELECTOR_TIMEOUT_S = 5.0
#: ``ai=`` left unset: use the configured mode (``--skyvern-ai``, default "fallback").
DEFAULT_AI = "default"


class SkyvernBrowserPage(Page):
    """A Playwright ``Page`` with ``act``, ``extract``, ``validate``, ``prompt``, ``agent``
    and selector-first ``click`` / ``fill`` / ``select_option`` / ``upload_file`` /
    ``locator``."""

    _skyvern_ai: AIBackend
    _skyvern_selector_timeout: float
    _skyvern_default_ai: str
    _skyvern_agent: SkyvernAgent | None

    @classmethod
    def wrap(
        cls,
        page: Page,
        ai: AIBackend | None = None,
        *,
        selector_timeout: float = DEFAULT_SELECTOR_TIMEOUT_S,
        default_ai: str = "fallback",
    ) -> SkyvernBrowserPage:
        """The ``SkyvernBrowserPage`` for ``page`` (the same one on every call).

        ``ai`` replaces the backend of an already wrapped page when given.
        """
        impl = page._impl_obj
        current = getattr(impl, API_ATTR, None)
        if isinstance(current, SkyvernBrowserPage):
            if ai is not None:
                current._skyvern_ai = ai
            return current
        wrapped = cls(impl)
        wrapped._skyvern_ai = ai or NoAIBackend()
        wrapped._skyvern_selector_timeout = selector_timeout
        wrapped._skyvern_default_ai = default_ai
        wrapped._skyvern_agent = None
        # From now on Playwright returns this object wherever it returns the page.
        setattr(impl, API_ATTR, wrapped)
        return wrapped

    @property
    def ai_backend(self) -> AIBackend:
        """The backend answering this page's AI steps."""
        return self._skyvern_ai

    # ------------------------------------------------------------------ AI verbs
    async def act(self, prompt: str) -> None:
        """Perform the action(s) described in natural language. Fails loudly if it cannot."""
        await self._skyvern_ai.act(self, prompt)

    async def extract(
        self,
        prompt: str,
        schema: dict[str, Any] | list[Any] | str | type | None = None,
        error_code_mapping: dict[str, str] | None = None,
    ) -> Any:
        """Structured data from the page; validated against ``schema`` when given."""
        del error_code_mapping  # accepted for SDK compatibility; used by the agent loop
        return await self._skyvern_ai.extract(self, prompt, schema)

    async def validate(self, prompt: str, *, strict: bool = False) -> bool:
        """Whether the claim holds on the current page.

        ``strict=True`` is the assertion form: a false claim raises ``ExpectationFailed``
        (an ``AssertionError``) with the model's reasoning and a screenshot path.
        """
        return await self._skyvern_ai.validate(self, prompt, strict=strict)

    async def prompt(self, prompt: str, schema: dict[str, Any] | type | None = None) -> Any:
        """Ask the model a question (no page context); JSON when ``schema`` is given."""
        return await self._skyvern_ai.prompt(self, prompt, schema)

    @property
    def agent(self) -> SkyvernAgent:
        """Task-level AI: ``run_task``, ``login``, ``download_files``, ``run_workflow``."""
        if self._skyvern_agent is None:
            self._skyvern_agent = SkyvernAgent(self, lambda: self._skyvern_ai)
        return self._skyvern_agent

    # ------------------------------------------------------- selector-first actions
    def _ai_mode(self, ai: str | None, selector: str | None, prompt: str | None, verb: str
                 ) -> str | None:
        """The effective ``ai`` mode of one call: the argument, or the configured default."""
        if ai != DEFAULT_AI:
            return ai
        mode = self._skyvern_default_ai
        if mode == "off":
            if selector is None:
                raise ValueError(f"{verb}() needs a selector: AI is off (--skyvern-ai=off).")
            return None
        if mode == "proactive" and not prompt:
            return "fallback"  # nothing to be proactive with; the selector alone decides
        return mode

    async def click(  # type: ignore[override]
        self,
        selector: str | None = None,
        *,
        prompt: str | None = None,
        ai: str | None = DEFAULT_AI,
        **kwargs: Any,
    ) -> str | None:
        """Click by selector, by AI prompt, or selector first with AI as fallback.

        Returns the selector that was clicked (for AI: the resolved locator).
        """
        ai = self._ai_mode(ai, selector, prompt, "click")
        timeout = pop_timeout(kwargs, self._skyvern_selector_timeout)

        async def with_selector(sel: str, t: float) -> str | None:
            await Page.click(self, sel, timeout=t, **kwargs)
            return sel

        async def with_ai(text: str) -> str | None:
            async def do(target: Locator) -> str | None:
                await target.click(**_locator_kwargs(kwargs))
                return str(target)

            return await self._skyvern_ai.act_on(self, text, "click", do)

        return await selector_first(
            self, verb="click", selector=selector, prompt=prompt, ai=ai,
            timeout_ms=timeout, with_selector=with_selector, with_ai=with_ai,
        )

    async def fill(  # type: ignore[override]
        self,
        selector: str | None = None,
        value: str | None = None,
        *,
        prompt: str | None = None,
        ai: str | None = DEFAULT_AI,
        **kwargs: Any,
    ) -> str | None:
        """Fill a field by selector, by AI prompt, or selector first with AI as fallback.

        The value is typed into the browser only; it is never sent to an LLM. A
        registered secret can be given as its placeholder, e.g. ``"{{password}}"``.
        Without ``value``, the prompt says it: ``fill(prompt="Type 'Ada' in the name input")``.
        """
        if value is None:
            value = _value_in(prompt, "fill")
        ai = self._ai_mode(ai, selector, prompt, "fill")
        timeout = pop_timeout(kwargs, self._skyvern_selector_timeout)
        # A registered secret may be given as its placeholder ({{password}}): the real
        # value is swapped in here, at the moment of typing, and nowhere else.
        text_value = secrets().resolve(value)

        async def with_selector(sel: str, t: float) -> str | None:
            await Page.fill(self, sel, text_value, timeout=t, **kwargs)
            return sel

        async def with_ai(text: str) -> str | None:
            async def do(target: Locator) -> str | None:
                await target.fill(text_value, **_locator_kwargs(kwargs))
                return str(target)

            return await self._skyvern_ai.act_on(self, text, "fill", do, value=value)

        return await selector_first(
            self, verb="fill", selector=selector, prompt=prompt, ai=ai,
            timeout_ms=timeout, with_selector=with_selector, with_ai=with_ai,
        )

    async def select_option(
        self,
        selector: str | None = None,
        value: str | Sequence[str] | None = None,
        *,
        prompt: str | None = None,
        ai: str | None = DEFAULT_AI,
        **kwargs: Any,
    ) -> list[str]:
        """Select option(s) by selector, by AI prompt, or selector first with AI fallback.

        Without ``value`` (or Playwright's ``label=`` / ``index=``), the prompt says it:
        ``select_option(prompt="Select 'Audi' in the car combobox")``.
        """
        if value is None and not {"label", "index", "element"} & kwargs.keys():
            value = _value_in(prompt, "select_option")
        ai = self._ai_mode(ai, selector, prompt, "select_option")
        timeout = pop_timeout(kwargs, self._skyvern_selector_timeout)

        async def with_selector(sel: str, t: float) -> list[str]:
            return await Page.select_option(self, sel, value, timeout=t, **kwargs)

        async def with_ai(text: str) -> list[str]:
            async def do(target: Locator) -> list[str]:
                return await target.select_option(value, **_locator_kwargs(kwargs))

            shown = value if isinstance(value, str) or value is None else ", ".join(value)
            return await self._skyvern_ai.act_on(self, text, "select", do, value=shown)

        return await selector_first(
            self, verb="select_option", selector=selector, prompt=prompt, ai=ai,
            timeout_ms=timeout, with_selector=with_selector, with_ai=with_ai,
        )

    async def upload_file(
        self,
        selector: str | None = None,
        files: Files | None = None,
        *,
        prompt: str | None = None,
        ai: str | None = DEFAULT_AI,
        **kwargs: Any,
    ) -> str | None:
        """Set the files of a file input found by selector or AI prompt.

        When the AI finds a button that opens a file chooser rather than the input
        itself, the chooser is answered with ``files``. A file may be an http(s) URL,
        given in ``files`` or written in the prompt ("Upload this file https://..."): it
        is downloaded to a temporary folder first and removed after the upload.
        """
        if prompt is not None and urls_in(prompt):
            if files is None:
                files = urls_in(prompt)[0]
            prompt = without_urls(prompt) or "the file input"
        if files is None:
            raise ValueError("upload_file() needs files to upload (or a URL in the prompt).")
        ai = self._ai_mode(ai, selector, prompt, "upload_file")
        timeout = pop_timeout(kwargs, self._skyvern_selector_timeout)
        async with local_files(files) as payload:
            return await self._upload(selector, payload, prompt, ai, timeout, kwargs)

    async def _upload(
        self, selector: str | None, payload: Files, prompt: str | None, ai: str | None,
        timeout_ms: float, kwargs: dict[str, Any],
    ) -> str | None:
        async def with_selector(sel: str, t: float) -> str | None:
            await Page.set_input_files(self, sel, payload, timeout=t, **kwargs)
            return sel

        async def with_ai(text: str) -> str | None:
            async def do(target: Locator) -> str | None:
                is_file_input = await target.evaluate(
                    "e => e instanceof HTMLInputElement && e.type === 'file'"
                )
                if is_file_input:
                    await target.set_input_files(payload)
                else:
                    async with self.expect_file_chooser() as chooser_info:
                        await target.click()
                    chooser = await chooser_info.value
                    await chooser.set_files(payload)
                return str(target)

            return await self._skyvern_ai.act_on(self, text, "upload", do)

        return await selector_first(
            self, verb="upload_file", selector=selector, prompt=prompt, ai=ai,
            timeout_ms=timeout_ms, with_selector=with_selector, with_ai=with_ai,
        )

    def locator(
        self,
        selector: str | None = None,
        *,
        prompt: str | None = None,
        ai: str | None = DEFAULT_AI,
        **kwargs: Any,
    ) -> Locator:
        """A Playwright ``Locator``, by selector or by AI prompt.

        With a prompt the result is an ``AILocator``: a real ``Locator`` that resolves
        the prompt on its first action (or on ``await``), falling back from the
        selector to AI per ``ai`` like ``click``.
        """
        if prompt is None:
            if selector is None:
                raise ValueError("locator() needs a selector, a prompt, or both.")
            return Page.locator(self, selector, **kwargs)
        ai = self._ai_mode(ai, selector, prompt, "locator")
        check_ai_mode(ai, selector, prompt, "locator")
        return AILocator.create(
            self, backend=lambda: self._skyvern_ai, selector_timeout=self._skyvern_selector_timeout,
            selector=selector, prompt=prompt, ai=ai, **kwargs)


def _value_in(prompt: str | None, verb: str) -> str:
    """The value an instruction names ("Type 'Ada' in the name input" -> "Ada")."""
    found = value_in(prompt) if prompt else None
    if found is None:
        raise ValueError(
            f"{verb}() needs a value: pass value=..., or quote it in the prompt "
            f"(\"Type 'Ada' into the name field\"); none was found in {prompt!r}."
        )
    return found


def _locator_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    # Page actions take `strict`; the same action on a Locator does not.
    return {k: v for k, v in kwargs.items() if k != "strict"}
