"""``SkyvernSDK``: the Skyvern SDK's client methods, declared once.

Both back ends implement it and mirror each other: ``cloud.CloudBackend`` over a Skyvern
server's REST API, ``local.sessions.LocalBackend`` on this machine. The ``Skyvern``
client exposes exactly these methods, each run on its back end. Parameter names, kinds
and defaults are the SDK's; a back end may add keyword-only parameters of its own
(``totp_timeout=`` in local mode). Where local mode answers with its own models
(workflows from its store, plain-dict timelines), the return type says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from pytest_skyvern.sdk.models import (
    DEFAULT_RUN_TIMEOUT_S,
    SESSION_START_TIMEOUT_S,
    Artifact,
    BrowserProfile,
    BrowserSessionResponse,
    CredentialResponse,
    RequestOptions,
    TotpCode,
    UploadFileResponse,
    UploadSource,
    Workflow,
    WorkflowRunTimeline,
)
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, WorkflowRunResponse

if TYPE_CHECKING:
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
    from pytest_skyvern.workflows.api import Artifact as LocalArtifact
    from pytest_skyvern.workflows.store import Workflow as StoredWorkflow



class SkyvernSDK(Protocol):
    """Every client method of the SDK: runs, workflows, sessions, profiles, credentials
    and the cloud-browser helpers."""

    # ------------------------------------------------------------------ runs and tasks
    async def run_task(
        self,
        prompt: str,
        url: str | None = None,
        engine: RunEngine | str = RunEngine.skyvern_v2,
        wait_for_completion: bool = False,
        timeout: float = DEFAULT_RUN_TIMEOUT_S,  # noqa: ASYNC109 - the SDK's parameter name
        max_steps: int | None = None,
        data_extraction_schema: dict[str, Any] | str | type | None = None,
        browser_session_id: str | None = None,
        publish_workflow: bool = False,
        proxy_location: Any = None,
        webhook_url: str | None = None,
        error_code_mapping: dict[str, str] | None = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        title: str | None = None,
        user_agent: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        browser_address: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> TaskRunResponse:
        """Start a task; with ``wait_for_completion`` poll until it ends (``TimeoutError``)."""
        ...

    async def get_run(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> TaskRunResponse:
        """A task or workflow run (``WorkflowRunResponse`` for workflow runs)."""
        ...

    async def cancel_run(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Cancel a queued or running run; a finished one is a ``BadRequestError``."""
        ...

    async def get_run_timeline(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> list[WorkflowRunTimeline] | list[dict[str, Any]]:
        """Blocks and thoughts of a run (servers answer 400 for ``skyvern-1.0`` task runs)."""
        ...

    async def get_run_artifacts(
        self,
        run_id: str,
        artifact_type: str | list[str] | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> list[Artifact] | list[LocalArtifact]:
        """The artifacts of a run, optionally of some types only."""
        ...

    async def get_artifact(
        self, artifact_id: str, *, request_options: RequestOptions | None = None
    ) -> Artifact:
        ...

    async def retry_run_webhook(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        ...

    async def login(
        self,
        credential_type: Any,
        url: str | None = None,
        credential_id: str | None = None,
        prompt: str | None = None,
        browser_session_id: str | None = None,
        wait_for_completion: bool = False,
        timeout: float = DEFAULT_RUN_TIMEOUT_S,  # noqa: ASYNC109 - the SDK's parameter name
        *,
        bitwarden_collection_id: str | None = None,
        bitwarden_item_id: str | None = None,
        onepassword_vault_id: str | None = None,
        onepassword_item_id: str | None = None,
        azure_vault_name: str | None = None,
        azure_vault_username_key: str | None = None,
        azure_vault_password_key: str | None = None,
        azure_vault_totp_secret_key: str | None = None,
        webhook_url: str | None = None,
        proxy_location: Any = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        browser_address: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        request_options: RequestOptions | None = None,
    ) -> WorkflowRunResponse:
        """Log into ``url`` with a stored credential (a workflow run on the server)."""
        ...

    async def download_files(
        self,
        navigation_goal: str,
        url: str | None = None,
        browser_session_id: str | None = None,
        browser_profile_id: str | None = None,
        download_suffix: str | None = None,
        download_timeout: float | None = None,
        max_steps_per_run: int | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> WorkflowRunResponse:
        """Start a run that downloads files; it returns at once (poll with ``get_run``)."""
        ...

    async def upload_file(
        self, file: UploadSource, *, request_options: RequestOptions | None = None
    ) -> UploadFileResponse:
        """Upload a file (an open binary file, bytes, or a path) for runs to use."""
        ...

    # ------------------------------------------------------------------ workflows
    async def create_workflow(
        self,
        json_definition: dict[str, Any] | None = None,
        yaml_definition: str | None = None,
        folder_id: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow | StoredWorkflow:
        """Create a workflow from a JSON (dict) or YAML (text) definition."""
        ...

    async def get_workflows(
        self,
        page: int | None = None,
        page_size: int | None = None,
        only_saved_tasks: bool | None = None,
        only_workflows: bool | None = None,
        title: str | None = None,
        search_key: str | None = None,
        folder_id: str | None = None,
        status: str | list[str] | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> list[Workflow] | list[StoredWorkflow]:
        """The latest version of each workflow, a page at a time."""
        ...

    async def get_workflow(
        self,
        workflow_permanent_id: str,
        version: int | None = None,
        template: bool | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow | StoredWorkflow:
        ...

    async def get_workflow_versions(
        self,
        workflow_permanent_id: str,
        template: bool | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> list[Workflow] | list[StoredWorkflow]:
        ...

    async def update_workflow(
        self,
        workflow_id: str,
        json_definition: dict[str, Any] | None = None,
        yaml_definition: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow | StoredWorkflow:
        """Save a new version; ``workflow_id`` may be a version id or a permanent id."""
        ...

    async def delete_workflow(
        self, workflow_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Delete a workflow (all versions); a version id or a permanent id."""
        ...

    async def run_workflow(
        self,
        workflow_id: str,
        parameters: dict[str, Any] | None = None,
        wait_for_completion: bool = False,
        timeout: float = DEFAULT_RUN_TIMEOUT_S,  # noqa: ASYNC109 - the SDK's parameter name
        run_with: str | None = None,
        ai_fallback: bool | None = None,
        browser_session_id: str | None = None,
        browser_profile_id: str | None = None,
        proxy_location: Any = None,
        max_steps_override: int | None = None,
        webhook_url: str | None = None,
        title: str | None = None,
        template: bool | None = None,
        totp_identifier: str | None = None,
        totp_url: str | None = None,
        user_agent: str | None = None,
        extra_http_headers: dict[str, str] | None = None,
        browser_address: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> WorkflowRunResponse:
        """Run a workflow by permanent id (``wpid_...``)."""
        ...

    # ------------------------------------------- sessions, cloud browsers and profiles
    async def create_browser_session(
        self,
        timeout: int | None = 60,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
        extensions: list[str] | None = None,
        browser_type: str | None = None,
        *,
        browser_profile_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> BrowserSessionResponse:
        """Start a persistent browser; ``timeout`` is in minutes (5-1440)."""
        ...

    async def get_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> BrowserSessionResponse:
        ...

    async def get_browser_sessions(
        self, *, request_options: RequestOptions | None = None
    ) -> list[BrowserSessionResponse]:
        """The organisation's active sessions."""
        ...

    async def close_browser_session(
        self, browser_session_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        ...

    async def wait_for_browser_session(
        self, browser_session_id: str, timeout: float = SESSION_START_TIMEOUT_S,  # noqa: ASYNC109
    ) -> BrowserSessionResponse:
        """Poll a session until it has a ``browser_address`` (``TimeoutError`` otherwise).

A Skyvern server answers the create call at once, with status ``created`` and no
address; the browser starts in the background."""
        ...

    async def connect_to_cloud_browser_session(self, browser_session_id: str) -> SkyvernBrowser:
        """Connect over CDP to an existing session (waiting for it to have a browser)."""
        ...

    async def launch_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> SkyvernBrowser:
        """Create a session and connect to it."""
        ...

    async def use_cloud_browser(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 - minutes, the SDK's parameter
        proxy_location: Any = None,
    ) -> SkyvernBrowser:
        """Connect to the most recently started idle session, or launch a new one."""
        ...

    async def create_browser_profile(
        self,
        name: str,
        description: str | None = None,
        workflow_run_id: str | None = None,
        browser_session_id: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> BrowserProfile:
        """Save browser state from a finished run or a session under ``name``."""
        ...

    async def list_browser_profiles(
        self, include_deleted: bool | None = None, *,
        request_options: RequestOptions | None = None,
    ) -> list[BrowserProfile]:
        ...

    async def get_browser_profile(
        self, profile_id: str, *, request_options: RequestOptions | None = None
    ) -> BrowserProfile:
        ...

    async def delete_browser_profile(
        self, profile_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        ...

    # ------------------------------------------------------------------ credentials
    async def create_credential(
        self,
        name: str,
        credential_type: Any,
        credential: dict[str, Any],
        *,
        request_options: RequestOptions | None = None,
    ) -> CredentialResponse:
        """Store a credential, e.g. ``{"username": ..., "password": ...}`` for a password."""
        ...

    async def get_credentials(
        self, page: int | None = None, page_size: int | None = None, *,
        request_options: RequestOptions | None = None,
    ) -> list[CredentialResponse]:
        ...

    async def get_credential(
        self, credential_id: str, *, request_options: RequestOptions | None = None
    ) -> CredentialResponse:
        ...

    async def delete_credential(
        self, credential_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        ...

    async def send_totp_code(
        self,
        totp_identifier: str,
        content: str,
        task_id: str | None = None,
        workflow_id: str | None = None,
        workflow_run_id: str | None = None,
        source: str | None = None,
        expired_at: datetime | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> TotpCode:
        """Push a 2FA code to a run that waits for one under ``totp_identifier``."""
        ...
