"""Run shapes of the Skyvern SDK: ``TaskRunResponse``, ``WorkflowRunResponse`` and friends."""

from __future__ import annotations

import enum
import secrets as _random
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RunStatus = Literal[
    "created", "queued", "running", "completed", "failed", "terminated", "timed_out", "canceled"
]
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {"completed", "failed", "terminated", "timed_out", "canceled"}
)


class RunEngine(enum.StrEnum):
    """The SDK's engine names (the wire names of a Skyvern server differ: see ``wire_name``)."""

    skyvern_v1 = "skyvern_v1"
    skyvern_v2 = "skyvern_v2"
    openai_cua = "openai_cua"
    anthropic_cua = "anthropic_cua"
    ui_tars = "ui_tars"

    @property
    def wire_name(self) -> str:
        return {"skyvern_v1": "skyvern-1.0", "skyvern_v2": "skyvern-2.0"}.get(
            self.value, self.value.replace("_", "-")
        )


#: Engines the local agent runs; the others are cloud-only computer-use models.
LOCAL_ENGINES = frozenset({RunEngine.skyvern_v1, RunEngine.skyvern_v2})


def new_id(prefix: str) -> str:
    return f"{prefix}_{_random.token_hex(9)}"


def now() -> datetime:
    return datetime.now(UTC)


class FileInfo(BaseModel):
    """A file a run downloaded."""

    url: str
    checksum: str | None = None
    filename: str | None = None
    path: str | None = None
    modified_at: datetime | None = None


class RunError(BaseModel):
    error_code: str
    reasoning: str | None = None


class TaskRunResponse(BaseModel):
    """The result of a task run (``run_task``)."""

    model_config = ConfigDict(extra="allow")

    run_id: str = Field(default_factory=lambda: new_id("tsk"))
    run_type: str = "task_v2"
    status: RunStatus = "created"
    output: dict[str, Any] | list[Any] | str | None = None
    failure_reason: str | None = None
    errors: list[RunError] = Field(default_factory=list)
    downloaded_files: list[FileInfo] | None = None
    recording_url: str | None = None
    screenshot_urls: list[str] | None = None
    app_url: str | None = None
    step_count: int | None = None
    created_at: datetime = Field(default_factory=now)
    modified_at: datetime | None = None
    finished_at: datetime | None = None
    #: What started the run (the server's ``run_request``: prompt, url, engine, ...).
    run_request: dict[str, Any] | None = None
    #: Why the run's webhook could not be delivered (``None``: delivered, or no webhook).
    webhook_failure_reason: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


class WorkflowRunResponse(TaskRunResponse):
    """The result of a workflow run; adds how it ran."""

    run_id: str = Field(default_factory=lambda: new_id("wr"))
    run_type: str = "workflow_run"
    run_with: str | None = None
    ai_fallback: bool | None = None
    script_run: dict[str, Any] | None = None


GetRunResponse = TaskRunResponse | WorkflowRunResponse
