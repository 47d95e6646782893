"""Two processes (like two pytest-xdist workers) flushing into the same module file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

WRITER = r"""
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from pytest_skyvern.cache import ActionCache, CacheEntry, CacheKey, CachedAction
from pytest_skyvern.secrets import SecretRegistry

root, worker, rounds, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
while time.time() < start:  # line both writers up so their flushes overlap
    time.sleep(0.001)
for i in range(rounds):
    cache = ActionCache(root, "auto", SecretRegistry())
    for nodeid in (f"examples/test_login.py::test_{worker}", "examples/test_login.py::test_shared"):
        key = CacheKey.build(nodeid, i, "act", f"Step {worker} {i}", "http://127.0.0.1:1/login")
        entry = CacheEntry(kind="act", instruction=key.instruction, url=key.url, tier="llm",
                           recorded_at=datetime.now(UTC),
                           actions=[CachedAction(type="press", key="Enter")])
        cache.put(key, entry)
    cache.flush()
"""

ROUNDS = 40


def test_two_processes_keep_everybodys_entries(tmp_path: Path) -> None:
    root = tmp_path / ".skyvern-cache"
    start = str(time.time() + 1.0)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(root), name, str(ROUNDS), start])
        for name in ("gw0", "gw1")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]

    path = root / "examples" / "test_login.py.json"
    data = json.loads(path.read_text())
    tests = data["tests"]
    assert sorted(tests) == [
        "examples/test_login.py::test_gw0",
        "examples/test_login.py::test_gw1",
        "examples/test_login.py::test_shared",
    ]
    for name in ("gw0", "gw1"):
        assert len(tests[f"examples/test_login.py::test_{name}"]) == ROUNDS
    assert len(tests["examples/test_login.py::test_shared"]) == 2 * ROUNDS
    assert not list(path.parent.glob("*.tmp"))
