"""SDK-shaped models of what a Skyvern server returns (besides runs, which live in ``sdk.runs``).

Generic on purpose: local mode builds the same objects from its own store. Every model
keeps fields it does not know (``extra="allow"``), so a newer server adds data without
breaking us, except ``CredentialResponse``, which keeps only what is safe to show.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from pytest_skyvern.sdk.runs import RunStatus, TaskRunResponse, WorkflowRunResponse

#: Seconds a run may take when waited for (``run_task``, ``run_workflow``, ``login``).
DEFAULT_RUN_TIMEOUT_S = 1800.0
#: How long a new session may take to get a browser (a local server needs ~2 s).
SESSION_START_TIMEOUT_S = 120.0


class RequestOptions(TypedDict, total=False):
    """Per-request overrides, as in the SDK (``request_options=``)."""

    timeout_in_seconds: float
    max_retries: int
    additional_headers: dict[str, str]


#: What ``upload_file`` takes: an open binary file, bytes, or a path.
UploadSource = IO[bytes] | bytes | str | Path


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Workflow(_Open):
    """A workflow version; ``workflow_permanent_id`` (``wpid_...``) names all its versions."""

    workflow_id: str
    workflow_permanent_id: str
    version: int = 1
    title: str = ""
    description: str | None = None
    workflow_definition: dict[str, Any] = Field(default_factory=dict)
    status: str | None = None
    folder_id: str | None = None
    is_saved_task: bool = False
    created_at: datetime | None = None
    modified_at: datetime | None = None
    deleted_at: datetime | None = None


class WorkflowRunTimeline(_Open):
    """One entry of a run's timeline: a block or a thought, with nested children."""

    type: str
    block: dict[str, Any] | None = None
    thought: dict[str, Any] | None = None
    children: list[WorkflowRunTimeline] = Field(default_factory=list)
    created_at: datetime | None = None
    modified_at: datetime | None = None


class BrowserSessionResponse(_Open):
    """A persistent browser; ``browser_address`` is its CDP endpoint once it runs."""

    browser_session_id: str
    status: str | None = None
    browser_address: str | None = None
    app_url: str | None = None
    timeout: int | None = None
    runnable_type: str | None = None
    runnable_id: str | None = None
    browser_profile_id: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    deleted_at: datetime | None = None


class BrowserProfile(_Open):
    """Saved browser state (cookies, storage) to start later runs from."""

    browser_profile_id: str
    name: str
    description: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    deleted_at: datetime | None = None


class CredentialInfo(BaseModel):
    """The non-secret part of a stored credential.

    ``extra="ignore"``: a password, card number or secret value that a server (or a
    store) might put here is dropped, so it can never reach a log or a report.
    """

    model_config = ConfigDict(extra="ignore")

    username: str | None = None
    totp_type: str | None = None
    totp_identifier: str | None = None
    has_totp: bool | None = None
    last_four: str | None = None
    brand: str | None = None
    secret_label: str | None = None


class CredentialResponse(BaseModel):
    """A stored credential, without its secret."""

    model_config = ConfigDict(extra="ignore")

    credential_id: str
    name: str
    credential_type: str
    credential: CredentialInfo = Field(default_factory=CredentialInfo)
    vault_type: str | None = None
    browser_profile_id: str | None = None
    tested_url: str | None = None
    folder_id: str | None = None
    created_at: datetime | None = None


class TotpCode(_Open):
    """A one-time code pushed for a run waiting on 2FA."""

    totp_code_id: str
    totp_identifier: str
    content: str
    code: str | None = None
    task_id: str | None = None
    workflow_id: str | None = None
    workflow_run_id: str | None = None
    source: str | None = None
    expired_at: datetime | None = None
    otp_type: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


class Artifact(_Open):
    """A file a run produced (screenshot, recording, LLM prompt, HTML, ...)."""

    artifact_id: str
    artifact_type: str
    uri: str
    signed_url: str | None = None
    run_id: str | None = None
    task_id: str | None = None
    step_id: str | None = None
    workflow_run_id: str | None = None
    workflow_run_block_id: str | None = None
    browser_session_id: str | None = None
    file_size: int | None = None
    checksum: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


class UploadFileResponse(_Open):
    """Where an uploaded file lives: ``s3uri`` for runs, ``presigned_url`` to download it."""

    s3uri: str = Field(alias="s3_uri")
    presigned_url: str
    file_id: str | None = None


_TERMINAL_OR_KNOWN: frozenset[str] = frozenset(RunStatus.__args__)  # type: ignore[attr-defined]


def parse_run(data: Any) -> TaskRunResponse:
    """A ``TaskRunResponse`` or ``WorkflowRunResponse`` (by ``run_type``) from server JSON."""
    if not isinstance(data, dict):
        raise TypeError(f"expected a run object, got {type(data).__name__}")
    fields = {k: v for k, v in data.items() if not (v is None and k == "errors")}
    status = fields.get("status")
    if isinstance(status, str) and status not in _TERMINAL_OR_KNOWN:
        # e.g. "paused" (waiting for a human): not finished, so pollers keep waiting.
        fields["server_status"] = status
        fields["status"] = "running"
    if fields.get("run_type") == "workflow_run":
        return WorkflowRunResponse.model_validate(fields)
    return TaskRunResponse.model_validate(fields)


def parse_workflow_run(data: Any) -> WorkflowRunResponse:
    run = parse_run(data)
    if isinstance(run, WorkflowRunResponse):
        return run
    return WorkflowRunResponse.model_validate(run.model_dump())
