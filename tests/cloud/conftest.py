"""Cloud-mode tests run against the real open-source Skyvern server, started once per session,
and again against ``pytest-skyvern serve`` (our local engine behind the same REST API).

The server comes from ``scripts/skyvern-server`` (a cached venv outside the repository).
When it is not installed, these tests are skipped unless ``SKYVERN_CLOUD_TESTS=1``, which
installs it (about 5 minutes, once). Its LLM is our ``ScriptedLLMServer``, which answers
every step with a completion, so a task finishes in seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import pytest_asyncio
from cloud_helpers import SkyvernServer

from pytest_skyvern.cloud import CloudBackend, PlaywrightConnector
from pytest_skyvern.llm import ScriptedLLMServer

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "skyvern-server"
ENABLE_HINT = (
    "the Skyvern server for cloud-mode tests is not installed; run "
    "`scripts/skyvern-server install` once (about 5 minutes), or set SKYVERN_CLOUD_TESTS=1 "
    "to install it automatically"
)

#: What the scripted LLM answers to every prompt of Skyvern's agent: the goal is met.
COMPLETE_ANSWER = json.dumps({
    # Skyvern's agent reads these ...
    "user_goal_achieved": True,
    "page_info": "A page saying hello.",
    "thoughts": "The goal is achieved.",
    "actions": [{"action_type": "COMPLETE", "reasoning": "done", "confidence_float": 1.0,
                 "id": None}],
    # ... and ours (behind `pytest-skyvern serve`) these.
    "status": "complete",
    "reasoning": "The goal is achieved.",
})

PAGES = {
    "/": "<html><head><title>Cloud test</title></head><body><h1>Hello cloud</h1>"
         "<input id='name'><button id='go' onclick=\"document.querySelector('h1')"
         ".textContent = 'Hi ' + document.querySelector('#name').value\">Go</button>"
         "</body></html>",
}


def _script(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          check=check, timeout=1800)


def _installed() -> bool:
    return _script("path", check=False).returncode == 0


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = PAGES.get(self.path.split("?")[0])
        self.send_response(200 if page else 404)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((page or "not found").encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def page_url() -> Iterator[str]:
    """A tiny site on 127.0.0.1 for the server's browsers to visit."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def _real_server(llm: ScriptedLLMServer) -> Iterator[SkyvernServer]:
    if not _installed():
        if os.environ.get("SKYVERN_CLOUD_TESTS") != "1":
            pytest.skip(ENABLE_HINT)
        _script("install")
    name = f"pytest-{os.getpid()}"
    try:
        started = _script("start", "--name", name, "--llm-base-url", llm.base_url, check=False)
        if started.returncode != 0:
            pytest.fail(f"the Skyvern server did not start:\n{started.stderr[-4000:]}")
        values = dict(line.split("=", 1) for line in started.stdout.split())
        yield SkyvernServer(values["SKYVERN_BASE_URL"], values["SKYVERN_API_KEY"],
                            Path(values["SKYVERN_SERVER_DIR"]), llm)
    finally:
        _script("stop", "--name", name, check=False)


def _serve(llm: ScriptedLLMServer, directory: Path) -> Iterator[SkyvernServer]:
    """``pytest-skyvern serve`` in its own process, its LLM the same scripted one."""
    pytest.importorskip("starlette", reason="pytest-skyvern[serve] is not installed")
    api_key = f"serve-{os.getpid()}"
    env = {**os.environ, "SKYVERN_LLM_BASE_URL": llm.base_url,
           "SKYVERN_LLM_MODEL": "scripted-model", "SKYVERN_LLM_API_KEY": "scripted"}
    env.pop("SKYVERN_WEBHOOK_SECRET", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest_skyvern.serve", "--port", "0", "--api-key", api_key,
         "--data-dir", str(directory)],
        stdout=subprocess.PIPE, stderr=open(directory / "serve.log", "w"), text=True, env=env)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip().partition("=")[2]
        if not base_url:
            pytest.fail(f"serve did not start:\n{(directory / 'serve.log').read_text()[-4000:]}")
        _wait_for_heartbeat(base_url)
        yield SkyvernServer(base_url, api_key, directory, llm, kind="serve")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_heartbeat(base_url: str, within_s: float = 60) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"serve at {base_url} did not answer within {within_s} s")


@pytest.fixture(scope="session", params=["skyvern", "serve"])
def skyvern_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkyvernServer]:
    """A Skyvern API on a free port with our scripted LLM, always stopped: the real
    open-source server, then ``pytest-skyvern serve`` (the same tests, both back ends)."""
    with ScriptedLLMServer() as llm:
        llm.fixed(COMPLETE_ANSWER)
        if request.param == "skyvern":
            yield from _real_server(llm)
        else:
            yield from _serve(llm, tmp_path_factory.mktemp("serve"))


@pytest_asyncio.fixture
async def cloud(skyvern_server: SkyvernServer) -> AsyncIterator[CloudBackend]:
    """A cloud-mode backend on the server, with its own CDP connector for cloud browsers."""
    skyvern_server.llm.reset()
    skyvern_server.llm.fixed(COMPLETE_ANSWER)
    connector = PlaywrightConnector()
    backend = CloudBackend(skyvern_server.api_key, skyvern_server.base_url,
                           connect=connector, poll_interval=0.5)
    yield backend
    await connector.aclose()
    await backend.aclose()
