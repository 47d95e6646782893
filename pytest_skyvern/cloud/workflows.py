"""Workflows over REST: create, read, list, version, update, delete and run them.

Paths: the SDK's ``/v1/workflows`` and ``/v1/run/workflows``. Skyvern 1.x also serves
them as ``/v1/agents`` and ``/v1/run/agents`` (and its own client uses those); when a
server has no ``/v1/workflows`` route (a bare 404, not "workflow not found") we switch
to the alias for the rest of the client's life.
"""

from __future__ import annotations

from typing import Any

from pytest_skyvern.cloud.base import APIArea, body, proxy_name
from pytest_skyvern.errors import NotFoundError
from pytest_skyvern.sdk.models import (
    DEFAULT_RUN_TIMEOUT_S,
    RequestOptions,
    Workflow,
    parse_workflow_run,
)
from pytest_skyvern.sdk.runs import WorkflowRunResponse

_ROUTE_MISSING = {"detail": "Not Found"}  # FastAPI's answer for a path it does not serve


class WorkflowsAPI(APIArea):
    """Workflow definitions and workflow runs."""

    _use_agents_alias: bool
    #: Version id -> permanent id, for update/delete given a version id (see below).
    _permanent_ids: dict[str, str]

    async def _workflows(
        self, method: str, suffix: str = "", *, request_options: RequestOptions | None = None,
        **kwargs: Any,
    ) -> Any:
        if not self._use_agents_alias:
            try:
                return await self._call(method, f"/v1/workflows{suffix}",
                                        request_options=request_options, **kwargs)
            except NotFoundError as exc:
                if exc.body != _ROUTE_MISSING:
                    raise
                self._use_agents_alias = True
        return await self._call(method, f"/v1/agents{suffix}", request_options=request_options,
                                **kwargs)

    def _remember(self, data: Any) -> Workflow:
        workflow = Workflow.model_validate(data)
        self._permanent_ids[workflow.workflow_id] = workflow.workflow_permanent_id
        return workflow

    async def _permanent_id(self, workflow_id: str) -> str:
        """The ``wpid_...`` for a workflow given by version id or permanent id.

        The SDK documents ``update_workflow``/``delete_workflow`` as taking the version id,
        but Skyvern servers look the path parameter up as a permanent id (and a delete
        with a version id answers 200 having deleted nothing), so we translate.
        """
        if workflow_id.startswith("wpid_"):
            return workflow_id
        if workflow_id in self._permanent_ids:
            return self._permanent_ids[workflow_id]
        page = 1
        while True:
            batch = await self.get_workflows(page=page, page_size=100)
            for workflow in batch:
                if workflow.workflow_id == workflow_id:
                    return workflow.workflow_permanent_id
            if len(batch) < 100:
                raise NotFoundError({"detail": f"Workflow not found. workflow_id={workflow_id}"})
            page += 1

    async def create_workflow(
        self,
        json_definition: dict[str, Any] | None = None,
        yaml_definition: str | None = None,
        folder_id: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow:
        """Create a workflow from a JSON (dict) or YAML (text) definition."""
        data = await self._workflows(
            "POST", params={"folder_id": folder_id},
            json_body=body(json_definition=json_definition, yaml_definition=yaml_definition),
            request_options=request_options,
        )
        return self._remember(data)

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
    ) -> list[Workflow]:
        """The latest version of each workflow, a page at a time."""
        statuses = [status] if isinstance(status, str) else status
        data = await self._workflows("GET", params={
            "page": page, "page_size": page_size, "only_saved_tasks": only_saved_tasks,
            "only_workflows": only_workflows, "title": title, "search_key": search_key,
            "folder_id": folder_id,
            "status": [getattr(s, "value", s) for s in statuses] if statuses else None,
        }, request_options=request_options)
        return [self._remember(item) for item in data or []]

    async def get_workflow(
        self,
        workflow_permanent_id: str,
        version: int | None = None,
        template: bool | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow:
        data = await self._workflows("GET", f"/{workflow_permanent_id}",
                                     params={"version": version, "template": template},
                                     request_options=request_options)
        return self._remember(data)

    async def get_workflow_versions(
        self,
        workflow_permanent_id: str,
        template: bool | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> list[Workflow]:
        data = await self._workflows("GET", f"/{workflow_permanent_id}/versions",
                                     params={"template": template},
                                     request_options=request_options)
        return [self._remember(item) for item in data or []]

    async def update_workflow(
        self,
        workflow_id: str,
        json_definition: dict[str, Any] | None = None,
        yaml_definition: str | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> Workflow:
        """Save a new version; ``workflow_id`` may be a version id or a permanent id."""
        permanent_id = await self._permanent_id(workflow_id)
        data = await self._workflows(
            "POST", f"/{permanent_id}",
            json_body=body(json_definition=json_definition, yaml_definition=yaml_definition),
            request_options=request_options,
        )
        return self._remember(data)

    async def delete_workflow(
        self, workflow_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Delete a workflow (all versions); a version id or a permanent id."""
        permanent_id = await self._permanent_id(workflow_id)
        await self._workflows("POST", f"/{permanent_id}/delete", request_options=request_options)

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
        fields = body(
            parameters=parameters, title=title, proxy_location=proxy_name(proxy_location),
            webhook_url=webhook_url, totp_url=totp_url, totp_identifier=totp_identifier,
            browser_session_id=browser_session_id, browser_profile_id=browser_profile_id,
            extra_http_headers=extra_http_headers, browser_address=browser_address,
            ai_fallback=ai_fallback, run_with=run_with,
        )
        headers = body(**{
            "x-max-steps-override": None if max_steps_override is None else str(max_steps_override),
            "x-user-agent": user_agent,
        })
        params = {"template": template}
        data: Any = None
        if not self._use_agents_alias:
            try:
                data = await self._call(
                    "POST", "/v1/run/workflows", params=params,
                    json_body={"workflow_id": workflow_id, **fields}, headers=headers or None,
                    request_options=request_options)
            except NotFoundError as exc:
                if exc.body != _ROUTE_MISSING:
                    raise
                self._use_agents_alias = True
        if data is None:
            data = await self._call(
                "POST", "/v1/run/agents", params=params,
                json_body={"agent_id": workflow_id, **fields}, headers=headers or None,
                request_options=request_options)
        run = parse_workflow_run(data)
        if wait_for_completion:
            run = parse_workflow_run((await self._wait_for_run(run, timeout)).model_dump())
        return run
