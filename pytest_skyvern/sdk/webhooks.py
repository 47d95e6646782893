"""Run webhooks: when a run with ``webhook_url`` ends, POST its payload to that URL.

The payload is what a Skyvern server sends: the run's fields (``run_id``, ``status``,
``output``, ...), plus ``run_request`` (what started the run), ``browser_session_id``,
``browser_profile_id``, ``max_screenshot_scrolls``, ``script_run``, ``summary``,
``task_id`` / ``workflow_run_id``, ``prompt``, ``url``, ``proxy_location`` and
``webhook_callback_url``.

Signing: when ``SKYVERN_WEBHOOK_SECRET`` is set (``pytest-skyvern serve`` sets it to its
API key, as a Skyvern server signs with the organisation's key), each request carries

- ``x-skyvern-timestamp``: Unix seconds when it was sent, and
- ``x-skyvern-signature``: hex HMAC-SHA256 of the exact request body under the secret,

so a receiver checks ``hmac.compare_digest(signature, hmac(secret, body, sha256))``.

Delivery is retried on connection errors, timeouts, 429 and 5xx with a bounded backoff
(``WebhookPolicy``). A delivery that still fails is recorded on the run as
``webhook_failure_reason``; it is never raised into the test.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from typing import Any

import httpx

from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, WorkflowRunResponse
from pytest_skyvern.sdk.schema import to_json_schema

SECRET_ENV = "SKYVERN_WEBHOOK_SECRET"
SIGNATURE_HEADER = "x-skyvern-signature"
TIMESTAMP_HEADER = "x-skyvern-timestamp"


@dataclass(frozen=True)
class WebhookPolicy:
    """How hard to try: one attempt plus one retry per delay (seconds), each bounded."""

    retry_delays_s: tuple[float, ...] = (0.5, 1.0, 2.0)
    request_timeout_s: float = 10.0


DEFAULT_POLICY = WebhookPolicy()


def sign(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """The signature headers of ``body`` (see the module docstring)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {TIMESTAMP_HEADER: str(int(time.time()) if timestamp is None else timestamp),
            SIGNATURE_HEADER: digest}


def verify(body: bytes, secret: str, signature: str) -> bool:
    """Whether ``signature`` is the one ``sign`` gives ``body`` (for receivers and tests)."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _summary(run: TaskRunResponse) -> str:
    steps = f" in {run.step_count} step{'s' * (run.step_count != 1)}" if run.step_count else ""
    if run.status == "completed":
        return f"The run completed{steps}."
    reason = f": {run.failure_reason}" if run.failure_reason else "."
    return f"The run ended {run.status}{steps}{reason}"


def payload_of(run: TaskRunResponse) -> dict[str, Any]:
    """The webhook payload of a finished run, as JSON-ready data."""
    data = run.model_dump(mode="json", exclude={"webhook_failure_reason"})
    request: dict[str, Any] = dict(data.get("run_request") or {})
    data.setdefault("run_request", request or None)
    for field in ("browser_session_id", "browser_profile_id", "max_screenshot_scrolls",
                  "script_run", "queued_at", "started_at"):
        data.setdefault(field, request.get(field))
    is_workflow = isinstance(run, WorkflowRunResponse)
    data.update({
        "task_id": None if is_workflow else run.run_id,
        "workflow_run_id": run.run_id if is_workflow else None,
        "workflow_id": request.get("workflow_id"),
        "summary": _summary(run),
        "prompt": request.get("prompt"),
        "url": request.get("url"),
        "organization_id": data.get("organization_id"),
        "proxy_location": request.get("proxy_location"),
        "webhook_callback_url": request.get("webhook_url"),
        "webhook_failure_reason": None,
    })
    return data


def task_run_request(run: TaskRunResponse, prompt: str, *, webhook_url: str | None = None,
                     **task: Any) -> dict[str, Any]:
    """A task run's ``run_request`` as a Skyvern server shows it (engine by wire name)."""
    engine = task.get("engine") or RunEngine.skyvern_v2
    try:
        engine_name = RunEngine(engine).wire_name
    except ValueError:
        engine_name = str(engine)
    schema = task.get("data_extraction_schema")
    return {
        "prompt": prompt, "url": task.get("url"), "engine": engine_name, "title": None,
        "proxy_location": None,
        "data_extraction_schema": schema if schema is None or isinstance(schema, str | dict)
        else to_json_schema(schema),
        "error_code_mapping": task.get("error_code_mapping"),
        "max_steps": task.get("max_steps"), "webhook_url": webhook_url,
        "totp_identifier": None, "totp_url": None,
        "browser_session_id": getattr(run, "browser_session_id", None),
        "browser_profile_id": None,
    }


