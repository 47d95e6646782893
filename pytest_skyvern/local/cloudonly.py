"""The SDK methods local mode has no implementation of yet: each says what to use instead.

Part of ``LocalBackend``, so the local back end has every method of ``SkyvernSDK`` (with
its parameters) and a call fails with a clear ``SkyvernError``, not an ``AttributeError``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.sdk.models import SESSION_START_TIMEOUT_S, RequestOptions


def not_in_local_mode(name: str) -> SkyvernError:
    """The error of an SDK method that needs a Skyvern server."""
    return SkyvernError(
        f"{name}() is not available in local mode yet. Use cloud mode, "
        "Skyvern(api_key=..., base_url=...), against a Skyvern server for it."
    )


class LocalCloudOnlyPart:
    """``get_artifact``, ``retry_run_webhook`` and the cloud-browser helpers."""

    async def get_artifact(
        self, artifact_id: str, *, request_options: RequestOptions | None = None
    ) -> NoReturn:
        raise not_in_local_mode("get_artifact")

    async def retry_run_webhook(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> NoReturn:
        raise not_in_local_mode("retry_run_webhook")

    async def wait_for_browser_session(
        self, browser_session_id: str, timeout: float = SESSION_START_TIMEOUT_S,  # noqa: ASYNC109
    ) -> NoReturn:
        raise not_in_local_mode("wait_for_browser_session")

    async def connect_to_cloud_browser_session(self, browser_session_id: str) -> NoReturn:
        raise not_in_local_mode("connect_to_cloud_browser_session")

    async def launch_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> NoReturn:
        raise not_in_local_mode("launch_cloud_browser")

    async def use_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> NoReturn:
        raise not_in_local_mode("use_cloud_browser")
