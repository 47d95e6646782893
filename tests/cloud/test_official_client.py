"""Conformance: the official ``skyvern`` client's seed calls give the same answers from
the real server and from ``pytest-skyvern serve``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cloud_helpers import SkyvernServer

from pytest_skyvern.cloud import CloudBackend

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("official_client_calls.py")
REPO = Path(__file__).resolve().parents[2]

#: What the calls must give, from either back end.
EXPECTED = {
    "unknown run": ["NotFoundError", 404],
    # The client has no error class for these routes' 404s (not in their OpenAPI).
    "unknown workflow": ["ApiError", 404],
    "unknown session": ["NotFoundError", 404],
    "unknown credential": ["ApiError", 404],
    "bad key": ["ApiError", 403],
    "error classes": ["NotFoundError", "ForbiddenError"],
    "workflow fetched": [True, ["greet"]],
    "workflow listed": [True],
    "workflow versions": [2, [1, 2]],
    "workflow run": [True, "completed"],
    "workflow deleted": ["ApiError", 404],
    "task run": [True, "completed", "task_v1"],
    "task fetched": ["completed", "Read the greeting"],
    "session": [True, 10],
    "session listed": True,
    "session closed": "completed",
    "credential": [True, "ada@example.com", True],
    "credential listed": True,
    "credential deleted": ["ApiError", 404],
    "totp": [True, "123456"],
    "profile": [True, True],
    "profile deleted": ["NotFoundError", 404],
}


def _server_python() -> Path:
    found = subprocess.run([sys.executable, str(REPO / "scripts" / "skyvern-server"), "path"],
                           capture_output=True, text=True, check=False)
    python = Path(found.stdout.strip()) / "bin" / "python"
    if found.returncode != 0 or not python.exists():
        pytest.skip("the official skyvern client comes with the Skyvern server's venv; run "
                    "scripts/skyvern-server install")
    return python


def test_official_client_gets_the_same_answers(
    cloud: CloudBackend, skyvern_server: SkyvernServer, page_url: str
) -> None:
    del cloud  # requested for its reset of the scripted LLM (every step completes)
    done = subprocess.run(
        [str(_server_python()), str(SCRIPT), skyvern_server.base_url, skyvern_server.api_key,
         page_url], capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    title = facts.pop("workflow")
    assert title[:2] == [True, 1]
    assert facts == EXPECTED
