"""``Skyvern``: the client. ``Skyvern.local()`` runs in-process; ``Skyvern(api_key=...)``
talks to a Skyvern server (cloud mode).

This module holds the browser-layer methods of the SDK (``launch_local_browser``,
``connect_to_browser_over_cdp``) and our ``connect_to_playwright_server``.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from playwright.async_api import Browser, BrowserContext, Page, Playwright, async_playwright

from pytest_skyvern.agent.cachetier import CacheTier
from pytest_skyvern.agent.engine import Engine
from pytest_skyvern.agent.factory import budget_from, build_llm
from pytest_skyvern.agent.options import EngineOptions
from pytest_skyvern.agent.steps import StepRunner
from pytest_skyvern.browser.ai import AIBackend
from pytest_skyvern.browser.discovery import default_cache_root, discover_browser
from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
from pytest_skyvern.client.protocol import SkyvernSDK
from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.config import Settings, resolve_settings
from pytest_skyvern.errors import BrowserNotFoundError, SkyvernError
from pytest_skyvern.llm import LLMClient
from pytest_skyvern.local.inpage import InPageTasks
from pytest_skyvern.local.sessions import LocalBackend
from pytest_skyvern.secrets import secrets
from pytest_skyvern.snapshot import install_listener_hooks, install_probe


class SkyvernEnvironment(enum.StrEnum):
    """Where a client runs its work."""

    CLOUD = "cloud"
    LOCAL = "local"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _on_backend(
    member: Callable[Concatenate[SkyvernSDK, _P], Coroutine[Any, Any, _R]],
) -> Callable[Concatenate[Skyvern, _P], Coroutine[Any, Any, _R]]:
    """The client method ``member`` of ``SkyvernSDK`` (its signature and docstring): it
    runs on the client's back end."""
    name = member.__name__

    @functools.wraps(member)
    async def method(self: Skyvern, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        implementation: Callable[_P, Coroutine[Any, Any, _R]] = getattr(self._backend, name)
        return await implementation(*args, **kwargs)

    return method


class Skyvern:
    """The pytest-skyvern client, with the Skyvern Python SDK's call surface.

    One interface, two back ends chosen when it is built: ``Skyvern.local()`` runs the
    agent, browsers and state on this machine; ``Skyvern(api_key=..., base_url=...)``
    speaks a Skyvern server's REST API. The browser-layer methods are the same in both.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        environment: SkyvernEnvironment = SkyvernEnvironment.CLOUD,
        timeout: float | None = None,
        *,
        settings: Settings | None = None,
        llm: LLMClient | None = None,
        cache: CacheTier | None = None,
    ) -> None:
        self.settings = settings or resolve_settings({}, {})
        if environment == SkyvernEnvironment.CLOUD and not api_key:
            raise SkyvernError(
                "Skyvern(api_key=...) is cloud mode and needs an API key; "
                "use Skyvern.local() to run everything on this machine."
            )
        self.environment = environment
        self._server_url = base_url
        self.timeout = timeout
        self._playwright: Playwright | None = None
        self._browsers: list[SkyvernBrowser] = []
        #: The back end of the SDK's client methods: exactly one of these is set.
        self._cloud: CloudBackend | None = None
        self._local: LocalBackend | None = None
        if environment == SkyvernEnvironment.CLOUD:
            assert api_key is not None
            self._cloud = CloudBackend(api_key, base_url, timeout, connect=self._connect_cdp)
        else:
            self._local = LocalBackend(self)
        #: The model behind the AI steps (None: cache and resolver only).
        self.llm = llm if llm is not None else build_llm(self.settings)
        self.runner = StepRunner(self.llm, secrets(), budget_from(self.settings))
        self.engine = Engine(self.runner, EngineOptions.from_settings(self.settings), cache=cache,
                             tasks=InPageTasks())

    @classmethod
    def local(
        cls, *, settings: Settings | None = None, llm: LLMClient | None = None,
        cache: CacheTier | None = None,
    ) -> Skyvern:
        """A client that runs everything on this machine.

        ``llm`` replaces the LLM built from the settings (any ``LLMClient``).
        """
        return cls(environment=SkyvernEnvironment.LOCAL, settings=settings, llm=llm,
                   cache=cache)

    # ------------------------------------------------------------ the SDK's methods
    # Every method of ``SkyvernSDK`` (runs, workflows, sessions, profiles, credentials,
    # helpers), run on the back end; mypy checks this list against the Protocol.
    run_task = _on_backend(SkyvernSDK.run_task)
    get_run = _on_backend(SkyvernSDK.get_run)
    cancel_run = _on_backend(SkyvernSDK.cancel_run)
    get_run_timeline = _on_backend(SkyvernSDK.get_run_timeline)
    get_run_artifacts = _on_backend(SkyvernSDK.get_run_artifacts)
    get_artifact = _on_backend(SkyvernSDK.get_artifact)
    retry_run_webhook = _on_backend(SkyvernSDK.retry_run_webhook)
    login = _on_backend(SkyvernSDK.login)
    download_files = _on_backend(SkyvernSDK.download_files)
    upload_file = _on_backend(SkyvernSDK.upload_file)
    create_workflow = _on_backend(SkyvernSDK.create_workflow)
    get_workflows = _on_backend(SkyvernSDK.get_workflows)
    get_workflow = _on_backend(SkyvernSDK.get_workflow)
    get_workflow_versions = _on_backend(SkyvernSDK.get_workflow_versions)
    update_workflow = _on_backend(SkyvernSDK.update_workflow)
    delete_workflow = _on_backend(SkyvernSDK.delete_workflow)
    run_workflow = _on_backend(SkyvernSDK.run_workflow)
    create_browser_session = _on_backend(SkyvernSDK.create_browser_session)
    get_browser_session = _on_backend(SkyvernSDK.get_browser_session)
    get_browser_sessions = _on_backend(SkyvernSDK.get_browser_sessions)
    close_browser_session = _on_backend(SkyvernSDK.close_browser_session)
    wait_for_browser_session = _on_backend(SkyvernSDK.wait_for_browser_session)
    connect_to_cloud_browser_session = _on_backend(SkyvernSDK.connect_to_cloud_browser_session)
    launch_cloud_browser = _on_backend(SkyvernSDK.launch_cloud_browser)
    use_cloud_browser = _on_backend(SkyvernSDK.use_cloud_browser)
    create_browser_profile = _on_backend(SkyvernSDK.create_browser_profile)
    list_browser_profiles = _on_backend(SkyvernSDK.list_browser_profiles)
    get_browser_profile = _on_backend(SkyvernSDK.get_browser_profile)
    delete_browser_profile = _on_backend(SkyvernSDK.delete_browser_profile)
    create_credential = _on_backend(SkyvernSDK.create_credential)
    get_credentials = _on_backend(SkyvernSDK.get_credentials)
    get_credential = _on_backend(SkyvernSDK.get_credential)
    delete_credential = _on_backend(SkyvernSDK.delete_credential)
    send_totp_code = _on_backend(SkyvernSDK.send_totp_code)

    @property
    def _backend(self) -> SkyvernSDK:
        backend: SkyvernSDK | None = self._cloud if self._cloud is not None else self._local
        assert backend is not None
        return backend

    @property
    def is_local(self) -> bool:
        return self.environment == SkyvernEnvironment.LOCAL

    @property
    def local_backend(self) -> LocalBackend:
        """The local back end, for what only it offers (the session fixtures adopt and
        reopen browser sessions through it); a ``SkyvernError`` for a cloud client."""
        if self._local is None:
            raise SkyvernError("local browser sessions need a local client (Skyvern.local())")
        return self._local

    def __repr__(self) -> str:
        return f"Skyvern(environment={self.environment.value!r}, base_url={self._server_url!r})"

    # ------------------------------------------------------------------ AI backend
    def backend_for(self, page: Page) -> AIBackend:
        """The AI backend for a page driven by this client (one engine for all pages)."""
        del page
        return self.engine

    # -------------------------------------------------------------------- browsers
    async def _ensure_playwright(self) -> Playwright:
        if self._playwright is None:
            if self.is_local:  # cloud mode only connects to remote browsers
                discovery = discover_browser(
                    self.settings.browser_executable, default_cache_root()
                )
                discovery.require()
            self._playwright = await async_playwright().start()
            await install_probe(self._playwright)
        return self._playwright

    async def _adopt(
        self, context: BrowserContext, *, browser: Browser | None = None,
        on_close: Callable[[], Awaitable[None]] | None = None, cdp_url: str | None = None,
    ) -> SkyvernBrowser:
        """A ``SkyvernBrowser`` on ``context`` that this client closes in ``aclose``."""
        await install_listener_hooks(context)
        adopted = SkyvernBrowser(
            context, browser=browser, backend_factory=self.backend_for,
            selector_timeout=self.settings.selector_timeout, default_ai=self.settings.ai,
            on_close=on_close, cdp_url=cdp_url,
        )
        self._browsers.append(adopted)
        return adopted

    async def launch_local_browser(
        self,
        headless: bool = False,
        port: int = 9222,
        args: list[str] | None = None,
        user_data_dir: str | None = None,
    ) -> SkyvernBrowser:
        """Launch a local Chromium with CDP enabled on ``port`` (0 picks a free port)."""
        if not self.is_local:
            raise SkyvernError(
                "launch_local_browser() needs local mode (Skyvern.local()); in cloud mode "
                "use launch_cloud_browser()."
            )
        pw = await self._ensure_playwright()
        temp_dir = None if user_data_dir else tempfile.mkdtemp(prefix="skyvern-profile-")
        data_dir = user_data_dir or temp_dir
        assert data_dir is not None
        context = await pw.chromium.launch_persistent_context(
            data_dir,
            headless=headless,
            args=[f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1",
                  *(args or [])],
        )
        cdp_port = port or await _read_devtools_port(Path(data_dir))

        async def close() -> None:
            await context.close()
            if temp_dir:
                shutil.rmtree(temp_dir, ignore_errors=True)

        return await self._adopt(context, on_close=close, cdp_url=f"http://127.0.0.1:{cdp_port}")

    async def launch_context_browser(self, **context_args: Any) -> SkyvernBrowser:
        """A fresh headless Chromium with one context made of ``context_args`` (a local
        back end's browser profiles start from one); this client closes it."""
        pw = await self._ensure_playwright()
        browser = await pw.chromium.launch(headless=True)
        try:
            context = await browser.new_context(**context_args)
        except BaseException:
            await browser.close()
            raise
        return await self._adopt(context, browser=browser, on_close=browser.close)

    async def connect_to_browser_over_cdp(self, cdp_url: str) -> SkyvernBrowser:
        """Connect to a running Chromium over the Chrome DevTools Protocol."""
        return await self._connect_cdp(cdp_url, {})

    async def _connect_cdp(self, cdp_url: str, headers: dict[str, str]) -> SkyvernBrowser:
        # Also how cloud browser sessions are reached (their `browser_address`, with the
        # API key header a Skyvern server may ask for).
        pw = await self._ensure_playwright()
        browser = await pw.chromium.connect_over_cdp(cdp_url, headers=headers or None)
        context = browser.contexts[0] if browser.contexts else await browser.new_context()
        return await self._adopt(context, browser=browser, on_close=browser.close, cdp_url=cdp_url)

    async def connect_to_playwright_server(
        self, ws_endpoint: str, **context_args: Any
    ) -> SkyvernBrowser:
        """Connect to a Playwright browser server (``playwright launch-server``) by ws URL."""
        pw = await self._ensure_playwright()
        browser = await pw.chromium.connect(ws_endpoint)
        context = await browser.new_context(**context_args)
        return await self._adopt(context, browser=browser, on_close=browser.close)

    async def aclose(self) -> None:
        """Close every browser this client opened, then its Playwright driver."""
        if self._local is not None:
            await self._local.aclose()
        if self._cloud is not None:
            await self._cloud.aclose()
        for browser in reversed(self._browsers):
            await browser.close()
        self._browsers.clear()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
        if self.llm is not None:
            await self.llm.aclose()

    async def __aenter__(self) -> Skyvern:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


async def _read_devtools_port(user_data_dir: Path, timeout_s: float = 10.0) -> int:
    """The port Chromium chose for ``--remote-debugging-port=0``."""
    marker = user_data_dir / "DevToolsActivePort"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while loop.time() < deadline:
        if marker.exists():
            first_line = marker.read_text().splitlines()[:1]
            if first_line and first_line[0].isdigit():
                return int(first_line[0])
        await asyncio.sleep(0.05)
    raise BrowserNotFoundError(
        f"Chromium did not report its DevTools port in {marker} within {timeout_s} s."
    )



if TYPE_CHECKING:
    # The client and both back ends are the SDK's surface (tests/test_sdk_protocol.py
    # checks the same at run time, parameter by parameter).
    _implements_the_sdk: tuple[type[SkyvernSDK], ...] = (Skyvern, CloudBackend, LocalBackend)