def workflow_run_request(workflow_id: str, parameters: dict[str, Any] | None,
                         webhook_url: str | None, browser_profile_id: str | None = None
                         ) -> dict[str, Any]:
    """A workflow run's ``run_request`` as a Skyvern server shows it."""
    return {"workflow_id": workflow_id, "parameters": parameters or {}, "title": None,
            "proxy_location": None, "webhook_url": webhook_url, "totp_url": None,
            "totp_identifier": None, "browser_session_id": None,
            "browser_profile_id": browser_profile_id}


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass(frozen=True)
class Attempt:
    """One POST of a webhook and what came of it."""

    body: str
    headers: dict[str, str]
    status_code: int | None = None
    response_body: str | None = None
    error: str | None = None
    latency_ms: int = 0

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def encode(payload: dict[str, Any]) -> str:
    """The request body: compact JSON (the signature covers exactly these bytes)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


async def post_once(http: httpx.AsyncClient, url: str, body: str, secret: str | None
                    ) -> Attempt:
    """POST ``body`` to ``url`` once, signed when there is a secret."""
    headers = {"content-type": "application/json"}
    if secret:
        headers.update(sign(body.encode(), secret))
    started = time.monotonic()
    try:
        response = await http.post(url, content=body.encode(), headers=headers)
    except httpx.HTTPError as exc:
        return Attempt(body, headers, error=f"{type(exc).__name__}: {exc}",
                       latency_ms=round((time.monotonic() - started) * 1000))
    return Attempt(body, headers, response.status_code, response.text[:2000],
                   latency_ms=round((time.monotonic() - started) * 1000))


async def deliver(url: str, payload: dict[str, Any], *, secret: str | None = None,
                  policy: WebhookPolicy = DEFAULT_POLICY) -> str | None:
    """POST ``payload`` to ``url``; ``None`` when delivered, else why it was not."""
    body = encode(payload)
    failure = "not attempted"
    async with httpx.AsyncClient(timeout=policy.request_timeout_s) as http:
        for number, delay in enumerate((0.0, *policy.retry_delays_s), start=1):
            await asyncio.sleep(delay)
            attempt = await post_once(http, url, body, secret)
            if attempt.delivered:
                return None
            failure = f"attempt {number}: " + (attempt.error or f"HTTP {attempt.status_code}")
            if attempt.status_code is not None and not _retryable(attempt.status_code):
                break
    return f"Webhook delivery to {url} failed ({failure})."


def secret_from_env() -> str | None:
    return os.environ.get(SECRET_ENV) or None


async def notify_run_finished(run: TaskRunResponse, webhook_url: str | None, *,
                              policy: WebhookPolicy = DEFAULT_POLICY) -> None:
    """Send the run's webhook if it has a URL; record a failure on the run, never raise."""
    if not webhook_url:
        return
    try:
        reason = await deliver(webhook_url, payload_of(run), secret=secret_from_env(),
                               policy=policy)
    except Exception as exc:  # a bug here must not fail the run or the test
        reason = f"Webhook delivery to {webhook_url} failed: {type(exc).__name__}: {exc}"
    run.webhook_failure_reason = reason
