"""Cloud-mode tests run against the real open-source Skyvern server, started once per session.

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
    "user_goal_achieved": True,
    "page_info": "A page saying hello.",
    "thoughts": "The goal is achieved.",
    "actions": [{"action_type": "COMPLETE", "reasoning": "done", "confidence_float": 1.0,
                 "id": None}],
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


@pytest.fixture(scope="session")
def skyvern_server() -> Iterator[SkyvernServer]:
    """The real Skyvern server on a free port, with our scripted LLM; always stopped."""
    if not _installed():
        if os.environ.get("SKYVERN_CLOUD_TESTS") != "1":
            pytest.skip(ENABLE_HINT)
        _script("install")
    name = f"pytest-{os.getpid()}"
    with ScriptedLLMServer() as llm:
        llm.fixed(COMPLETE_ANSWER)
        try:
            started = _script("start", "--name", name, "--llm-base-url", llm.base_url,
                              check=False)
            if started.returncode != 0:
                pytest.fail(f"the Skyvern server did not start:\n{started.stderr[-4000:]}")
            values = dict(line.split("=", 1) for line in started.stdout.split())
            yield SkyvernServer(values["SKYVERN_BASE_URL"], values["SKYVERN_API_KEY"],
                                Path(values["SKYVERN_SERVER_DIR"]), llm)
        finally:
            _script("stop", "--name", name, check=False)


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
