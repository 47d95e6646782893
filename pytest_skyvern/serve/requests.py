"""Request bodies ``serve`` accepts, checked as a Skyvern server checks them.

A body that does not fit answers 422 with FastAPI's error list (``{"detail": [{"type",
"loc": ["body", ...], "msg", "input"}]}``), which is what the official clients expect.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request

from pytest_skyvern.errors import ApiError, UnprocessableEntityError
from pytest_skyvern.sdk.runs import RunEngine


class WireEngine(enum.StrEnum):
    """Engine names on the wire (the SDK's ``RunEngine`` spells them with underscores)."""

    skyvern_1_0 = "skyvern-1.0"
    skyvern_2_0 = "skyvern-2.0"
    skyvern_3_0 = "skyvern-3.0"
    openai_cua = "openai-cua"
    anthropic_cua = "anthropic-cua"
    ui_tars = "ui-tars"
    yutori_navigator = "yutori-navigator"

    def sdk_engine(self) -> RunEngine | None:
        """The SDK's engine of this name (``None``: no local counterpart)."""
        for engine in RunEngine:
            if engine.wire_name == self.value:
                return engine
        return None


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TaskRunRequest(_Body):
    prompt: str
    url: str | None = None
    engine: WireEngine = WireEngine.skyvern_2_0
    title: str | None = None
    proxy_location: Any = None
    data_extraction_schema: dict[str, Any] | str | None = None
    error_code_mapping: dict[str, str] | None = None
    max_steps: int | None = None
    webhook_url: str | None = None
    totp_identifier: str | None = None
    totp_url: str | None = None
    browser_session_id: str | None = None
    browser_profile_id: str | None = None
    publish_workflow: bool = False
    extra_http_headers: dict[str, str] | None = None
    browser_address: str | None = None


class WorkflowRunRequest(_Body):
    workflow_id: str
    parameters: dict[str, Any] | None = None
    title: str | None = None
    proxy_location: Any = None
    webhook_url: str | None = None
    totp_url: str | None = None
    totp_identifier: str | None = None
    browser_session_id: str | None = None
    browser_profile_id: str | None = None
    run_with: str | None = None
    ai_fallback: bool | None = None


class WorkflowDefinitionRequest(_Body):
    json_definition: dict[str, Any] | None = None
    yaml_definition: str | None = None


class BrowserSessionRequest(_Body):
    timeout: int | None = Field(default=60, ge=5, le=1440)
    proxy_location: Any = None
    browser_profile_id: str | None = None


class BrowserProfileRequest(_Body):
    name: str
    description: str | None = None
    workflow_run_id: str | None = None
    browser_session_id: str | None = None


class CredentialRequest(_Body):
    name: str
    credential_type: str
    credential: dict[str, Any]


class TotpCodeRequest(_Body):
    totp_identifier: str
    content: str
    task_id: str | None = None
    workflow_id: str | None = None
    workflow_run_id: str | None = None
    source: str | None = None
    expired_at: datetime | None = None


class LoginRequest(_Body):
    credential_type: str = "skyvern"
    url: str | None = None
    credential_id: str | None = None
    prompt: str | None = None
    browser_session_id: str | None = None
    webhook_url: str | None = None
    totp_identifier: str | None = None
    totp_url: str | None = None


class DownloadFilesRequest(_Body):
    navigation_goal: str
    url: str | None = None
    browser_session_id: str | None = None
    browser_profile_id: str | None = None
    download_suffix: str | None = None
    download_timeout: float | None = None
    max_steps_per_run: int | None = None


B = TypeVar("B", bound=BaseModel)


def validation_error(exc: ValidationError, where: str = "body") -> ApiError:
    """A pydantic error as FastAPI's 422 body."""
    errors = []
    for error in exc.errors(include_url=False):
        entry: dict[str, Any] = {"type": error["type"], "loc": [where, *error["loc"]],
                                 "msg": error["msg"], "input": error.get("input")}
        if "ctx" in error:
            entry["ctx"] = {k: v if isinstance(v, int | float | str) else str(v)
                            for k, v in error["ctx"].items()}
        errors.append(entry)
    return UnprocessableEntityError({"detail": errors})


async def parse_body(request: Request, model: type[B]) -> B:
    """The request's JSON body as ``model`` (``UnprocessableEntityError`` if it is not)."""
    raw = await request.body()
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise UnprocessableEntityError({"detail": [{
            "type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error",
            "input": {}, "ctx": {"error": "Expecting value"}}]}) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from None
