"""Local browser sessions: persistent headless Chromiums that runs share.

``LocalSessionsMixin`` adds the SDK's sessions, credentials, login and download methods
to the local back end (``LocalBackend``). A session is a real Chromium with a CDP
endpoint on 127.0.0.1; ``run_task(browser_session_id=...)`` runs in its working page,
so a login in one run is still there in the next. Sessions close at their timeout
(minutes) and when the client closes.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from typing import TYPE_CHECKING, Any

from pytest_skyvern.errors import BadRequestError, NotFoundError, SkyvernError
from pytest_skyvern.local.cloudonly import LocalCloudOnlyPart
from pytest_skyvern.local.credentials import LocalCredentialsPart
from pytest_skyvern.local.downloads import LocalDownloadsPart
from pytest_skyvern.local.live import LiveSession
from pytest_skyvern.local.profiles import LocalProfilesMixin
from pytest_skyvern.local.runs import LocalRuns
from pytest_skyvern.sdk.models import BrowserSessionResponse, RequestOptions
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, new_id, now

if TYPE_CHECKING:
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
    from pytest_skyvern.local.host import LocalHost

    _Base = LocalRuns
else:
    _Base = object

_BROWSER_TYPES = (None, "chrome", "chromium")


class LocalSessionsPart(_Base):
    """``create_browser_session`` & co, and ``run_task`` in a session."""

    _host: LocalHost

    def _sessions(self) -> dict[str, LiveSession]:
        # Lazily created: the mixin has no __init__ (LocalRuns owns construction).
        found: dict[str, LiveSession] | None = getattr(self, "_live_sessions", None)
        if found is None:
            found = {}
            self._live_sessions = found
        return found

    def _live(self, browser_session_id: str) -> LiveSession:
        live = self._sessions().get(browser_session_id)
        if live is None:
            raise NotFoundError({"detail": f"Browser session {browser_session_id} not found"})
        return live

    def session_browser(self, browser_session_id: str) -> SkyvernBrowser:
        """The browser of a running session (the ``skyvern_browser_session`` fixture's)."""
        live = self._live(browser_session_id)
        if live.browser is None:
            raise BadRequestError({"detail": f"Browser session {browser_session_id} has "
                                             "no browser"})
        return live.browser

    async def session_page(self, browser_session_id: str) -> SkyvernBrowserPage:
        """The working page of a running session (where its runs happen)."""
        live = self._live(browser_session_id)
        if live.browser is None or live.browser.closed:
            raise BadRequestError({"detail": f"Browser session {browser_session_id} is "
                                             f"{live.record.status}"})
        return await live.browser.get_working_page()

    async def create_browser_session(
        self,
        timeout: int | float | None = 60,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
        extensions: list[str] | None = None,
        browser_type: str | None = None,
        *,
        browser_profile_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> BrowserSessionResponse:
        """Start a headless Chromium with a CDP endpoint; it closes after ``timeout`` minutes."""
        del browser_profile_id, request_options  # no local effect yet
        browser_name = getattr(browser_type, "value", browser_type)
        if proxy_location is not None or extensions or browser_name not in _BROWSER_TYPES:
            raise SkyvernError(
                "Local browser sessions are plain headless Chromium: proxy_location, "
                "extensions and browser types other than 'chrome' need cloud mode.")
        minutes = 60 if timeout is None else timeout
        if minutes <= 0:
            raise BadRequestError({"detail": f"timeout must be positive minutes, got {timeout}"})
        session_id = new_id("pbs")
        # Our own profile dir (not launch_local_browser's): its path names the session,
        # so a leftover Chromium can be traced back, and we remove it on close.
        data_dir = tempfile.mkdtemp(prefix=f"skyvern-session-{session_id}-")
        try:
            browser = await self._host.launch_local_browser(
                headless=True, port=0, user_data_dir=data_dir)
        except BaseException:
            shutil.rmtree(data_dir, ignore_errors=True)
            raise
        started = now()
        # user_data_dir: an extra field, so a test can find this session's Chromium.
        record = BrowserSessionResponse.model_validate({
            "browser_session_id": session_id, "status": "running",
            "browser_address": browser.cdp_url, "timeout": round(minutes),
            "started_at": started, "created_at": started, "modified_at": started,
            "user_data_dir": data_dir,
        })
        live = LiveSession(record, browser, data_dir)
        live.expiry = asyncio.create_task(self._expire(session_id, minutes * 60))
        self._sessions()[session_id] = live
        return record.model_copy(deep=True)

    def adopt_browser_session(self, browser: SkyvernBrowser) -> BrowserSessionResponse:
        """Register a browser we connected to (``--skyvern-cdp-url``) as a session, so
        runs can use it by id; closing it only disconnects."""
        started = now()
        record = BrowserSessionResponse(
            browser_session_id=new_id("pbs"), status="running",
            browser_address=browser.cdp_url, started_at=started, created_at=started)
        self._sessions()[record.browser_session_id] = LiveSession(record, browser)
        return record.model_copy(deep=True)

    async def _expire(self, browser_session_id: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self._close_live(self._live(browser_session_id), status="timed_out")

    async def get_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> BrowserSessionResponse:
        del request_options
        return self._live(browser_session_id).record.model_copy(deep=True)

    async def get_browser_sessions(
        self, *, request_options: RequestOptions | None = None
    ) -> list[BrowserSessionResponse]:
        """The sessions still running."""
        del request_options
        return [live.record.model_copy(deep=True) for live in self._sessions().values()
                if live.record.status == "running"]

    async def close_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        del request_options
        await self._close_live(self._live(browser_session_id), status="closed")

    async def _close_live(self, live: LiveSession, status: str) -> None:
        if live.record.status != "running":
            return
        live.record.status = status
        live.record.completed_at = live.record.modified_at = now()
        expiry = live.expiry
        if expiry is not None and expiry is not asyncio.current_task():
            expiry.cancel()
        try:
            if live.browser is not None:
                await live.browser.close()
        finally:
            if live.user_data_dir:
                shutil.rmtree(live.user_data_dir, ignore_errors=True)

    async def close_all_browser_sessions(self) -> None:
        """Close every session (the client calls this when it closes)."""
        for live in list(self._sessions().values()):
            await self._close_live(live, status="closed")

    # ------------------------------------------------------------------ runs
    async def run_task(
        self,
        prompt: str,
        url: str | None = None,
        engine: RunEngine | str = RunEngine.skyvern_v2,
        wait_for_completion: bool = False,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        max_steps: int | None = None,
        data_extraction_schema: dict[str, Any] | str | type | None = None,
        browser_session_id: str | None = None,
        publish_workflow: bool = False,
        proxy_location: Any = None,
        webhook_url: str | None = None,
        error_code_mapping: dict[str, str] | None = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        title: str | None = None,
        user_agent: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        browser_address: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> TaskRunResponse:
        """``LocalRuns.run_task``; with ``browser_session_id`` it runs in that session's
        working page, which stays open for the next run."""
        if browser_session_id is None:
            return await super().run_task(
                prompt, url=url, engine=engine, wait_for_completion=wait_for_completion,
                timeout=timeout, max_steps=max_steps,
                data_extraction_schema=data_extraction_schema, webhook_url=webhook_url,
                error_code_mapping=error_code_mapping)
        del publish_workflow, proxy_location, totp_identifier, totp_url, title, user_agent
        del extra_http_headers, browser_address, request_options  # no effect locally
        run = TaskRunResponse.model_validate(
            {"status": "queued", "browser_session_id": browser_session_id})
        return await self._start_run(
            run, await self.session_page(browser_session_id), prompt, close_page=False,
            wait_for_completion=wait_for_completion, webhook_url=webhook_url,
            url=url, engine=engine, timeout=timeout,
            max_steps=max_steps, data_extraction_schema=data_extraction_schema,
            error_code_mapping=error_code_mapping,
        )

    async def aclose(self) -> None:
        await super().aclose()
        await self.close_all_browser_sessions()


class LocalSessionsMixin(LocalSessionsPart, LocalCredentialsPart, LocalDownloadsPart):
    """Sessions, credentials, TOTP, ``login``, ``download_files`` and ``upload_file``
    for the local back end. Compose it before ``LocalRuns`` (its ``run_task`` and
    ``aclose`` extend that class's)."""


class LocalBackend(LocalProfilesMixin, LocalSessionsMixin, LocalCloudOnlyPart, LocalRuns):
    """The whole local back end of ``Skyvern``: every method of ``SkyvernSDK``."""
