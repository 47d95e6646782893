"""A child pytest run against the real server: ``validate`` and its assertion form land
in ``timeline.json`` and ``summary.json`` with the server's own reasoning, token counts
and a latency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from real_llm_helpers import MAX_TOKENS, Answer, answer_of, json_schema_only, user_text
from recording_proxy import RecordingProxy

pytestmark = pytest.mark.real_llm

CLAIMS = {
    "test_plain": "the page welcomes visitors to Demo Shop",
    "test_assertion": "the page says that nothing is shipped",
}

CHILD_CONFTEST = f"""
import os

import pytest

from pytest_skyvern.llm import LLMSettings, OpenAICompatibleClient


@pytest.hookimpl
def pytest_skyvern_llm_client(config, settings):
    # The hook users have for injecting a client; here it caps the answer length.
    return OpenAICompatibleClient(LLMSettings(
        base_url=os.environ["SKYVERN_LLM_BASE_URL"], model=os.environ["SKYVERN_LLM_MODEL"],
        max_tokens={MAX_TOKENS}, timeout_s=120.0, max_retries=1, backoff_s=0.1))
"""

CHILD_TESTS = f"""
import os

DEMO = os.environ["REAL_LLM_DEMO_URL"]


async def test_plain(skyvern_page):
    await skyvern_page.goto(DEMO + "/")
    await skyvern_page.validate({CLAIMS["test_plain"]!r})


async def test_assertion(skyvern_page):
    await skyvern_page.goto(DEMO + "/")
    await skyvern_page.validate({CLAIMS["test_assertion"]!r}, strict=True)
"""


def timelines(output: Path) -> dict[str, dict[str, Any]]:
    found = [json.loads(p.read_text()) for p in output.glob("*/timeline.json")]
    return {t["nodeid"].split("::")[1].split("[")[0]: t for t in found}


def check_step(step: dict[str, Any], answer: Answer, *, strict: bool) -> str:
    """The step against the server's answer; returns the child test's expected outcome."""
    assert step["kind"] == "validate"
    assert step["llm_calls"] == 1
    assert step["llm_seconds"] > 0
    if answer.finish_reason == "length":
        assert step["status"] == "failed"
        assert step["error"].startswith("LLMResponseError: the answer was truncated")
        return "failed"
    verdict = answer.data()
    assert step["reasoning"] == verdict["reasoning"]
    assert step["prompt_tokens"] == answer.prompt_tokens > 0
    assert step["completion_tokens"] == answer.completion_tokens > 0
    if strict and not verdict["result"]:
        assert step["status"] == "failed"
        assert step["error"].startswith("ExpectationFailed: AI validation failed")
        assert verdict["reasoning"] in step["error"]
        return "failed"
    assert step["status"] == "passed"
    assert step["output"] is verdict["result"]
    return "passed"


def test_validate_lands_in_the_timeline_and_summary(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, llm_proxy: RecordingProxy,
    real_base_url: str, demo_url: str,
) -> None:
    monkeypatch.setenv("SKYVERN_LLM_BASE_URL", real_base_url)
    monkeypatch.setenv("SKYVERN_LLM_MODEL", "smollm2-135m-instruct")
    monkeypatch.setenv("REAL_LLM_DEMO_URL", demo_url)
    pytester.makeconftest(CHILD_CONFTEST)
    pytester.makepyfile(test_child=CHILD_TESTS)
    mark = llm_proxy.mark()
    # Cache off: each validate asks the model for its verdict alone (a 135M model does
    # not finish the longer verdict-and-check answer within the capped tokens).
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", "--skyvern-cache=off")
    answers: dict[str, Answer] = {}
    for exchange in json_schema_only(llm_proxy.chats(mark)):
        [name] = [n for n, claim in CLAIMS.items() if f"Claim: {claim}" in user_text(exchange)]
        answers[name] = answer_of(exchange)
    assert sorted(answers) == sorted(CLAIMS), result.stdout.str()
    found = timelines(pytester.path / "test-results")
    expected = {name: check_step(found[name]["steps"][-1], answers[name],
                                 strict=name == "test_assertion") for name in CLAIMS}
    result.assert_outcomes(passed=list(expected.values()).count("passed"),
                           failed=list(expected.values()).count("failed"))
    summary = json.loads((pytester.path / "skyvern-report" / "summary.json").read_text())
    totals = summary["totals"]
    assert totals["llm_calls"] == 2
    assert totals["ai_steps"] == totals["llm_steps"] == 2
    # Every answer's tokens count, a truncated one's too: they were paid for.
    assert totals["prompt_tokens"] == sum(a.prompt_tokens for a in answers.values())
    assert totals["completion_tokens"] == sum(a.completion_tokens for a in answers.values())
    assert totals["llm_seconds"] > 0
    for name, timeline in found.items():
        entry = summary["tests"][timeline["nodeid"]]
        assert entry["outcome"] == expected[name]
        assert entry["llm_calls"] == 1
    result.stdout.fnmatch_lines(["*pytest-skyvern: AI steps, LLM calls and cost*"])
