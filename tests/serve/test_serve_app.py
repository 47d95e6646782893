"""``pytest-skyvern serve``: the command, auth, and webhooks of runs started over REST."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from serve_helpers import receiver

from conftest import Served
from pytest_skyvern.sdk.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

pytestmark = pytest.mark.slow


def test_the_cli_has_a_serve_subcommand() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest_skyvern.cli", "serve", "--help"],
                          capture_output=True, text=True, check=True)
    for option in ("--host", "--port", "--api-key", "--data-dir"):
        assert option in done.stdout


def test_a_missing_or_wrong_key_is_forbidden(served: Served) -> None:
    assert httpx.get(f"{served.base_url}/api/v1/heartbeat").text == "Server is running."
    missing = httpx.get(f"{served.base_url}/v1/workflows")
    wrong = httpx.get(f"{served.base_url}/v1/workflows", headers={"x-api-key": "nope"})
    assert (missing.status_code, missing.json()) == (403, {"detail": "Invalid credentials"})
    assert (wrong.status_code, wrong.json()) == (
        403, {"detail": "Could not validate credentials"})


def test_an_unknown_path_answers_as_fastapi_does(served: Served) -> None:
    answer = httpx.get(f"{served.base_url}/v1/nothing-here",
                       headers={"x-api-key": served.api_key})
    assert (answer.status_code, answer.json()) == (404, {"detail": "Not Found"})


def test_a_run_started_over_rest_posts_a_webhook_signed_with_the_api_key(
    served: Served,
) -> None:
    with receiver() as hooks:
        started = httpx.post(f"{served.base_url}/v1/run/tasks",
                             headers={"x-api-key": served.api_key}, timeout=60,
                             json={"prompt": "Read the greeting", "url": f"{hooks.base_url}/",
                                   "engine": "skyvern-1.0",
                                   "webhook_url": f"{hooks.base_url}/hook"})
        assert started.status_code == 200, started.text
        body = started.json()
        assert body["run_request"]["webhook_url"] == f"{hooks.base_url}/hook"
        [delivery] = hooks.wait_for(1, within_s=60)
    assert delivery.headers[TIMESTAMP_HEADER].isdigit()
    assert verify(delivery.body, served.api_key, delivery.headers[SIGNATURE_HEADER])
    payload = delivery.json()
    assert (payload["run_id"], payload["task_id"]) == (body["run_id"], body["run_id"])
    assert payload["status"] == "completed"
    assert payload["run_type"] == "task_v1"
    assert payload["run_request"]["engine"] == "skyvern-1.0"
    finished = httpx.get(f"{served.base_url}/v1/runs/{body['run_id']}",
                         headers={"x-api-key": served.api_key}).json()
    assert finished["status"] == "completed"
    assert "webhook_failure_reason" not in finished
