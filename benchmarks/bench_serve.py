"""Start-up time and idle memory: ``pytest-skyvern serve`` vs. the real Skyvern server.

Start-up is from launching the process to the first 200 from ``/api/v1/heartbeat``.
Idle memory is the resident set (RSS) of the server's whole process tree, two seconds
after it answers, before any run (no browser yet on either side). The real server is
started by ``scripts/skyvern-server`` (its scripted LLM, a separate process, is not
counted).

    scripts/skyvern-server install                # once, about 5 minutes
    python benchmarks/bench_serve.py [--rounds 3]

Writes ``benchmarks/results/serve.md``. Every server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "skyvern-server"
RESULTS = ROOT / "benchmarks" / "results" / "serve.md"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants, in MB."""
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
        todo.extend(_children(current))
    return total_kb / 1024


def wait_for_heartbeat(base_url: str, within_s: float = 300) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"no heartbeat from {base_url} within {within_s} s")


def measure_serve() -> tuple[float, float]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest_skyvern.cli", "serve", "--port", "0",
             "--api-key", "bench", "--data-dir", folder],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip().partition("=")[2]
            wait_for_heartbeat(base_url)
            startup = time.monotonic() - started
            time.sleep(2)
            return startup, tree_rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)


def measure_real_server() -> tuple[float, float]:
    name = f"bench-{os.getpid()}"
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, str(SCRIPT), "start", "--name", name],
                              capture_output=True, text=True, check=True, timeout=600)
        startup = time.monotonic() - started  # the script returns once it answers
        values = dict(line.split("=", 1) for line in done.stdout.split())
        state = json.loads((Path(values["SKYVERN_SERVER_DIR"]) / "state.json").read_text())
        time.sleep(2)
        return startup, tree_rss_mb(int(state["pid"]))
    finally:
        subprocess.run([sys.executable, str(SCRIPT), "stop", "--name", name],
                       capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-real", action="store_true", help="measure serve only")
    args = parser.parse_args()
    rows = []
    sides = [("`pytest-skyvern serve`", measure_serve)]
    if not args.skip_real:
        sides.append(("Skyvern server 1.0.56 (`skyvern.forge.api_app`)", measure_real_server))
    for label, measure in sides:
        runs = [measure() for _ in range(args.rounds)]
        startups, rss = [r[0] for r in runs], [r[1] for r in runs]
        rows.append((label, statistics.median(startups), min(startups), max(startups),
                     statistics.median(rss)))
        print(f"{label}: start-up {statistics.median(startups):.2f} s, "
              f"idle RSS {statistics.median(rss):.0f} MB", flush=True)
    lines = [
        "# Start-up time and idle memory: `pytest-skyvern serve` vs. the Skyvern server",
        "",
        "Start-up: process launch to the first 200 from `/api/v1/heartbeat`. Idle memory: "
        "RSS of the server's process tree 2 s later, before any run (no browser on either "
        f"side). Median of {args.rounds} starts each; the real server runs on SQLite, "
        "started by `scripts/skyvern-server` (its scripted LLM not counted).",
        "",
        "| | start-up median s | start-up min-max s | idle RSS MB |",
        "|---|---:|---:|---:|",
        *[f"| {label} | {median:.2f} | {low:.2f}-{high:.2f} | {rss:.0f} |"
          for label, median, low, high, rss in rows],
        "",
        "Goal for serve: under 2 s and 150 MB.",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()}, {os.cpu_count()} CPUs (shared with other work while measured).",
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
