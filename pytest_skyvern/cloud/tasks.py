"""Runs and tasks over REST: ``run_task``, ``get_run``, ``cancel_run``, artifacts, helpers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pytest_skyvern.cloud.base import APIArea, body, engine_wire_name, proxy_name
from pytest_skyvern.sdk.models import (
    DEFAULT_RUN_TIMEOUT_S,
    Artifact,
    RequestOptions,
    UploadFileResponse,
    UploadSource,
    WorkflowRunTimeline,
    parse_run,
    parse_workflow_run,
)
from pytest_skyvern.sdk.runs import RunEngine, TaskRunResponse, WorkflowRunResponse
from pytest_skyvern.sdk.schema import to_json_schema


def _user_agent_header(user_agent: str | None) -> dict[str, str] | None:
    return {"x-user-agent": user_agent} if user_agent else None


def _schema(spec: Any) -> Any:
    # A JSON text stays text (the server accepts it); types and models become JSON Schema.
    return spec if spec is None or isinstance(spec, str) else to_json_schema(spec)


class TasksAPI(APIArea):
    """Task runs and everything keyed by a run id."""

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
        payload = body(
            prompt=prompt, url=url, engine=engine_wire_name(engine), title=title,
            proxy_location=proxy_name(proxy_location),
            data_extraction_schema=_schema(data_extraction_schema),
            error_code_mapping=error_code_mapping, max_steps=max_steps,
            webhook_url=webhook_url, totp_identifier=totp_identifier, totp_url=totp_url,
            browser_session_id=browser_session_id, publish_workflow=publish_workflow or None,
            extra_http_headers=extra_http_headers, browser_address=browser_address,
        )
        run = parse_run(await self._call(
            "POST", "/v1/run/tasks", json_body=payload,
            headers=_user_agent_header(user_agent), request_options=request_options,
        ))
        if wait_for_completion:
            run = await self._wait_for_run(run, timeout)
        return run

    async def get_run(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> TaskRunResponse:
        """A task or workflow run (``WorkflowRunResponse`` for workflow runs)."""
        return parse_run(await self._call("GET", f"/v1/runs/{run_id}",
                                          request_options=request_options))

    async def cancel_run(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Cancel a queued or running run; a finished one is a ``BadRequestError``."""
        await self._call("POST", f"/v1/runs/{run_id}/cancel", request_options=request_options)

    async def get_run_timeline(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> list[WorkflowRunTimeline]:
        """Blocks and thoughts of a run (servers answer 400 for ``skyvern-1.0`` task runs)."""
        data = await self._call("GET", f"/v1/runs/{run_id}/timeline",
                                request_options=request_options)
        return [WorkflowRunTimeline.model_validate(item) for item in data or []]

    async def get_run_artifacts(
        self,
        run_id: str,
        artifact_type: str | list[str] | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> list[Artifact]:
        """The artifacts of a run, optionally of some types only."""
        types = [artifact_type] if isinstance(artifact_type, str) else artifact_type
        data = await self._call(
            "GET", f"/v1/runs/{run_id}/artifacts",
            params={"artifact_type": [getattr(t, "value", t) for t in types] if types else None},
            request_options=request_options,
        )
        return [Artifact.model_validate(item) for item in data or []]

    async def get_artifact(
        self, artifact_id: str, *, request_options: RequestOptions | None = None
    ) -> Artifact:
        return Artifact.model_validate(await self._call(
            "GET", f"/v1/artifacts/{artifact_id}", request_options=request_options))

    async def retry_run_webhook(
        self, run_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        await self._call("POST", f"/v1/runs/{run_id}/retry_webhook",
                         request_options=request_options)

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
        payload = body(
            credential_type=getattr(credential_type, "value", credential_type), url=url,
            credential_id=credential_id, prompt=prompt, browser_session_id=browser_session_id,
            bitwarden_collection_id=bitwarden_collection_id,
            bitwarden_item_id=bitwarden_item_id, onepassword_vault_id=onepassword_vault_id,
            onepassword_item_id=onepassword_item_id, azure_vault_name=azure_vault_name,
            azure_vault_username_key=azure_vault_username_key,
            azure_vault_password_key=azure_vault_password_key,
            azure_vault_totp_secret_key=azure_vault_totp_secret_key, webhook_url=webhook_url,
            proxy_location=proxy_name(proxy_location), totp_identifier=totp_identifier,
            totp_url=totp_url, browser_address=browser_address,
            extra_http_headers=extra_http_headers,
        )
        run = parse_workflow_run(await self._call(
            "POST", "/v1/run/tasks/login", json_body=payload, request_options=request_options))
        if wait_for_completion:
            run = parse_workflow_run((await self._wait_for_run(run, timeout)).model_dump())
        return run

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
        payload = body(
            navigation_goal=navigation_goal, url=url, browser_session_id=browser_session_id,
            browser_profile_id=browser_profile_id, download_suffix=download_suffix,
            download_timeout=download_timeout, max_steps_per_run=max_steps_per_run,
        )
        return parse_workflow_run(await self._call(
            "POST", "/v1/run/tasks/download_files", json_body=payload,
            request_options=request_options))

    async def upload_file(
        self, file: UploadSource, *, request_options: RequestOptions | None = None
    ) -> UploadFileResponse:
        """Upload a file (an open binary file, bytes, or a path) for runs to use."""
        if isinstance(file, str | Path):
            path = Path(file)
            part: tuple[str, bytes] = (path.name, await asyncio.to_thread(path.read_bytes))
        elif isinstance(file, bytes):
            part = ("upload.bin", file)
        else:
            part = (Path(str(getattr(file, "name", "upload.bin"))).name, file.read())
        data = await self._call("POST", "/v1/upload_file", files={"file": part},
                                request_options=request_options)
        return UploadFileResponse.model_validate(data)
