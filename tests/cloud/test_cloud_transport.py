"""The REST transport without a server (``httpx.MockTransport``): retries, backoff, errors,
and the shape of the requests the client methods send."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from pytest_skyvern.cloud import CloudBackend, CloudTransport, error_for
from pytest_skyvern.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnprocessableEntityError,
)
from pytest_skyvern.sdk.runs import RunEngine, WorkflowRunResponse

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that replays ``replies`` in order and keeps every request."""

    def __init__(self, *replies: httpx.Response | Exception) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply


def transport(recorder: Recorder, sleeps: list[float], **kwargs: object) -> CloudTransport:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return CloudTransport("key-1", "http://skyvern.test", transport=httpx.MockTransport(recorder),
                          sleep=sleep, jitter=0.0, **kwargs)  # type: ignore[arg-type]


RUN = {"run_id": "tsk_1", "status": "queued", "run_type": "task_v1",
       "created_at": "2026-01-01T00:00:00"}


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
async def test_retryable_status_is_retried_with_exponential_backoff(status: int) -> None:
    recorder = Recorder(httpx.Response(status), httpx.Response(status),
                        httpx.Response(200, json=[]))
    sleeps: list[float] = []

    result = await transport(recorder, sleeps, max_retries=3, backoff=0.5).request(
        "GET", "/v1/runs")

    assert result == []
    assert len(recorder.requests) == 3
    assert sleeps == [0.5, 1.0]


async def test_retries_stop_at_the_bound_and_raise_the_last_error() -> None:
    recorder = Recorder(httpx.Response(503, json={"detail": "busy"}))
    sleeps: list[float] = []

    with pytest.raises(ApiError) as raised:
        await transport(recorder, sleeps, max_retries=2, backoff=1.0).request("GET", "/v1/runs")

    assert len(recorder.requests) == 3
    assert sleeps == [1.0, 2.0]
    assert (raised.value.status_code, raised.value.body) == (503, {"detail": "busy"})
    assert type(raised.value) is ApiError


async def test_retry_after_header_is_honoured() -> None:
    recorder = Recorder(httpx.Response(429, headers={"Retry-After": "3"}),
                        httpx.Response(200, json={}))
    sleeps: list[float] = []
    await transport(recorder, sleeps, backoff=0.1).request("GET", "/v1/version")
    assert sleeps == [3.0]


async def test_request_options_override_retries_and_add_headers() -> None:
    recorder = Recorder(httpx.Response(500))
    sleeps: list[float] = []
    with pytest.raises(ApiError):
        await transport(recorder, sleeps, max_retries=5).request(
            "GET", "/v1/runs", options={"max_retries": 0, "additional_headers": {"x-a": "b"}})
    assert len(recorder.requests) == 1
    assert recorder.requests[0].headers["x-a"] == "b"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
async def test_client_errors_are_not_retried(status: int) -> None:
    recorder = Recorder(httpx.Response(status, json={"detail": "no"}))
    sleeps: list[float] = []
    with pytest.raises(ApiError):
        await transport(recorder, sleeps).request("POST", "/v1/run/tasks", json_body={})
    assert len(recorder.requests) == 1
    assert sleeps == []


async def test_connect_errors_are_retried_even_for_post() -> None:
    recorder = Recorder(httpx.ConnectError("refused"), httpx.Response(200, json=RUN))
    sleeps: list[float] = []
    await transport(recorder, sleeps).request("POST", "/v1/run/tasks", json_body={})
    assert len(recorder.requests) == 2


async def test_read_timeout_of_a_post_is_not_retried_but_of_a_get_is() -> None:
    sleeps: list[float] = []
    post = Recorder(httpx.ReadTimeout("slow"), httpx.Response(200, json=RUN))
    with pytest.raises(ApiError) as raised:
        await transport(post, sleeps).request("POST", "/v1/run/tasks", json_body={})
    assert len(post.requests) == 1  # the run may have started: never start it twice
    assert raised.value.status_code is None
    assert "ReadTimeout" in str(raised.value.body)

    get = Recorder(httpx.ReadTimeout("slow"), httpx.Response(200, json=RUN))
    await transport(get, sleeps).request("GET", "/v1/runs/tsk_1")
    assert len(get.requests) == 2


