"""Runs: ``/v1/run/tasks``, ``/v1/run/workflows`` (and ``/v1/run/agents``), ``/v1/runs/...``,
login, download_files and uploads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

from pytest_skyvern.errors import BadRequestError, NotFoundError, UnprocessableEntityError
from pytest_skyvern.sdk.runs import LOCAL_ENGINES
from pytest_skyvern.sdk.webhooks import encode, payload_of, post_once, secret_from_env
from pytest_skyvern.serve import wire
from pytest_skyvern.serve.requests import (
    DownloadFilesRequest,
    LoginRequest,
    TaskRunRequest,
    WorkflowRunRequest,
    parse_body,
    validation_error,
)
from pytest_skyvern.serve.state import Answer, ServeState


def _run_id(request: Request) -> str:
    return str(request.path_params["run_id"])


async def run_task(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, TaskRunRequest)
    engine = body.engine.sdk_engine()
    if engine is None or engine not in LOCAL_ENGINES:
        raise BadRequestError({"detail": f"Engine {body.engine.value} is not supported by "
                                         "the local engine of pytest-skyvern serve"})
    run = await state.skyvern.run_task(
        body.prompt, url=body.url, engine=engine, max_steps=body.max_steps,
        data_extraction_schema=body.data_extraction_schema,
        error_code_mapping=body.error_code_mapping, webhook_url=body.webhook_url,
        browser_session_id=body.browser_session_id, title=body.title,
    )
    return 200, wire.run_body(run, state.base_url)


async def run_workflow(request: Request, state: ServeState) -> Answer:
    raw: Any = await request.json() if (await request.body()).strip() else {}
    if isinstance(raw, dict) and "agent_id" in raw and "workflow_id" not in raw:
        raw["workflow_id"] = raw.pop("agent_id")  # /v1/run/agents names it agent_id
    try:
        body = WorkflowRunRequest.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc) from None
    try:
        run = await state.skyvern.run_workflow(
            body.workflow_id, parameters=body.parameters, run_with=body.run_with,
            ai_fallback=body.ai_fallback, browser_profile_id=body.browser_profile_id,
            webhook_url=body.webhook_url, title=body.title,
        )
    except NotFoundError:
        raise NotFoundError({"detail": "Workflow not found. "
                                       f"workflow_permanent_id={body.workflow_id}"}) from None
    return 200, wire.run_body(run, state.base_url)


async def get_run(request: Request, state: ServeState) -> Answer:
    run_id = _run_id(request)
    try:
        run = await state.skyvern.get_run(run_id)
    except NotFoundError:
        raise NotFoundError({"detail": f"Task run not found {run_id}"}) from None
    return 200, wire.run_body(run, state.base_url)


async def cancel_run(request: Request, state: ServeState) -> Answer:
    run_id = _run_id(request)
    try:
        run = await state.skyvern.get_run(run_id)
    except NotFoundError:
        raise NotFoundError({"detail": f"Run not found {run_id}"}) from None
    if run.is_terminal:
        kind = "workflow run" if run.run_type == "workflow_run" else "task"
        raise BadRequestError({"detail": f"Invalid {kind} status transition from "
                                         f"{run.status} to canceled for {run_id}"})
    await state.skyvern.cancel_run(run_id)
    return 200, None


def _timeline_entry(entry: dict[str, Any]) -> dict[str, Any]:
    children = [_timeline_entry(c) for c in entry.get("children") or []]
    fields = {k: v for k, v in entry.items() if k not in ("children", "type")}
    return {"type": entry.get("type", "block"), "block": fields, "thought": None,
            "children": children, "created_at": None, "modified_at": None}


async def get_run_timeline(request: Request, state: ServeState) -> Answer:
    run_id = _run_id(request)
    try:
        run = await state.skyvern.get_run(run_id)
        timeline = await state.skyvern.get_run_timeline(run_id)
    except NotFoundError:
        raise NotFoundError({"detail": f"Run not found {run_id}"}) from None
    if run.run_type == "task_v1":
        raise BadRequestError({"detail": "Timeline not available for run type task_v1"})
    return 200, [_timeline_entry(wire.plain(e)) for e in timeline]


async def get_run_artifacts(request: Request, state: ServeState) -> Answer:
    run_id = _run_id(request)
    wanted = request.query_params.getlist("artifact_type") or None
    try:
        artifacts = await state.skyvern.get_run_artifacts(run_id, artifact_type=wanted)
    except NotFoundError:
        return 200, []  # a Skyvern server lists nothing for an unknown run
    return 200, [{**wire.plain(a), "run_id": run_id, "signed_url": wire.plain(a).get("uri")}
                 for a in artifacts]


async def retry_run_webhook(request: Request, state: ServeState) -> Answer:
    """Send the run's webhook once more and say how it went (a server's report shape)."""
    run_id = _run_id(request)
    try:
        run = await state.skyvern.get_run(run_id)
    except NotFoundError:
        raise NotFoundError({"detail": f"Run not found {run_id}"}) from None
    url = (run.run_request or {}).get("webhook_url")
    if not url:
        raise BadRequestError({"detail": f"Run {run_id} has no webhook_url"})
    async with httpx.AsyncClient(timeout=10) as http:
        attempt = await post_once(http, url, encode(payload_of(run)), secret_from_env())
    return 200, {"run_id": run_id, "run_type": run.run_type, "default_webhook_url": url,
                 "target_webhook_url": url, "payload": attempt.body,
                 "headers": attempt.headers, "status_code": attempt.status_code,
                 "latency_ms": attempt.latency_ms, "response_body": attempt.response_body,
                 "error": attempt.error}


async def login(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, LoginRequest)
    run = await state.skyvern.login(
        body.credential_type, url=body.url, credential_id=body.credential_id,
        prompt=body.prompt, browser_session_id=body.browser_session_id,
        totp_identifier=body.totp_identifier, totp_url=body.totp_url,
    )
    return 200, wire.run_body(run, state.base_url)


async def download_files(request: Request, state: ServeState) -> Answer:
    body = await parse_body(request, DownloadFilesRequest)
    run = await state.skyvern.download_files(
        body.navigation_goal, url=body.url, browser_session_id=body.browser_session_id,
        browser_profile_id=body.browser_profile_id, download_suffix=body.download_suffix,
        download_timeout=body.download_timeout, max_steps_per_run=body.max_steps_per_run,
    )
    return 200, wire.run_body(run, state.base_url)


_MISSING_FILE = {"detail": [{"type": "missing", "loc": ["body", "file"],
                             "msg": "Field required", "input": None}]}


async def upload_file(request: Request, state: ServeState) -> Answer:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise UnprocessableEntityError(_MISSING_FILE)
    with tempfile.TemporaryDirectory(prefix="skyvern-serve-upload-") as folder:
        path = Path(folder) / Path(upload.filename or "upload.bin").name
        path.write_bytes(await upload.read())
        uploaded = await state.skyvern.upload_file(path)
    data = wire.plain(uploaded)
    return 200, {"s3_uri": data["s3_uri"], "presigned_url": data["presigned_url"]}


ROUTES = [
    ("POST", "/v1/run/tasks", run_task),
    ("POST", "/v1/run/workflows", run_workflow),
    ("POST", "/v1/run/agents", run_workflow),
    ("GET", "/v1/runs/{run_id}", get_run),
    ("POST", "/v1/runs/{run_id}/cancel", cancel_run),
    ("GET", "/v1/runs/{run_id}/timeline", get_run_timeline),
    ("GET", "/v1/runs/{run_id}/artifacts", get_run_artifacts),
    ("POST", "/v1/runs/{run_id}/retry_webhook", retry_run_webhook),
    ("POST", "/v1/run/tasks/login", login),
    ("POST", "/v1/run/tasks/download_files", download_files),
    ("POST", "/v1/upload_file", upload_file),
]
