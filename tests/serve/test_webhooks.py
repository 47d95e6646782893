"""Run webhooks: payload, HMAC signature, bounded retries, failures kept on the run."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from serve_helpers import COMPLETE, Receiver, receiver

from pytest_skyvern import Skyvern
from pytest_skyvern.config import resolve_settings
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.sdk.runs import TaskRunResponse, WorkflowRunResponse
from pytest_skyvern.sdk.webhooks import (
    SECRET_ENV,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookPolicy,
    deliver,
    payload_of,
    sign,
    verify,
)
from pytest_skyvern.testing.scripted_llm import scripted_llm_env

FAST = WebhookPolicy(retry_delays_s=(0.01, 0.01, 0.01), request_timeout_s=5)


@pytest.fixture
def hooks() -> Iterator[Receiver]:
    with receiver() as state:
        yield state


@pytest_asyncio.fixture
async def client(tmp_path_factory: pytest.TempPathFactory, llm: ScriptedLLMServer
                 ) -> AsyncIterator[Skyvern]:
    llm.fixed(COMPLETE)
    folder = tmp_path_factory.mktemp("hooks")
    settings = resolve_settings(
        {"store_path": str(folder / "store.sqlite3"), "report_dir": str(folder)}, {},
        env=scripted_llm_env(llm))
    async with Skyvern.local(settings=settings) as local:
        yield local


def test_signature_is_hmac_sha256_of_the_body() -> None:
    headers = sign(b'{"a":1}', "s3cret", timestamp=1700000000)
    assert headers[TIMESTAMP_HEADER] == "1700000000"
    assert verify(b'{"a":1}', "s3cret", headers[SIGNATURE_HEADER])
    assert not verify(b'{"a":2}', "s3cret", headers[SIGNATURE_HEADER])
    assert not verify(b'{"a":1}', "other", headers[SIGNATURE_HEADER])


def test_payload_has_the_run_and_what_started_it() -> None:
    run = TaskRunResponse(status="failed", failure_reason="no button", step_count=2,
                          run_request={"prompt": "Click Go", "url": "http://x/",
                                       "webhook_url": "http://hook/"})
    payload = payload_of(run)
    assert payload["run_id"] == payload["task_id"] == run.run_id
    assert payload["workflow_run_id"] is None
    assert payload["status"] == "failed"
    assert payload["run_request"]["prompt"] == payload["prompt"] == "Click Go"
    assert payload["url"] == "http://x/"
    assert payload["webhook_callback_url"] == "http://hook/"
    assert payload["summary"] == "The run ended failed in 2 steps: no button"
    for field in ("browser_session_id", "browser_profile_id", "max_screenshot_scrolls",
                  "script_run", "output", "errors", "created_at", "finished_at"):
        assert field in payload
    workflow = payload_of(WorkflowRunResponse(status="completed"))
    assert workflow["workflow_run_id"] == workflow["run_id"]
    assert workflow["task_id"] is None


async def test_delivery_is_retried_until_it_succeeds(hooks: Receiver) -> None:
    hooks.failures = 2
    assert await deliver(f"{hooks.base_url}/hook", {"run_id": "tsk_1"}, policy=FAST) is None
    assert hooks.attempts == 3
    assert [d.json() for d in hooks.deliveries] == [{"run_id": "tsk_1"}]
    assert SIGNATURE_HEADER not in hooks.deliveries[0].headers  # no secret, no signature


async def test_retries_are_bounded(hooks: Receiver) -> None:
    hooks.failures = 100
    reason = await deliver(f"{hooks.base_url}/hook", {"run_id": "tsk_1"}, policy=FAST)
    assert reason is not None
    assert "attempt 4: HTTP 500" in reason
    assert hooks.attempts == 4


async def test_a_client_error_is_not_retried(hooks: Receiver) -> None:
    hooks.failures, hooks.fail_status = 100, 404
    reason = await deliver(f"{hooks.base_url}/hook", {}, policy=FAST)
    assert reason is not None
    assert "HTTP 404" in reason
    assert hooks.attempts == 1


async def test_an_unreachable_receiver_is_a_reason(hooks: Receiver) -> None:
    reason = await deliver("http://127.0.0.1:9/hook", {}, policy=FAST)
    assert reason is not None
    assert "ConnectError" in reason


async def test_local_task_run_posts_its_signed_payload(
    client: Skyvern, hooks: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, "hook-secret")
    hooks.failures, hooks.fail_status = 1, 503  # one retry, then delivered
    run = await client.run_task("Read the greeting", url=f"{hooks.base_url}/",
                                engine="skyvern_v1", webhook_url=f"{hooks.base_url}/hook",
                                wait_for_completion=True, timeout=60)
    assert run.status == "completed"
    assert run.webhook_failure_reason is None
    [delivery] = hooks.wait_for(1)
    assert delivery.path == "/hook"
    assert verify(delivery.body, "hook-secret", delivery.headers[SIGNATURE_HEADER])
    payload = delivery.json()
    assert (payload["run_id"], payload["status"], payload["run_type"]) == (
        run.run_id, "completed", "task_v1")
    assert payload["run_request"]["engine"] == "skyvern-1.0"
    assert payload["run_request"]["webhook_url"] == f"{hooks.base_url}/hook"
    assert payload["summary"].startswith("The run completed")


async def test_a_failed_delivery_is_kept_on_the_run_not_raised(
    client: Skyvern, hooks: Receiver
) -> None:
    hooks.failures, hooks.fail_status = 100, 400
    run = await client.run_task("Read the greeting", url=f"{hooks.base_url}/",
                                webhook_url=f"{hooks.base_url}/hook",
                                wait_for_completion=True, timeout=60)
    assert run.status == "completed"
    assert run.webhook_failure_reason is not None
    assert "HTTP 400" in run.webhook_failure_reason
    assert (await client.get_run(run.run_id)).webhook_failure_reason == (
        run.webhook_failure_reason)


async def test_local_workflow_run_posts_its_payload(client: Skyvern, hooks: Receiver) -> None:
    workflow = await client.create_workflow(json_definition={
        "title": "hooked", "workflow_definition": {"parameters": [], "blocks": [
            {"block_type": "task", "label": "greet", "navigation_goal": "Read the greeting",
             "url": f"{hooks.base_url}/"}]}})
    run = await client.run_workflow(workflow.workflow_permanent_id,
                                    webhook_url=f"{hooks.base_url}/wf",
                                    wait_for_completion=True, timeout=60)
    assert run.status == "completed", run.failure_reason
    [delivery] = hooks.wait_for(1)
    payload = json.loads(delivery.body)
    assert payload["workflow_run_id"] == run.run_id
    assert payload["run_request"]["workflow_id"] == workflow.workflow_permanent_id
    assert payload["webhook_callback_url"] == f"{hooks.base_url}/wf"
