"""``pytest-skyvern merge-reports``: a suite split into two shards by pytest-split, then
merged, has the same totals as one unsharded run; ``show-report`` serves the result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from cli_helpers import cli

SUITE = '''
import pytest

PAGE = ('<label>Name <input id="n"></label><button onclick="document.title=\\'ok\\'">Save'
        '</button><a href="#x">Help</a>')

@pytest.mark.parametrize("n", range(4))
async def test_save(skyvern_page, n):
    await skyvern_page.set_content(PAGE)
    await skyvern_page.act(f"type 'user {n}' into Name, then click 'Save'")
    assert await skyvern_page.title() == "ok"

async def test_help_link(skyvern_page):
    await skyvern_page.set_content(PAGE)
    await skyvern_page.act("click 'Help'")

async def test_fails(skyvern_page):
    await skyvern_page.set_content(PAGE)
    await skyvern_page.act("click 'Save'")
    assert await skyvern_page.title() == "never"

@pytest.mark.skip(reason="not today")
async def test_skipped(skyvern_page):
    pass
'''
SAME = ("tests", "outcomes", "ai_steps", "cache_hits", "cache_misses", "healed",
        "resolver_hits", "llm_steps", "llm_calls", "prompt_tokens", "completion_tokens",
        "cost_usd")


def run(pytester: pytest.Pytester, name: str, *args: str) -> dict[str, Any]:
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--skyvern-cache=off", f"--output={name}/test-results",
        f"--skyvern-report-dir={name}/skyvern-report", *args)
    assert result.ret in (0, 1), result.stdout.str()
    summary: dict[str, Any] = json.loads(
        (pytester.path / name / "skyvern-report" / "summary.json").read_text())
    return summary


def test_merged_totals_equal_the_unsharded_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite=SUITE)
    whole = run(pytester, "whole")
    one = run(pytester, "shard-1", "--splits=2", "--group=1")
    two = run(pytester, "shard-2", "--splits=2", "--group=2")
    assert one["tests"]
    assert two["tests"]
    assert not set(one["tests"]) & set(two["tests"])  # really split

    cli("merge-reports", "shard-1", "shard-2/skyvern-report", "-o", "merged",
        cwd=pytester.path)
    merged = json.loads((pytester.path / "merged" / "summary.json").read_text())
    assert {k: merged["totals"][k] for k in SAME} == {k: whole["totals"][k] for k in SAME}
    # (A skipped test never opens a page: the reporter has nothing to record of it.)
    assert merged["totals"]["outcomes"] == {"passed": 5, "failed": 1}
    assert sorted(merged["tests"]) == sorted(whole["tests"])
    assert merged["root"] == "."
    # Every artifact was copied and its path points at the copy.
    for entry in merged["tests"].values():
        for name, path in entry["artifacts"].items():
            assert (pytester.path / "merged" / path).exists(), (name, path)
    html = (pytester.path / "merged" / "index.html").read_text()
    for nodeid in whole["tests"]:
        assert nodeid in html
    assert 'src="test-results/' in html or 'href="test-results/' in html

    # show-report serves it on 127.0.0.1 and prints the URL.
    server = subprocess.Popen([sys.executable, "-m", "pytest_skyvern.cli", "show-report",
                               "merged"], cwd=pytester.path, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/index.html")
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200
        assert "pytest-skyvern report" in page.text
        timeline = next(iter(merged["tests"].values()))["artifacts"]["timeline"]
        assert httpx.get(url.rsplit("/", 1)[0] + "/" + timeline, timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(10)


def test_merging_a_folder_without_a_summary_says_so(tmp_path: Path) -> None:
    done = cli("merge-reports", str(tmp_path), "-o", str(tmp_path / "out"), check=False)
    assert done.returncode == 1
    assert "no summary.json" in done.stderr
