"""Task runs against the real Skyvern server: start, poll, wait, cancel, artifacts."""

from __future__ import annotations

import pytest
from cloud_helpers import SkyvernServer, wait_until

from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.sdk.runs import TERMINAL_STATUSES, RunEngine

pytestmark = pytest.mark.slow


async def test_run_task_then_get_run_polled_to_completed(
    cloud: CloudBackend, skyvern_server: SkyvernServer, page_url: str
) -> None:
    started = await cloud.run_task("Read the greeting", url=page_url,
                                   engine=RunEngine.skyvern_v1)
    assert started.run_id.startswith("tsk_")
    assert started.status in {"created", "queued", "running"}

    finished = await wait_until(lambda: cloud.get_run(started.run_id),
                                lambda run: run.status in TERMINAL_STATUSES)

    assert finished.status == "completed", finished.failure_reason
    assert finished.run_type == "task_v1"
    assert finished.finished_at is not None
    # The server's agent really asked our scripted LLM about the page.
    assert any("Read the greeting" in r.text for r in skyvern_server.llm.llm_requests)


async def test_wait_for_completion_returns_the_finished_run(
    cloud: CloudBackend, page_url: str
) -> None:
    run = await cloud.run_task("Read the greeting", url=page_url, engine="skyvern_v1",
                               wait_for_completion=True, timeout=120)
    assert run.status == "completed"


async def test_wait_for_completion_raises_timeout_error(
    cloud: CloudBackend, skyvern_server: SkyvernServer, page_url: str
) -> None:
    skyvern_server.llm.slow(30, times=1)  # the first step cannot finish in time
    with pytest.raises(TimeoutError):
        await cloud.run_task("Read the greeting", url=page_url, engine=RunEngine.skyvern_v1,
                             wait_for_completion=True, timeout=2)


async def test_cancel_run_of_a_running_run(
    cloud: CloudBackend, skyvern_server: SkyvernServer, page_url: str
) -> None:
    skyvern_server.llm.slow(30, times=1)  # holds the run in its first step
    run = await cloud.run_task("Read the greeting", url=page_url, engine=RunEngine.skyvern_v1)
    await wait_until(lambda: cloud.get_run(run.run_id), lambda r: r.status == "running")

    await cloud.cancel_run(run.run_id)

    assert (await cloud.get_run(run.run_id)).status == "canceled"


async def test_artifacts_of_a_finished_run(
    cloud: CloudBackend, skyvern_server: SkyvernServer, page_url: str,
    request: pytest.FixtureRequest,
) -> None:
    skyvern_server.differs_on_serve(request, "local task runs keep no artifacts (screenshots, "
                                    "prompts, recordings) to list yet")
    run = await cloud.run_task("Read the greeting", url=page_url, engine=RunEngine.skyvern_v1,
                               wait_for_completion=True, timeout=120)

    artifacts = await cloud.get_run_artifacts(run.run_id)

    kinds = {a.artifact_type for a in artifacts}
    assert {"screenshot_llm", "llm_prompt", "recording"} <= kinds
    assert all(a.run_id == run.run_id for a in artifacts)
    screenshots = await cloud.get_run_artifacts(run.run_id, artifact_type="screenshot_llm")
    assert screenshots
    assert {a.artifact_type for a in screenshots} == {"screenshot_llm"}
    one = await cloud.get_artifact(screenshots[0].artifact_id)
    assert one.artifact_id == screenshots[0].artifact_id
    assert one.uri == screenshots[0].uri


async def test_skyvern_v2_engine_name_is_accepted(cloud: CloudBackend, page_url: str) -> None:
    # The default engine; the server only knows it as "skyvern-2.0".
    run = await cloud.run_task("Read the greeting", url=page_url)
    assert run.run_type == "task_v2"
    await cloud.cancel_run(run.run_id)
