"""The skyvern_browser_session fixture: shared, scoped by ini, never leaves a Chromium."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

CHILD = '''
import pytest

async def test_first_uses_the_session(skyvern_browser_session, skyvern_browser_session_info,
                                      demo_url):
    page = await skyvern_browser_session.get_working_page()
    await page.goto(demo_url + "/login")
    open("session.txt", "w").write(skyvern_browser_session_info.model_extra["user_data_dir"])

async def test_second_shares_it(skyvern_browser_session, demo_url):
    page = await skyvern_browser_session.get_working_page()
    assert page.url == demo_url + "/login"

async def test_failing(skyvern_browser_session):
    assert False, "expected failure"

async def test_interrupted(skyvern_browser_session):
    raise KeyboardInterrupt
'''


def chromium_processes_using(profile: str) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if f"--user-data-dir={profile}" in line]


def test_session_fixture_is_shared_and_always_closed(
    pytester: pytest.Pytester, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child reaches this session's demo app by its URL.
    monkeypatch.setenv("DEMO_URL", demo_url)
    pytester.makeconftest(
        "import os\nimport pytest\n"
        "@pytest.fixture(scope='session')\n"
        "def demo_url():\n    return os.environ['DEMO_URL']\n")
    pytester.makepyfile(test_child=CHILD)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "pytest_skyvern.plugin.session_fixtures", timeout=180)
    result.stdout.fnmatch_lines(["*expected failure*"])
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 2
    assert outcomes.get("failed") == 1
    assert result.ret == pytest.ExitCode.INTERRUPTED
    profile = (pytester.path / "session.txt").read_text()
    assert "skyvern-session-pbs_" in profile
    deadline = time.monotonic() + 10
    while chromium_processes_using(profile) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert chromium_processes_using(profile) == []
    assert not Path(profile).exists()


def test_bad_scope_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nskyvern_session_scope = galaxy\n")
    pytester.makepyfile(test_child="def test_x(skyvern_browser_session): pass\n")
    result = pytester.runpytest_subprocess("-p", "pytest_skyvern.plugin.session_fixtures")
    # pytest reports an error raised by a scope function as an internal error.
    result.stdout.fnmatch_lines(["*skyvern_session_scope = 'galaxy' is not valid; use one of*"])
    assert result.ret != 0
