"""Workflows against the real Skyvern server: JSON and YAML definitions, versions, runs."""

from __future__ import annotations

import uuid

import pytest

from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.errors import NotFoundError

pytestmark = pytest.mark.slow


def _json_definition(title: str, url: str) -> dict[str, object]:
    return {
        "title": title,
        "workflow_definition": {
            "parameters": [{"key": "target_url", "parameter_type": "workflow",
                            "workflow_parameter_type": "string", "description": "URL"}],
            "blocks": [{"block_type": "task", "label": "greet",
                        "navigation_goal": "Read the greeting", "url": "{{ target_url }}"}],
        },
    }


def _yaml_definition(title: str, url: str) -> str:
    return (
        f"title: {title}\n"
        "workflow_definition:\n"
        "  parameters: []\n"
        "  blocks:\n"
        "    - block_type: task\n"
        "      label: greet\n"
        "      navigation_goal: Read the greeting\n"
        f"      url: {url}\n"
    )


async def test_create_json_then_get_then_list(cloud: CloudBackend, page_url: str) -> None:
    title = f"json-{uuid.uuid4().hex[:8]}"
    created = await cloud.create_workflow(json_definition=_json_definition(title, page_url))
    assert created.workflow_permanent_id.startswith("wpid_")
    assert created.version == 1

    fetched = await cloud.get_workflow(created.workflow_permanent_id)
    assert fetched.workflow_id == created.workflow_id
    assert fetched.title == title
    assert [b["label"] for b in fetched.workflow_definition["blocks"]] == ["greet"]

    listed = await cloud.get_workflows(page_size=100)
    assert created.workflow_permanent_id in {w.workflow_permanent_id for w in listed}
    by_title = await cloud.get_workflows(title=title)
    assert [w.workflow_permanent_id for w in by_title] == [created.workflow_permanent_id]


async def test_create_yaml_update_by_version_id_then_delete(
    cloud: CloudBackend, page_url: str
) -> None:
    created = await cloud.create_workflow(yaml_definition=_yaml_definition("yaml-v1", page_url))
    assert created.title == "yaml-v1"

    # The SDK passes the version id; the server wants the permanent id (we translate).
    updated = await cloud.update_workflow(
        created.workflow_id, yaml_definition=_yaml_definition("yaml-v2", page_url))
    assert updated.workflow_permanent_id == created.workflow_permanent_id
    assert updated.version == 2
    versions = await cloud.get_workflow_versions(created.workflow_permanent_id)
    assert sorted(v.version for v in versions) == [1, 2]
    assert (await cloud.get_workflow(created.workflow_permanent_id, version=1)).title == "yaml-v1"

    await cloud.delete_workflow(updated.workflow_id)
    with pytest.raises(NotFoundError) as raised:
        await cloud.get_workflow(created.workflow_permanent_id)
    assert raised.value.status_code == 404


async def test_update_by_version_id_of_a_workflow_this_client_never_saw(
    cloud: CloudBackend, skyvern_server: object, page_url: str
) -> None:
    created = await cloud.create_workflow(yaml_definition=_yaml_definition("seen-v1", page_url))
    fresh = CloudBackend(cloud._api_key, cloud.base_url)  # no memory of created ids
    try:
        updated = await fresh.update_workflow(
            created.workflow_id, yaml_definition=_yaml_definition("seen-v2", page_url))
    finally:
        await fresh.aclose()
    assert (updated.workflow_permanent_id, updated.version) == (created.workflow_permanent_id, 2)


async def test_run_workflow_to_completion(cloud: CloudBackend, page_url: str) -> None:
    created = await cloud.create_workflow(json_definition=_json_definition("run-me", page_url))

    run = await cloud.run_workflow(created.workflow_permanent_id,
                                   parameters={"target_url": page_url},
                                   wait_for_completion=True, timeout=180)

    assert run.run_id.startswith("wr_")
    assert run.run_type == "workflow_run"
    assert run.status == "completed", run.failure_reason
    assert (await cloud.get_run(run.run_id)).status == "completed"
