"""Cloud mode: the SDK's client methods over a Skyvern server's ``/v1`` REST API.

``CloudBackend`` holds them all; ``Skyvern(api_key=..., base_url=...)`` delegates to it.
"""

from __future__ import annotations

from pytest_skyvern.cloud.backend import CloudBackend
from pytest_skyvern.cloud.base import engine_wire_name
from pytest_skyvern.cloud.connect import PlaywrightConnector
from pytest_skyvern.cloud.sessions import CDPConnect
from pytest_skyvern.cloud.transport import (
    DEFAULT_BASE_URL,
    STATUS_ERRORS,
    CloudTransport,
    error_for,
)
from pytest_skyvern.sdk.models import (
    Artifact,
    BrowserProfile,
    BrowserSessionResponse,
    CredentialInfo,
    CredentialResponse,
    RequestOptions,
    TotpCode,
    UploadFileResponse,
    Workflow,
    WorkflowRunTimeline,
    parse_run,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "STATUS_ERRORS",
    "Artifact",
    "BrowserProfile",
    "BrowserSessionResponse",
    "CDPConnect",
    "CloudBackend",
    "CloudTransport",
    "CredentialInfo",
    "CredentialResponse",
    "PlaywrightConnector",
    "RequestOptions",
    "TotpCode",
    "UploadFileResponse",
    "Workflow",
    "WorkflowRunTimeline",
    "engine_wire_name",
    "error_for",
    "parse_run",
]
