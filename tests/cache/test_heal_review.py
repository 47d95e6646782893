"""Heal review: every heal lands in summary.json, index.html and heals.md, and
``--skyvern-heal`` decides what it does to the test. Real child runs, scripted LLM."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.testing.scripted_llm import scripted_llm_env

CHILD = '''
import os

PAGES = {
    "old": '<button id="s1" data-testid="save" onclick="document.title=\\'saved\\'">Save</button>',
    "testid": '<button id="s9" data-testid="save-v2" onclick="document.title=\\'saved\\'">'
              'Save</button>',
    "new": '<a href="#" role="button" id="s2">Store draft</a><script>document.querySelector'
           '("a").onclick = () => document.title = "saved"</script>',
}

async def test_save(skyvern_page):
    await skyvern_page.set_content(PAGES[os.environ["MARKUP"]])
    await skyvern_page.click(prompt="the control that keeps my work")
    assert await skyvern_page.title() == "saved"
'''
NODEID = "test_heal.py::test_save[chromium]"


@pytest.fixture
def scripted(llm: ScriptedLLMServer) -> ScriptedLLMServer:
    llm.add({"reasoning": "the only control", "ref": "e2"}, match="keeps my work")
    return llm


def run(pytester: pytest.Pytester, server: ScriptedLLMServer, markup: str, *args: str,
        env: dict[str, str] | None = None) -> pytest.RunResult:
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {**scripted_llm_env(server), "MARKUP": markup,
                            "SKYVERN_CACHE": "auto", **(env or {})}.items():
            mp.setenv(name, value)
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def summary(pytester: pytest.Pytester) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (pytester.path / "skyvern-report" / "summary.json").read_text())
    return data


def cached_name(pytester: pytest.Pytester) -> str:
    data = json.loads((pytester.path / ".skyvern-cache" / "test_heal.py.json").read_text())
    (entry,) = data["tests"][NODEID].values()
    name: str = entry["actions"][0]["element"]["fingerprint"]["name"]
    return name


def test_each_heal_is_reported_with_its_diff(pytester: pytest.Pytester,
                                            scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_heal=CHILD)
    run(pytester, scripted, "old").assert_outcomes(passed=1)
    assert summary(pytester)["heals"] == []
    assert "No cached step was healed" in (pytester.path / "skyvern-report/heals.md").read_text()

    # The test id is renamed: a later locator still finds the button; no LLM call.
    scripted.clear()
    run(pytester, scripted, "testid").assert_outcomes(passed=1)
    assert scripted.llm_requests == []
    doc = summary(pytester)
    (heal,) = doc["heals"]
    assert heal["nodeid"] == NODEID
    assert heal["reason"] == "candidates"
    assert heal["changes"] == [
        'action 1 (click): found by role button "Save" instead of test id "save" '
        '(dropped test id "save")']
    assert '-            "kind": "test_id",' in heal["diff"]
    assert doc["tests"][NODEID]["heals"] == doc["heals"]
    assert doc["totals"]["healed"] == 1
    md = (pytester.path / "skyvern-report" / "heals.md").read_text()
    assert f"## `{NODEID}`" in md
    assert "```diff" in md
    assert '-            "value": "save"' in md

    # The element itself is replaced: the LLM resolves the step again.
    run(pytester, scripted, "new").assert_outcomes(passed=1)
    assert len(scripted.llm_requests) == 1
    (heal,) = summary(pytester)["heals"]
    assert heal["reason"] == "re-resolved"
    assert 'action 1 (click): now acts on the button "Store draft" (was the button "Save")' \
        in heal["changes"]
    assert heal["before"]["actions"][0]["element"]["fingerprint"]["name"] == "Save"
    assert heal["after"]["actions"][0]["element"]["fingerprint"]["name"] == "Store draft"
    html = (pytester.path / "skyvern-report" / "index.html").read_text()
    assert "Healed cache entries (1)" in html
    assert "Store draft" in html
    # And the healed entry says so in the cache file.
    data = json.loads((pytester.path / ".skyvern-cache" / "test_heal.py.json").read_text())
    (entry,) = data["tests"][NODEID].values()
    assert entry["healed_at"]
    assert entry["position"] == 0


def test_heal_fail_fails_the_test_and_still_writes_the_healed_cache(
    pytester: pytest.Pytester, scripted: ScriptedLLMServer
) -> None:
    pytester.makepyfile(test_heal=CHILD)
    run(pytester, scripted, "old").assert_outcomes(passed=1)
    result = run(pytester, scripted, "new", "--skyvern-heal=fail")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*HealedCacheError*1 cached step healed*",
                                 "*the control that keeps my work*"])
    assert cached_name(pytester) == "Store draft"  # written, for review
    assert len(summary(pytester)["heals"]) == 1
    # Once the healed cache is there, the next run has nothing to heal and passes.
    run(pytester, scripted, "new", "--skyvern-heal=fail").assert_outcomes(passed=1)


def test_heal_warn_warns(pytester: pytest.Pytester, scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_heal=CHILD)
    run(pytester, scripted, "old").assert_outcomes(passed=1)
    result = run(pytester, scripted, "testid", env={"SKYVERN_HEAL": "warn"})
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*SkyvernHealWarning: 1 cached step healed*"])


def test_a_bad_heal_value_is_a_usage_error(pytester: pytest.Pytester,
                                          scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_heal=CHILD)
    pytester.makeini("[pytest]\nskyvern_heal = sometimes\n")
    result = run(pytester, scripted, "old")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--skyvern-heal*sometimes*Valid values: allow, warn, fail*"])
