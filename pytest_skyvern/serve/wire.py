"""What ``serve`` answers, shaped as the open-source Skyvern server shapes it.

Our models are the SDK's; a Skyvern server adds fields of its own (``organization_id``,
``run_request``, ``recording_archived``, ...), writes engine names as ``skyvern-1.0``,
and writes datetimes as naive UTC ISO strings. These functions turn the local
client's objects into those bodies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from pytest_skyvern.sdk.runs import TaskRunResponse, WorkflowRunResponse
from pytest_skyvern.serve.definitions import server_definition

#: The one organisation of a ``serve`` instance.
ORGANIZATION_ID = "o_local"


def plain(value: Any) -> Any:
    """JSON-ready data with datetimes as the server writes them (naive UTC)."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(by_alias=True))
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return value.value
    return value


_RUN_DEFAULTS: dict[str, Any] = {
    "output": None, "downloaded_files": None, "recording_url": None,
    "recording_archived": False, "screenshot_urls": None, "failure_reason": None,
    "created_at": None, "modified_at": None, "queued_at": None, "started_at": None,
    "finished_at": None, "app_url": None, "browser_session_id": None,
    "browser_profile_id": None, "max_screenshot_scrolls": None, "script_run": None,
    "errors": None, "step_count": None,
}


def run_body(run: TaskRunResponse, base_url: str) -> dict[str, Any]:
    """A task or workflow run as ``GET /v1/runs/{id}`` answers it."""
    data = plain(run)
    data.pop("webhook_failure_reason", None)
    data.pop("server_status", None)
    body: dict[str, Any] = {"run_id": run.run_id, "status": run.status}
    body.update({key: data.get(key, default) for key, default in _RUN_DEFAULTS.items()})
    body["app_url"] = body["app_url"] or f"{base_url}/runs/{run.run_id}"
    body["modified_at"] = body["modified_at"] or body["created_at"]  # never null on a server
    body["run_type"] = run.run_type
    if isinstance(run, WorkflowRunResponse):
        body.update({"run_with": run.run_with, "ai_fallback": run.ai_fallback})
    body["run_request"] = data.get("run_request")
    extra = {k: v for k, v in data.items() if k not in body}
    return {**body, **extra}


def workflow_body(workflow: BaseModel) -> dict[str, Any]:
    """A workflow version as ``/v1/workflows`` answers it."""
    data = plain(workflow)
    definition = data.get("workflow_definition") or {}
    # The local store keeps the whole definition (title, parameters, blocks); a server
    # shows its inner ``workflow_definition`` (parameters and blocks).
    if isinstance(definition.get("workflow_definition"), dict):
        definition = definition["workflow_definition"]
    data["workflow_definition"] = server_definition(
        definition, data["workflow_id"], data.get("created_at") or data.get("modified_at"))
    body = {"organization_id": ORGANIZATION_ID, "is_saved_task": False, "is_template": False,
            **data}
    for key in ("proxy_location", "webhook_callback_url", "totp_verification_url",
                "totp_identifier", "browser_profile_id", "model", "folder_id",
                "deleted_at", "max_screenshot_scrolls", "extra_http_headers"):
        body.setdefault(key, None)
    body.setdefault("persist_browser_session", False)
    body["status"] = body.get("status") or "published"
    body.setdefault("run_with", None)
    body.setdefault("ai_fallback", None)
    body["agent_id"] = body["workflow_permanent_id"]
    return body


def session_body(session: BaseModel, browser_address: str | None, base_url: str
                 ) -> dict[str, Any]:
    """A browser session: a closed local session is ``completed`` on a server."""
    data = plain(session)
    data.pop("user_data_dir", None)  # a local-only field
    status = data.get("status")
    running = status == "running"
    return {
        "browser_session_id": data["browser_session_id"],
        "organization_id": ORGANIZATION_ID,
        "status": "completed" if status == "closed" else status,
        "runnable_type": data.get("runnable_type"), "runnable_id": data.get("runnable_id"),
        "timeout": data.get("timeout"),
        "browser_address": browser_address if running else None,
        "app_url": f"{base_url}/browser-session/{data['browser_session_id']}",
        "extensions": None, "browser_type": None,
        "browser_profile_id": data.get("browser_profile_id"),
        "started_at": data.get("started_at"), "completed_at": data.get("completed_at"),
        "created_at": data.get("created_at"), "modified_at": data.get("modified_at"),
        "deleted_at": data.get("deleted_at"),
    }


def profile_body(profile: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = plain(profile)
    return {"organization_id": ORGANIZATION_ID, **data}


def credential_body(credential: BaseModel) -> dict[str, Any]:
    """A credential without its secret (our model keeps only what is safe to show)."""
    data: dict[str, Any] = plain(credential)
    info = {k: v for k, v in (data.get("credential") or {}).items() if v is not None}
    if data.get("credential_type") == "password":
        info = {"username": info.get("username"), "totp_type": info.get("totp_type", "none"),
                "totp_identifier": info.get("totp_identifier"),
                "has_totp": bool(info.get("has_totp"))}
    data["credential"] = info
    data["vault_type"] = data.get("vault_type") or "skyvern"
    return data


def totp_body(code: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = plain(code)
    data.setdefault("code", data.get("content"))
    data["organization_id"] = ORGANIZATION_ID
    data.setdefault("type", data.pop("otp_type", None))
    data["modified_at"] = data.get("modified_at") or data.get("created_at")
    return data
