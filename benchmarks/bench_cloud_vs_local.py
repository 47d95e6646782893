"""One trivial task, side by side: our local mode vs. the real Skyvern server (cloud mode).

The task is one step: the page is open and the scripted LLM answers at once that the
goal is met. Each side has its own ``ScriptedLLMServer`` with no added latency, so what
is measured is each engine's own overhead: browser, page capture, prompt building,
bookkeeping (and for the server: its queue, database, artifacts, video and our polling).

    scripts/skyvern-server install                # once, about 5 minutes
    python benchmarks/bench_cloud_vs_local.py [--rounds 5]

Writes ``benchmarks/results/cloud_vs_local.md``. The server is started for the run on a
free port and always stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_skyvern import RunEngine, Skyvern  # noqa: E402
from pytest_skyvern.cloud import CloudBackend  # noqa: E402
from pytest_skyvern.config import resolve_settings  # noqa: E402
from pytest_skyvern.llm import ScriptedLLMServer  # noqa: E402
from pytest_skyvern.sdk.runs import TaskRunResponse  # noqa: E402

SCRIPT = ROOT / "scripts" / "skyvern-server"
PROMPT = "Confirm that the page greets the visitor"
PAGE = b"<html><head><title>Bench</title></head><body><h1>Hello visitor</h1></body></html>"
#: Our agent's step answer (see pytest_skyvern/agent/prompts.py): done, nothing to do.
LOCAL_ANSWER = {"reasoning": "done", "status": "complete", "actions": []}
#: Skyvern's step answer: the goal is achieved, one COMPLETE action.
SERVER_ANSWER = {
    "user_goal_achieved": True, "page_info": "A greeting.", "thoughts": "Goal achieved.",
    "actions": [{"action_type": "COMPLETE", "reasoning": "done", "confidence_float": 1.0,
                 "id": None}],
}


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


async def timed(rounds: int, run: Callable[[], Awaitable[TaskRunResponse]]
                ) -> tuple[float, list[float], TaskRunResponse]:
    """Seconds of a first (cold) run, then of ``rounds`` warm runs; the last run."""
    samples = []
    last: TaskRunResponse | None = None
    for _ in range(rounds + 1):
        started = time.perf_counter()
        last = await run()
        samples.append(time.perf_counter() - started)
        if last.status != "completed":
            raise SystemExit(f"a run ended {last.status}: {last.failure_reason}")
    assert last is not None
    return samples[0], samples[1:], last


async def measure_local(url: str, rounds: int) -> tuple[float, list[float], int]:
    with ScriptedLLMServer() as llm:
        llm.fixed(json.dumps(LOCAL_ANSWER))
        settings = resolve_settings({}, {}, env={"SKYVERN_LLM_BASE_URL": llm.base_url,
                                                 "SKYVERN_LLM_MODEL": "scripted-model"})
        async with Skyvern.local(settings=settings) as client:
            cold, warm, _ = await timed(rounds, lambda: client.run_task(
                PROMPT, url=url, engine=RunEngine.skyvern_v1, wait_for_completion=True,
                timeout=120))
        return cold, warm, len(llm.llm_requests)


async def measure_server(url: str, rounds: int) -> tuple[float, list[float], list[float], int]:
    with ScriptedLLMServer() as llm:
        llm.fixed(json.dumps(SERVER_ANSWER))
        name = f"bench-{time.time_ns()}"
        started = await asyncio.to_thread(
            subprocess.run, [sys.executable, str(SCRIPT), "start", "--name", name,
                             "--llm-base-url", llm.base_url], capture_output=True, text=True)
        if started.returncode != 0:
            raise SystemExit(f"the Skyvern server did not start:\n{started.stderr}")
        values = dict(line.split("=", 1) for line in started.stdout.split())
        backend = CloudBackend(values["SKYVERN_API_KEY"], values["SKYVERN_BASE_URL"],
                               poll_interval=0.1)
        server_side: list[float] = []

        async def run() -> TaskRunResponse:
            done = await backend.run_task(PROMPT, url=url, engine=RunEngine.skyvern_v1,
                                          wait_for_completion=True, timeout=120)
            if done.finished_at is not None:
                server_side.append((done.finished_at - done.created_at).total_seconds())
            return done

        try:
            cold, warm, _ = await timed(rounds, run)
        finally:
            await backend.aclose()
            await asyncio.to_thread(subprocess.run, [sys.executable, str(SCRIPT), "stop",
                                                     "--name", name], capture_output=True)
        return cold, warm, server_side[1:], len(llm.llm_requests)


def report(rounds: int, local: tuple[float, list[float], int],
           server: tuple[float, list[float], list[float], int]) -> str:
    local_med, server_med = statistics.median(local[1]), statistics.median(server[1])
    return "\n".join([
        "# One trivial task: local mode vs. the real Skyvern server (one run)",
        "",
        f"Task: a one-step `run_task(..., engine=skyvern_v1, wait_for_completion=True)` on a "
        f"static page on 127.0.0.1; each side's LLM is a `ScriptedLLMServer` that answers "
        f"at once. Skyvern server: skyvern[server] 1.0.56 (SQLite, headless Chromium), "
        f"started by `scripts/skyvern-server`. {rounds} warm runs after one cold run; "
        f"cloud mode polls `get_run` every 0.1 s.",
        "",
        "| | cold run s | warm median s | warm min-max s | LLM calls (all runs) |",
        "|---|---:|---:|---:|---:|",
        f"| local mode (`Skyvern.local()`) | {local[0]:.2f} | {local_med:.2f} | "
        f"{min(local[1]):.2f}-{max(local[1]):.2f} | {local[2]} |",
        f"| Skyvern server (cloud mode) | {server[0]:.2f} | {server_med:.2f} | "
        f"{min(server[1]):.2f}-{max(server[1]):.2f} | {server[3]} |",
        "",
        f"**Ratio (warm medians, server / local): {server_med / local_med:.1f}x.**",
        "",
        f"Server-side duration of the warm runs (`finished_at - created_at`), median: "
        f"{statistics.median(server[2]):.2f} s; the rest is HTTP and polling."
        if server[2] else "",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()}.",
        "",
    ])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        local = await measure_local(url, args.rounds)
        server = await measure_server(url, args.rounds)
    finally:
        httpd.shutdown()
    text = report(args.rounds, local, server)
    out = ROOT / "benchmarks" / "results" / "cloud_vs_local.md"
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    asyncio.run(main())
