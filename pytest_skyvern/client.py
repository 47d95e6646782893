"""``Skyvern``: the client. ``Skyvern.local()`` runs in-process; ``Skyvern(api_key=...)``
talks to a Skyvern server (cloud mode).

This module holds the browser-layer methods of the SDK (``launch_local_browser``,
``connect_to_browser_over_cdp``) and our ``connect_to_playwright_server``.
"""

from __future__ import annotations

import asyncio
import enum
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, Playwright, async_playwright

from pytest_skyvern.agent.cachetier import CacheTier
from pytest_skyvern.agent.engine import Engine
from pytest_skyvern.agent.factory import budget_from, build_llm
from pytest_skyvern.agent.options import EngineOptions
from pytest_skyvern.agent.steps import StepRunner
from pytest_skyvern.ai import AIBackend
from pytest_skyvern.browser import SkyvernBrowser
from pytest_skyvern.config import Settings, resolve_settings
from pytest_skyvern.discovery import default_cache_root, discover_browser
from pytest_skyvern.errors import (
    BadRequestError,
    BrowserNotFoundError,
    NotFoundError,
    SkyvernError,
)
from pytest_skyvern.llm import LLMClient
from pytest_skyvern.page import SkyvernBrowserPage
from pytest_skyvern.runs import RunEngine, TaskRunResponse, now
from pytest_skyvern.secrets import secrets
from pytest_skyvern.snapshot import install_probe


class SkyvernEnvironment(enum.StrEnum):
    """Where a client runs its work."""

    CLOUD = "cloud"
    LOCAL = "local"


class Skyvern:
    """The pytest-skyvern client, with the Skyvern Python SDK's call surface."""

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
        self._api_key = api_key
        self.base_url = base_url
        self.timeout = timeout
        self._playwright: Playwright | None = None
        self._browsers: list[SkyvernBrowser] = []
        self._task_browser: SkyvernBrowser | None = None
        self._runs: dict[str, TaskRunResponse] = {}
        self._tasks: dict[str, asyncio.Task[TaskRunResponse]] = {}
        #: The model behind the AI steps (None: cache and resolver only).
        self.llm = llm if llm is not None else build_llm(self.settings)
        self.runner = StepRunner(self.llm, secrets(), budget_from(self.settings))
        self.engine = Engine(self.runner, EngineOptions.from_settings(self.settings), cache=cache)

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

    @property
    def is_local(self) -> bool:
        return self.environment == SkyvernEnvironment.LOCAL

    def __repr__(self) -> str:
        return f"Skyvern(environment={self.environment.value!r}, base_url={self.base_url!r})"

    # ------------------------------------------------------------------ AI backend
    def backend_for(self, page: Page) -> AIBackend:
        """The AI backend for a page driven by this client (one engine for all pages)."""
        del page
        return self.engine

    # -------------------------------------------------------------------- browsers
    async def _ensure_playwright(self) -> Playwright:
        if self._playwright is None:
            discovery = discover_browser(self.settings.browser_executable, default_cache_root())
            discovery.require()
            self._playwright = await async_playwright().start()
            await install_probe(self._playwright)
        return self._playwright

    def _adopt(
        self, context: BrowserContext, *, browser: Browser | None = None,
        on_close: Callable[[], Awaitable[None]] | None = None, cdp_url: str | None = None,
    ) -> SkyvernBrowser:
        """A ``SkyvernBrowser`` on ``context`` that this client closes in ``aclose``."""
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

        return self._adopt(context, on_close=close, cdp_url=f"http://127.0.0.1:{cdp_port}")

    async def connect_to_browser_over_cdp(self, cdp_url: str) -> SkyvernBrowser:
        """Connect to a running Chromium over the Chrome DevTools Protocol."""
        pw = await self._ensure_playwright()
        browser = await pw.chromium.connect_over_cdp(cdp_url)
        context = browser.contexts[0] if browser.contexts else await browser.new_context()
        return self._adopt(context, browser=browser, on_close=browser.close, cdp_url=cdp_url)

    async def connect_to_playwright_server(
        self, ws_endpoint: str, **context_args: Any
    ) -> SkyvernBrowser:
        """Connect to a Playwright browser server (``playwright launch-server``) by ws URL."""
        pw = await self._ensure_playwright()
        browser = await pw.chromium.connect(ws_endpoint)
        context = await browser.new_context(**context_args)
        return self._adopt(context, browser=browser, on_close=browser.close)

    # ------------------------------------------------------------------- runs
    async def _task_page(self) -> SkyvernBrowserPage:
        if self._task_browser is None or self._task_browser.closed:
            self._task_browser = await self.launch_local_browser(headless=True, port=0)
        return await self._task_browser.new_page()

    async def run_task(
        self,
        prompt: str,
        url: str | None = None,
        engine: RunEngine | str = RunEngine.skyvern_v2,
        wait_for_completion: bool = False,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        max_steps: int | None = None,
        data_extraction_schema: dict[str, Any] | str | type | None = None,
        error_code_mapping: dict[str, str] | None = None,
        **unused: Any,
    ) -> TaskRunResponse:
        """Run a task in a new page of a local headless browser.

        Without ``wait_for_completion`` it returns at once (status ``queued``); poll with
        ``get_run(run_id)``. The run is kept, so ``get_run`` works either way.
        """
        del unused  # proxy_location, webhook_url, title, ...: no effect locally
        self._require_local("run_task")
        run = TaskRunResponse(status="queued")
        self._runs[run.run_id] = run
        page = await self._task_page()

        async def execute() -> TaskRunResponse:
            try:
                await self.engine.run_task(
                    page, prompt, url=url, engine=engine, timeout=timeout,
                    max_steps=max_steps, data_extraction_schema=data_extraction_schema,
                    error_code_mapping=error_code_mapping, run=run,
                )
                return run
            finally:
                await page.close()

        if wait_for_completion:
            await execute()
            return run.model_copy(deep=True)
        self._tasks[run.run_id] = asyncio.create_task(execute())
        return run.model_copy(deep=True)

    async def get_run(self, run_id: str) -> TaskRunResponse:
        """The current state of a run started by this client."""
        run = self._runs.get(run_id)
        if run is None:
            raise NotFoundError({"detail": f"Run {run_id} not found"})
        return run.model_copy(deep=True)

    async def cancel_run(self, run_id: str) -> None:
        """Cancel a queued or running run; a finished run cannot be cancelled."""
        run = self._runs.get(run_id)
        if run is None:
            raise NotFoundError({"detail": f"Run {run_id} not found"})
        if run.is_terminal:
            raise BadRequestError({"detail": f"Run {run_id} is already {run.status}"})
        task = self._tasks.get(run_id)
        if task is not None:
            task.cancel()
        run.status = "canceled"
        run.finished_at = run.modified_at = now()

    def _require_local(self, method: str) -> None:
        if not self.is_local:
            raise SkyvernError(f"{method}() over the REST API (cloud mode) is not available "
                               "in this version; use Skyvern.local().")

    async def aclose(self) -> None:
        """Close every browser this client opened, then its Playwright driver."""
        for task in self._tasks.values():
            task.cancel()
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
