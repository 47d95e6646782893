"""What every area of the cloud API shares: the transport, request bodies, run polling."""

from __future__ import annotations

import asyncio
from typing import Any

from pytest_skyvern.cloud.transport import CloudTransport
from pytest_skyvern.sdk.models import RequestOptions, parse_run
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse

#: Seconds between two ``get_run`` calls while waiting for a run to finish.
DEFAULT_POLL_INTERVAL_S = 2.0


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body without the fields left at None (the server applies its defaults)."""
    return {k: v for k, v in fields.items() if v is not None}


def engine_wire_name(engine: RunEngine | str) -> str:
    """The server's name for an engine: ``skyvern_v1`` is ``skyvern-1.0`` on the wire.

    Skyvern servers answer 422 to the SDK's enum names, so they are mapped; a value that
    is already a wire name (``skyvern-2.0``) passes through.
    """
    try:
        return RunEngine(engine).wire_name
    except ValueError:
        return str(engine)


def proxy_name(proxy_location: Any) -> Any:
    """A proxy location as JSON: enum members by value, anything else as given."""
    return getattr(proxy_location, "value", proxy_location)


class APIArea:
    """Base of the per-area mixins of ``CloudBackend`` (which sets these attributes)."""

    _transport: CloudTransport
    poll_interval: float

    async def _call(
        self, method: str, path: str, *, request_options: RequestOptions | None = None,
        **kwargs: Any,
    ) -> Any:
        return await self._transport.request(method, path, options=request_options, **kwargs)

    async def _wait_for_run(
        self, run: TaskRunResponse, timeout: float,  # noqa: ASYNC109 - the SDK's parameter
    ) -> TaskRunResponse:
        """Poll ``run`` until it is terminal; ``TimeoutError`` after ``timeout`` seconds."""
        async with asyncio.timeout(timeout):
            while not run.is_terminal or getattr(run, "retry_pending", False):
                await asyncio.sleep(self.poll_interval)
                run = parse_run(await self._call("GET", f"/v1/runs/{run.run_id}"))
        return run
