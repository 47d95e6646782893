"""``CloudBackend``: every client method of the SDK (``SkyvernSDK``), over a Skyvern
server's REST API."""

from __future__ import annotations

import httpx

from pytest_skyvern._version import __version__
from pytest_skyvern.cloud.base import DEFAULT_POLL_INTERVAL_S
from pytest_skyvern.cloud.credentials import CredentialsAPI
from pytest_skyvern.cloud.sessions import CDPConnect, SessionsAPI
from pytest_skyvern.cloud.tasks import TasksAPI
from pytest_skyvern.cloud.transport import DEFAULT_MAX_RETRIES, CloudTransport
from pytest_skyvern.cloud.workflows import WorkflowsAPI


class CloudBackend(TasksAPI, WorkflowsAPI, SessionsAPI, CredentialsAPI):
    """The cloud half of ``Skyvern``: same method names, parameters and defaults as the SDK.

    ``connect(cdp_url, headers)`` turns a session's ``browser_address`` into a
    ``SkyvernBrowser``; the client passes one so cloud pages get its AI backend.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        timeout: float | None = None,
        *,
        connect: CDPConnect | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL_S,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._transport = CloudTransport(
            api_key, base_url, timeout, max_retries=max_retries, transport=transport,
            user_agent=f"pytest-skyvern/{__version__}",
        )
        self._api_key = api_key
        self._connect = connect
        self.poll_interval = poll_interval
        self._use_agents_alias = False
        self._permanent_ids = {}

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def __repr__(self) -> str:
        return f"CloudBackend(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        """Close the HTTP connections (cloud browsers belong to whoever connected them)."""
        await self._transport.aclose()

