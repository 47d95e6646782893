"""Browser sessions and profiles over REST, and the cloud browsers built on sessions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pytest_skyvern.cloud.base import APIArea, body, proxy_name
from pytest_skyvern.errors import ApiError, SkyvernError
from pytest_skyvern.sdk.models import (
    SESSION_START_TIMEOUT_S,
    BrowserProfile,
    BrowserSessionResponse,
    RequestOptions,
)

if TYPE_CHECKING:
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser

#: Connects to a CDP endpoint (with the headers to send) and returns a ``SkyvernBrowser``.
CDPConnect = Callable[[str, dict[str, str]], Awaitable["SkyvernBrowser"]]

_CLOSED = frozenset({"completed", "failed", "terminated", "timed_out", "closed"})


class SessionsAPI(APIArea):
    """Persistent browser sessions, browser profiles, and connecting to sessions."""

    _api_key: str
    _connect: CDPConnect | None

    # ------------------------------------------------------------------ sessions
    async def create_browser_session(
        self,
        timeout: int | None = 60,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
        extensions: list[str] | None = None,
        browser_type: str | None = None,
        *,
        browser_profile_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> BrowserSessionResponse:
        """Start a persistent browser; ``timeout`` is in minutes (5-1440)."""
        data = await self._call("POST", "/v1/browser_sessions", json_body=body(
            timeout=timeout, proxy_location=proxy_name(proxy_location),
            extensions=[getattr(e, "value", e) for e in extensions] if extensions else None,
            browser_type=getattr(browser_type, "value", browser_type),
            browser_profile_id=browser_profile_id,
        ), request_options=request_options)
        return BrowserSessionResponse.model_validate(data)

    async def get_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> BrowserSessionResponse:
        return BrowserSessionResponse.model_validate(await self._call(
            "GET", f"/v1/browser_sessions/{browser_session_id}",
            request_options=request_options))

    async def get_browser_sessions(
        self, *, request_options: RequestOptions | None = None
    ) -> list[BrowserSessionResponse]:
        """The organisation's active sessions."""
        data = await self._call("GET", "/v1/browser_sessions", request_options=request_options)
        return [BrowserSessionResponse.model_validate(item) for item in data or []]

    async def close_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        await self._call("POST", f"/v1/browser_sessions/{browser_session_id}/close",
                         request_options=request_options)

    async def wait_for_browser_session(
        self, browser_session_id: str, timeout: float = SESSION_START_TIMEOUT_S,  # noqa: ASYNC109
    ) -> BrowserSessionResponse:
        """Poll a session until it has a ``browser_address`` (``TimeoutError`` otherwise).

        A Skyvern server answers the create call at once, with status ``created`` and no
        address; the browser starts in the background.
        """
        async with asyncio.timeout(timeout):
            while True:
                session = await self.get_browser_session(browser_session_id)
                if session.browser_address:
                    return session
                if session.status in _CLOSED:
                    raise ApiError(None, {"detail": f"browser session {browser_session_id} "
                                          f"ended ({session.status}) before it started"})
                await asyncio.sleep(min(self.poll_interval, 0.5))

    # ------------------------------------------------------------------ cloud browsers
    async def _connect_session(self, session: BrowserSessionResponse) -> SkyvernBrowser:
        if not session.browser_address:
            session = await self.wait_for_browser_session(session.browser_session_id)
        if self._connect is None:
            raise SkyvernError("this CloudBackend was built without a CDP connector; "
                               "use Skyvern(api_key=...) to get cloud browsers")
        assert session.browser_address is not None
        return await self._connect(session.browser_address, {"x-api-key": self._api_key})

    async def connect_to_cloud_browser_session(self, browser_session_id: str) -> SkyvernBrowser:
        """Connect over CDP to an existing session (waiting for it to have a browser)."""
        return await self._connect_session(await self.get_browser_session(browser_session_id))

    async def launch_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> SkyvernBrowser:
        """Create a session and connect to it."""
        session = await self.create_browser_session(
            timeout=timeout or 60, proxy_location=proxy_location)
        return await self._connect_session(session)

    async def use_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> SkyvernBrowser:
        """Connect to the most recently started idle session, or launch a new one."""
        idle = [
            s for s in await self.get_browser_sessions()
            if s.runnable_id is None and s.started_at is not None and s.browser_address
            and s.status not in _CLOSED
        ]
        if idle:
            return await self._connect_session(max(idle, key=lambda s: s.started_at or 0))
        return await self.launch_cloud_browser(timeout=timeout, proxy_location=proxy_location)

    # ------------------------------------------------------------------ profiles
    async def create_browser_profile(
        self,
        name: str,
        description: str | None = None,
        workflow_run_id: str | None = None,
        browser_session_id: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> BrowserProfile:
        """Save browser state from a finished run or a session under ``name``."""
        data = await self._call("POST", "/v1/browser_profiles", json_body=body(
            name=name, description=description, workflow_run_id=workflow_run_id,
            browser_session_id=browser_session_id,
        ), request_options=request_options)
        return BrowserProfile.model_validate(data)

    async def list_browser_profiles(
        self, include_deleted: bool | None = None, *,
        request_options: RequestOptions | None = None,
    ) -> list[BrowserProfile]:
        data = await self._call("GET", "/v1/browser_profiles",
                                params={"include_deleted": include_deleted},
                                request_options=request_options)
        return [BrowserProfile.model_validate(item) for item in data or []]

    async def get_browser_profile(
        self, profile_id: str, *, request_options: RequestOptions | None = None
    ) -> BrowserProfile:
        return BrowserProfile.model_validate(await self._call(
            "GET", f"/v1/browser_profiles/{profile_id}", request_options=request_options))

    async def delete_browser_profile(
        self, profile_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        await self._call("DELETE", f"/v1/browser_profiles/{profile_id}",
                         request_options=request_options)