@pytest.mark.parametrize(
    ("status", "error_class"),
    [(400, BadRequestError), (403, ForbiddenError), (404, NotFoundError),
     (409, ConflictError), (422, UnprocessableEntityError), (401, ApiError), (500, ApiError),
     (418, ApiError)],
)
async def test_every_status_maps_to_its_error_class(
    status: int, error_class: type[ApiError]
) -> None:
    recorder = Recorder(httpx.Response(status, json={"detail": f"status {status}"}))
    with pytest.raises(ApiError) as raised:
        await transport(recorder, [], max_retries=0).request("GET", "/v1/anything")
    assert type(raised.value) is error_class
    assert raised.value.status_code == status
    assert raised.value.body == {"detail": f"status {status}"}
    assert type(error_for(status, None)) is error_class


async def test_a_body_that_is_not_json_is_kept_as_text() -> None:
    recorder = Recorder(httpx.Response(404, text="<html>gone</html>"))
    with pytest.raises(NotFoundError) as raised:
        await transport(recorder, []).request("GET", "/v1/runs/x")
    assert raised.value.body == "<html>gone</html>"


def backend(handler: Handler) -> CloudBackend:
    return CloudBackend("key-1", "http://skyvern.test/base", max_retries=0, poll_interval=0.01,
                        transport=httpx.MockTransport(handler))


async def test_run_task_request_shape() -> None:
    recorder = Recorder(httpx.Response(200, json=RUN))
    client = backend(recorder)
    run = await client.run_task("Buy milk", url="https://shop.test", engine=RunEngine.skyvern_v1,
                                max_steps=3, user_agent="ua/1")
    request = recorder.requests[0]
    assert (request.method, str(request.url)) == ("POST", "http://skyvern.test/base/v1/run/tasks")
    assert request.headers["x-api-key"] == "key-1"
    assert request.headers["x-user-agent"] == "ua/1"
    assert json.loads(request.content) == {
        "prompt": "Buy milk", "url": "https://shop.test", "engine": "skyvern-1.0", "max_steps": 3}
    assert run.run_id == "tsk_1"


async def test_wait_for_completion_polls_and_raises_timeout_error() -> None:
    recorder = Recorder(httpx.Response(200, json={**RUN, "status": "running"}))
    client = backend(recorder)
    with pytest.raises(TimeoutError):
        await client.run_task("x", wait_for_completion=True, timeout=0.2)
    assert len(recorder.requests) > 2
    assert all(r.url.path == "/base/v1/runs/tsk_1" for r in recorder.requests[1:])


async def test_wait_for_completion_returns_the_terminal_run() -> None:
    recorder = Recorder(httpx.Response(200, json=RUN),
                        httpx.Response(200, json={**RUN, "status": "running"}),
                        httpx.Response(200, json={**RUN, "status": "completed", "errors": None}))
    run = await backend(recorder).run_task("x", wait_for_completion=True, timeout=5)
    assert run.status == "completed"
    assert len(recorder.requests) == 3


async def test_get_run_of_a_workflow_run_is_a_workflow_run_response() -> None:
    data = {**RUN, "run_id": "wr_1", "run_type": "workflow_run", "status": "paused"}
    run = await backend(Recorder(httpx.Response(200, json=data))).get_run("wr_1")
    assert isinstance(run, WorkflowRunResponse)
    # "paused" is not in the SDK's statuses; a paused run is not finished either.
    assert run.status == "running"
    assert run.model_extra == {"server_status": "paused"}


async def test_workflow_paths_fall_back_to_the_agents_alias() -> None:
    workflow = {"workflow_id": "w_1", "workflow_permanent_id": "wpid_1", "version": 1,
                "title": "t", "workflow_definition": {}}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/base/v1/workflows"):
            return httpx.Response(404, json={"detail": "Not Found"})
        return httpx.Response(200, json=[workflow])

    client = backend(handler)
    listed = await client.get_workflows()
    assert [w.workflow_permanent_id for w in listed] == ["wpid_1"]
    assert client._use_agents_alias


async def test_update_and_delete_workflow_use_the_permanent_id() -> None:
    seen: list[str] = []
    workflow = {"workflow_id": "w_2", "workflow_permanent_id": "wpid_9", "version": 2,
                "title": "t", "workflow_definition": {}}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.method == "GET":
            return httpx.Response(200, json=[workflow])
        return httpx.Response(200, json=workflow if "delete" not in request.url.path else None)

    client = backend(handler)
    await client.update_workflow("w_2", yaml_definition="title: t")
    await client.delete_workflow("w_2")
    assert seen == ["GET /base/v1/workflows", "POST /base/v1/workflows/wpid_9",
                    "POST /base/v1/workflows/wpid_9/delete"]
