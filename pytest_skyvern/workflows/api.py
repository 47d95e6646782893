"""The client's workflow methods (local mode), as a mixin of ``Skyvern``.

``run_with`` chooses how the blocks' AI steps are answered, through the action cache
kept next to the store (one file per workflow, keyed by its permanent id, so any
later run of the workflow can replay it):

- ``"agent"``: resolved afresh (resolver, then LLM) and recorded;
- ``"code"``: replayed from the recording; a missing or stale step is healed by the
  resolver/LLM, or, with ``ai_fallback=False``, fails the run (replay-only: no model
  is ever called);
- ``None``: replay what is recorded, resolve the rest.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

from pytest_skyvern.agent.caching import ActionCacheTier
from pytest_skyvern.agent.engine import Engine
from pytest_skyvern.cache import ActionCache, CacheMode
from pytest_skyvern.context import CacheScope, TestContext, use_context
from pytest_skyvern.errors import BadRequestError, NotFoundError
from pytest_skyvern.events import StepRecord
from pytest_skyvern.sdk.runs import TaskRunResponse, WorkflowRunResponse, new_id, now
from pytest_skyvern.sdk.webhooks import notify_run_finished, workflow_run_request
from pytest_skyvern.secrets import secrets
from pytest_skyvern.workflows.loading import WorkflowFileError, parse_data, parse_yaml
from pytest_skyvern.workflows.runner import WorkflowRunner, bind_parameters
from pytest_skyvern.workflows.store import StoredRun, Workflow, WorkflowStore, open_store

if TYPE_CHECKING:
    from pytest_skyvern.agent.steps import StepRunner
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.config import Settings


class Artifact(BaseModel):
    """A file a run left behind (screenshots, its timeline)."""

    artifact_id: str
    artifact_type: str
    uri: str
    created_at: Any = None


def _definition(json_definition: dict[str, Any] | None, yaml_definition: str | None
                ) -> dict[str, Any]:
    """The checked definition as data; a bad one is a ``BadRequestError`` (HTTP 400)."""
    if (json_definition is None) == (yaml_definition is None):
        raise BadRequestError({"detail": "give exactly one of json_definition and "
                                         "yaml_definition"})
    try:
        if yaml_definition is not None:
            parse_yaml(yaml_definition)
            data: dict[str, Any] = yaml.safe_load(yaml_definition)
            return data
        parse_data(json_definition)
    except WorkflowFileError as exc:
        raise BadRequestError({"detail": str(exc)}) from None
    return dict(json_definition or {})


def cache_mode(run_with: str | None, ai_fallback: bool | None) -> CacheMode:
    if run_with not in (None, "code", "agent"):
        raise BadRequestError({"detail": f"run_with={run_with!r}: valid values are 'code' "
                                         "and 'agent'"})
    if run_with == "agent":
        return "refresh"
    if run_with == "code" and ai_fallback is False:
        return "replay-only"
    return "auto"


def timeline_of(steps: list[StepRecord]) -> list[dict[str, Any]]:
    """Skyvern's run timeline shape: blocks, each with the AI steps it made as children."""
    entries: list[dict[str, Any]] = []
    for step in steps:
        data = step.to_dict()
        if step.kind == "block" or not entries:
            block_type, _, label = step.instruction.partition(" ")
            entries.append({"type": "block", "label": label, "block_type": block_type,
                            "status": step.status, "output": step.output,
                            "error": step.error, "duration_s": step.duration_s,
                            "children": []})
        else:
            entries[-1]["children"].append({"type": "step", **data})
    return entries


def _script_run(steps: list[StepRecord]) -> dict[str, Any]:
    ai = [s for s in steps if s.kind != "block" and s.tier in ("resolver", "llm", "healed")]
    return {"cached_steps": sum(1 for s in steps if s.tier == "cache"),
            "ai_fallback_triggered": bool(ai),
            "llm_calls": sum(s.llm_calls for s in steps)}


