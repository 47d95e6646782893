"""Workflows: ``/v1/workflows`` and its alias ``/v1/agents`` (what the official client uses)."""

from __future__ import annotations

import yaml
from starlette.requests import Request

from pytest_skyvern.errors import BadRequestError, NotFoundError, UnprocessableEntityError
from pytest_skyvern.serve import wire
from pytest_skyvern.serve.requests import WorkflowDefinitionRequest, parse_body
from pytest_skyvern.serve.state import Answer, Handler, ServeState

_NEITHER = ("Invalid workflow definition. Workflow should be provided in either yaml or "
            "json format.")


def _not_found(workflow_id: str) -> NotFoundError:
    return NotFoundError({"detail": f"Workflow not found. workflow_permanent_id={workflow_id}"})


def _id(request: Request) -> str:
    return str(request.path_params["workflow_id"])


def _yaml_problem(text: str) -> str | None:
    """A server's wording of a YAML syntax error (``None``: the text parses)."""
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        where = ""
        if exc.problem_mark is not None:
            where = f" at line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1}"
        context = ""
        if exc.context and exc.context_mark is not None:
            context = (f" ({exc.context} at line {exc.context_mark.line + 1}, column "
                       f"{exc.context_mark.column + 1})")
        return f"Invalid YAML: {exc.problem}{where}{context}"
    except yaml.YAMLError as exc:
        return f"Invalid YAML: {exc}"
    return None


async def _definition(request: Request) -> WorkflowDefinitionRequest:
    body = await parse_body(request, WorkflowDefinitionRequest)
    if body.json_definition is None and body.yaml_definition is None:
        raise UnprocessableEntityError({"detail": _NEITHER})
    problem = _yaml_problem(body.yaml_definition) if body.yaml_definition else None
    if problem:
        raise UnprocessableEntityError({"detail": problem})
    return body


async def create_workflow(request: Request, state: ServeState) -> Answer:
    body = await _definition(request)
    try:
        created = await state.skyvern.create_workflow(
            json_definition=body.json_definition, yaml_definition=body.yaml_definition,
            folder_id=request.query_params.get("folder_id"))
    except BadRequestError as exc:  # a definition that does not parse
        raise UnprocessableEntityError(exc.body) from None
    return 200, wire.workflow_body(created)


async def update_workflow(request: Request, state: ServeState) -> Answer:
    workflow_id = _id(request)
    body = await _definition(request)
    try:
        updated = await state.skyvern.update_workflow(
            workflow_id, json_definition=body.json_definition,
            yaml_definition=body.yaml_definition)
    except NotFoundError:
        raise _not_found(workflow_id) from None
    except BadRequestError as exc:
        raise UnprocessableEntityError(exc.body) from None
    return 200, wire.workflow_body(updated)


async def get_workflows(request: Request, state: ServeState) -> Answer:
    query = request.query_params
    page_size = int(query.get("page_size", 10))
    found = await state.skyvern.get_workflows(
        page=int(query.get("page", 1)), page_size=page_size, title=query.get("title"),
        search_key=query.get("search_key"))
    return 200, [wire.workflow_body(w) for w in found]


async def get_workflow(request: Request, state: ServeState) -> Answer:
    workflow_id = _id(request)
    version = request.query_params.get("version")
    try:
        found = await state.skyvern.get_workflow(
            workflow_id, version=int(version) if version else None)
    except NotFoundError:
        raise _not_found(workflow_id) from None
    return 200, wire.workflow_body(found)


async def get_workflow_versions(request: Request, state: ServeState) -> Answer:
    try:
        versions = await state.skyvern.get_workflow_versions(_id(request))
    except NotFoundError:
        return 200, []  # a Skyvern server lists no versions of an unknown workflow
    return 200, [wire.workflow_body(w) for w in versions]


async def delete_workflow(request: Request, state: ServeState) -> Answer:
    try:
        await state.skyvern.delete_workflow(_id(request))
    except NotFoundError:
        pass  # a Skyvern server answers 200 for an unknown workflow too
    return 200, None


def _both(method: str, suffix: str, handler: Handler) -> list[tuple[str, str, Handler]]:
    return [(method, f"/v1/{root}{suffix}", handler) for root in ("workflows", "agents")]


ROUTES = [
    *_both("POST", "", create_workflow),
    *_both("GET", "", get_workflows),
    *_both("GET", "/{workflow_id}", get_workflow),
    *_both("POST", "/{workflow_id}", update_workflow),
    *_both("GET", "/{workflow_id}/versions", get_workflow_versions),
    *_both("POST", "/{workflow_id}/delete", delete_workflow),
]
