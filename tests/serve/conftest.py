"""``pytest-skyvern serve`` in its own process, on a free port, with a scripted LLM."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from serve_helpers import COMPLETE

from pytest_skyvern.llm import ScriptedLLMServer


@dataclass(frozen=True)
class Served:
    base_url: str
    api_key: str


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    pytest.importorskip("starlette", reason="pytest-skyvern[serve] is not installed")
    folder = tmp_path_factory.mktemp("served")
    with ScriptedLLMServer() as llm:
        llm.fixed(COMPLETE)
        env = {**os.environ, "SKYVERN_LLM_BASE_URL": llm.base_url,
               "SKYVERN_LLM_MODEL": "scripted-model"}
        env.pop("SKYVERN_WEBHOOK_SECRET", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest_skyvern.cli", "serve", "--port", "0",
             "--api-key", "serve-test-key", "--data-dir", str(folder)],
            stdout=subprocess.PIPE, stderr=open(folder / "serve.log", "w"), text=True, env=env)
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline().strip() for _ in range(2)]
            values = dict(line.split("=", 1) for line in lines if "=" in line)
            assert values.get("SKYVERN_API_KEY") == "serve-test-key", lines
            base_url = values["SKYVERN_BASE_URL"]
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base_url}/api/v1/heartbeat", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield Served(base_url, "serve-test-key")
        finally:
            process.terminate()
            process.wait(timeout=30)