class WorkflowsMixin:
    """``create_workflow`` ... ``run_workflow``, ``get_run_timeline``, ``get_run_artifacts``."""

    # Mixed into the local back end (``LocalRuns``, which holds its ``LocalHost`` as
    # ``_host``) or into the client itself: the engine and settings come from whichever.
    if TYPE_CHECKING:
        _runs: dict[str, TaskRunResponse]
        _tasks: dict[str, asyncio.Task[TaskRunResponse]]

        async def _task_page(self) -> SkyvernBrowserPage: ...

        async def profile_page(self, name_or_id: str) -> SkyvernBrowserPage: ...

    _store: WorkflowStore | None = None

    @property
    def _owner(self) -> Any:
        return getattr(self, "_host", self)

    @property
    def _settings(self) -> Settings:
        settings: Settings = self._owner.settings
        return settings

    @property
    def workflow_store(self) -> WorkflowStore:
        """The SQLite store (``--skyvern-store-path``, default ``<report_dir>/skyvern.sqlite3``)."""
        if self._store is None:
            configured = getattr(self._settings, "store_path", None)
            self._store = open_store(configured or Path(self._settings.report_dir,
                                                        "skyvern.sqlite3"))
        return self._store

    def _existing(self, workflow_id: str, version: int | None = None) -> Workflow:
        found = self.workflow_store.get(workflow_id, version)
        if found is None:
            suffix = f" version {version}" if version is not None else ""
            raise NotFoundError({"detail": f"Workflow {workflow_id}{suffix} not found"})
        return found

    async def create_workflow(self, json_definition: dict[str, Any] | None = None,
                              yaml_definition: str | None = None, folder_id: str | None = None,
                              *, request_options: object = None) -> Workflow:
        """Store a new workflow (version 1); returns it with its ``wpid_...``."""
        del folder_id, request_options
        data = _definition(json_definition, yaml_definition)
        return self.workflow_store.create(data["title"], data.get("description"), data)

    async def update_workflow(self, workflow_id: str, json_definition: dict[str, Any] | None
                              = None, yaml_definition: str | None = None, *,
                              request_options: object = None) -> Workflow:
        """A new version of the workflow (``workflow_id``: its permanent or a version id)."""
        del request_options
        current = self._existing(workflow_id)
        data = _definition(json_definition, yaml_definition)
        return self.workflow_store.add_version(current.workflow_permanent_id, data["title"],
                                               data.get("description"), data)

    async def get_workflow(self, workflow_permanent_id: str, version: int | None = None,
                           template: bool | None = None, *, request_options: object = None
                           ) -> Workflow:
        del template, request_options
        return self._existing(workflow_permanent_id, version)

    async def get_workflows(
        self, page: int | None = None, page_size: int | None = None,
        only_saved_tasks: bool | None = None, only_workflows: bool | None = None,
        title: str | None = None, search_key: str | None = None, folder_id: str | None = None,
        status: str | list[str] | None = None, *, request_options: object = None,
    ) -> list[Workflow]:
        """The latest version of each workflow, newest first (``page`` counts from 1)."""
        del only_saved_tasks, only_workflows, folder_id, status  # no local meaning
        del request_options
        found = self.workflow_store.latest(title=title, search_key=search_key)
        if page_size:
            start = (max(page or 1, 1) - 1) * page_size
            found = found[start:start + page_size]
        return found

    async def get_workflow_versions(self, workflow_permanent_id: str,
                                    template: bool | None = None, *,
                                    request_options: object = None) -> list[Workflow]:
        del template, request_options
        versions = self.workflow_store.versions(workflow_permanent_id)
        if not versions:
            raise NotFoundError({"detail": f"Workflow {workflow_permanent_id} not found"})
        return versions

    async def delete_workflow(self, workflow_id: str, *, request_options: object = None
                              ) -> None:
        """Delete the workflow (every version); its runs stay readable."""
        del request_options
        current = self._existing(workflow_id)
        self.workflow_store.delete(current.workflow_permanent_id)

    def _run_engine(self, permanent_id: str, mode: CacheMode) -> tuple[Engine, ActionCache]:
        cache = ActionCache(self.workflow_store.path.parent / "workflow-cache", mode,
                            secrets().shared)
        shared: Engine = self._owner.engine
        runner: StepRunner = self._owner.runner
        engine = Engine(runner, shared.options, resolver=shared.resolver,
                        cache=ActionCacheTier(cache))
        return engine, cache

    async def run_workflow(
        self, workflow_id: str, parameters: dict[str, Any] | None = None,
        wait_for_completion: bool = False,
        timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
        run_with: str | None = None, ai_fallback: bool | None = None,
        browser_session_id: str | None = None, browser_profile_id: str | None = None,
        proxy_location: Any = None, max_steps_override: int | None = None,
        webhook_url: str | None = None, title: str | None = None, template: bool | None = None,
        totp_identifier: str | None = None, totp_url: str | None = None,
        user_agent: str | None = None, extra_http_headers: dict[str, str] | None = None,
        browser_address: str | None = None, *, request_options: object = None,
    ) -> WorkflowRunResponse:
        """Run the latest version in a new page of a local headless browser.

        Without ``wait_for_completion`` it returns at once (``queued``); poll ``get_run``.
        ``browser_profile_id`` starts the page from a saved profile (logged in); the
        ``webhook_url`` gets the run's payload when it ends; the SDK's other
        browser/session/proxy arguments have no local effect.
        """
        del browser_session_id, proxy_location, max_steps_override
        del title, template, totp_identifier, totp_url, user_agent
        del extra_http_headers, browser_address, request_options
        workflow = self._existing(workflow_id)
        definition = parse_data(workflow.workflow_definition, workflow_id).workflow_definition
        values = bind_parameters(definition, parameters)
        engine, cache = self._run_engine(workflow.workflow_permanent_id,
                                         cache_mode(run_with, ai_fallback))
        page = await (self.profile_page(browser_profile_id) if browser_profile_id
                      else self._task_page())
        run = WorkflowRunResponse(status="queued", run_with=run_with, ai_fallback=ai_fallback,
                                  run_request=workflow_run_request(
                                      workflow.workflow_permanent_id, parameters, webhook_url,
                                      browser_profile_id))
        self._runs[run.run_id] = run
        store = self.workflow_store
        store.save_run(run, workflow.workflow_permanent_id)
        # The run's own context: its steps never reach the test's timeline, and its
        # cache keys are the workflow's, so any run of this workflow, in any test or
        # process, finds the same recording.
        scope = f"workflows/{workflow.workflow_permanent_id}"
        context = TestContext(nodeid=scope, artifact_dir=str(store.runs_dir / run.run_id),
                              cache_scope=CacheScope(scope))

        async def execute() -> TaskRunResponse:
            # Current in this coroutine only (a background run is its own task).
            with use_context(context):
                try:
                    async with asyncio.timeout(timeout):
                        await WorkflowRunner(page, engine, definition, values).run(run)
                except TimeoutError:
                    run.status = "timed_out"
                    run.failure_reason = f"The workflow did not finish within {timeout} s."
                    run.finished_at = run.modified_at = now()
                finally:
                    run.script_run = _script_run(context.bus.steps)
                    cache.flush()
                    store.save_run(run, workflow.workflow_permanent_id,
                                   timeline_of(context.bus.steps), context.artifact_dir)
                    await page.close()
                    await notify_run_finished(run, webhook_url)
            return run

        if wait_for_completion:
            await execute()
        else:
            self._tasks[run.run_id] = asyncio.create_task(execute())
        return run.model_copy(deep=True)

    def _stored_run(self, run_id: str) -> StoredRun:
        stored = self.workflow_store.get_run(run_id)
        if stored is None:
            if run_id in self._runs:  # a task run: no block timeline of its own
                run = self._runs[run_id]
                entry = {"type": "task", "run_id": run_id, "status": run.status,
                         "output": run.output, "failure_reason": run.failure_reason,
                         "step_count": run.step_count}
                return StoredRun(run=WorkflowRunResponse.model_validate(run.model_dump()),
                                 timeline=[entry])
            raise NotFoundError({"detail": f"Run {run_id} not found"})
        return stored

    async def get_run_timeline(self, run_id: str, *, request_options: object = None
                               ) -> list[dict[str, Any]]:
        """The blocks of a workflow run with the AI steps each made (a task run: one entry)."""
        del request_options
        return self._stored_run(run_id).timeline

    async def get_run_artifacts(self, run_id: str,
                                artifact_type: str | list[str] | None = None, *,
                                request_options: object = None) -> list[Artifact]:
        """Files the run left in its artifact folder (screenshots, ...)."""
        del request_options
        stored = self._stored_run(run_id)
        folder = Path(stored.artifact_dir) if stored.artifact_dir else None
        wanted = {artifact_type} if isinstance(artifact_type, str) else set(artifact_type or ())
        found = []
        for path in sorted(folder.rglob("*")) if folder and folder.is_dir() else []:
            kind = "screenshot" if path.suffix in (".png", ".jpg", ".jpeg") else "file"
            if path.is_file() and (not wanted or kind in wanted):
                found.append(Artifact(artifact_id=new_id("a"), artifact_type=kind,
                                      uri=path.as_uri()))
        return found

