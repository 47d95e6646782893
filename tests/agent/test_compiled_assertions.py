"""Compiled assertions: ``validate`` compiles once into a check program, the cache keeps
the program (never the verdict), and replay decides with 0 LLM calls. Real child runs
with the scripted LLM server; the page is served by Playwright routing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.testing.scripted_llm import scripted_llm_env

PAGE = """<title>Invoices</title>
<h1 id="{h}">Welcome, Demo User</h1>
<form><label for="email">Email</label><input id="email" data-testid="{email}">
<button id="signin" data-testid="{signin}" disabled>Sign in</button></form>
<h2>Invoices</h2>
<table id="{table}"><thead><tr><th>No</th><th>Amount</th></tr></thead><tbody>
<tr><td>INV-1</td><td>100.00</td></tr><tr><td>INV-2</td><td>50.00</td></tr>
<tr><td>INV-3</td><td>{third}</td></tr></tbody></table>
<p id="{total}">Total: <b>${sum}</b></p>
<div class="msg">Order confirmed</div><p>Status: pending</p>"""

MARKUPS = {
    "good": dict(h="welcome", email="email-input", signin="signin", table="invoices",
                 total="total", third="100.00", sum="250.00"),
    "false": dict(h="welcome", email="email-input", signin="signin", table="invoices",
                  total="total", third="110.00", sum="260.00"),
    "renamed": dict(h="hello", email="user-email", signin="login", table="bills",
                    total="sum", third="100.00", sum="250.00"),
}

CHILD = f'''
import os

PAGES = {{name: {PAGE!r}.format(**values) for name, values in {MARKUPS!r}.items()}}


async def open_page(page):
    async def serve(route):
        await route.fulfill(body=PAGES[os.environ["MARKUP"]], content_type="text/html")

    await page.route("**/invoices", serve)
    await page.goto("http://127.0.0.1:9/invoices")


async def test_assertions(skyvern_page):
    await open_page(skyvern_page)
    await skyvern_page.validate("the heading says 'Welcome, Demo User'", strict=True)
    await skyvern_page.validate("the page shows 'Order confirmed'", strict=True)
    assert await skyvern_page.validate("the Email field is empty")
    await skyvern_page.validate("3 invoices are listed", strict=True)
    await skyvern_page.validate("the total is 250.00", strict=True)
    await skyvern_page.validate("the Sign in button is disabled", strict=True)
    await skyvern_page.validate("we are on the invoices page", strict=True)
    assert not await skyvern_page.validate("the page shows 'Payment failed'")
    await skyvern_page.validate("the order is still waiting to be processed", strict=True)
'''
NODEID = "test_checks.py::test_assertions[chromium]"
LLM_CHECK = {"reasoning": "The status line says pending.", "result": True,
             "check": {"condition": "visible", "text": "Status: pending"}}


@pytest.fixture
def scripted(llm: ScriptedLLMServer) -> ScriptedLLMServer:
    llm.add(LLM_CHECK, match="waiting to be processed")
    return llm


def run(pytester: pytest.Pytester, server: ScriptedLLMServer, markup: str, *args: str
        ) -> pytest.RunResult:
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {**scripted_llm_env(server), "MARKUP": markup,
                            "SKYVERN_CACHE": "auto"}.items():
            mp.setenv(name, value)
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def cache_entries(pytester: pytest.Pytester) -> dict[str, Any]:
    data = json.loads((pytester.path / ".skyvern-cache" / "test_checks.py.json").read_text())
    entries: dict[str, Any] = data["tests"][NODEID]
    return entries


def validate_steps(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    (timeline,) = (pytester.path / "test-results").glob("*/timeline.json")
    steps: list[dict[str, Any]] = json.loads(timeline.read_text())["steps"]
    return [s for s in steps if s["kind"] == "validate"]


def test_record_then_replay_with_no_llm_call(pytester: pytest.Pytester,
                                            scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_checks=CHILD)
    run(pytester, scripted, "good").assert_outcomes(passed=1)
    # Only the claim no simple form reads went to the model, once.
    assert len(scripted.llm_requests) == 1
    entries = cache_entries(pytester)
    conditions = sorted(e["check"]["condition"] for e in entries.values())
    assert conditions == ["count", "disabled", "has_text", "number", "url", "value", "visible",
                          "visible", "visible"]
    assert sum(e["tier"] == "llm" for e in entries.values()) == 1
    assert all("result" not in json.dumps(e) for e in entries.values())  # no verdict stored
    tiers = [s["tier"] for s in validate_steps(pytester)]
    assert tiers == ["resolver"] * 8 + ["llm"]

    scripted.clear()
    run(pytester, scripted, "good").assert_outcomes(passed=1)
    assert scripted.llm_requests == []
    steps = validate_steps(pytester)
    assert [s["tier"] for s in steps] == ["cache"] * 9
    number = steps[4]["check"]
    assert number["describe"] == "number in p (css '#total') == 250"
    assert number["observed"].startswith("250 ")
    assert number["passed"] is True
    assert steps[7]["output"] is False  # the false claim is decided again, and False
    assert all(s["screenshot"] for s in steps)  # evidence: what the check looked at
    html = (pytester.path / "skyvern-report" / "index.html").read_text()
    assert "number in p (css &#39;#total&#39;) == 250" in html
    assert "observed:" in html

    # Offline: replay-only needs no LLM at all.
    result = run(pytester, scripted, "good", "--skyvern-cache=replay-only")
    result.assert_outcomes(passed=1)
    assert scripted.llm_requests == []


def test_a_false_check_fails_the_replay_with_what_it_saw(pytester: pytest.Pytester,
                                                        scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_checks=CHILD)
    run(pytester, scripted, "good").assert_outcomes(passed=1)
    before = cache_entries(pytester)
    scripted.clear()
    result = run(pytester, scripted, "false")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AI validation failed: 'the total is 250.00'*",
                                 "*check: number in p (css '#total') == 250",
                                 "*observed: 260 ('Total: $260.00')"])
    assert scripted.llm_requests == []
    assert cache_entries(pytester) == before  # a false check is not a heal
    assert "No cached step was healed" in (
        pytester.path / "skyvern-report" / "heals.md").read_text()


def test_renamed_ids_heal_the_locators_and_the_heal_is_reviewed(
    pytester: pytest.Pytester, scripted: ScriptedLLMServer
) -> None:
    pytester.makepyfile(test_checks=CHILD)
    run(pytester, scripted, "good").assert_outcomes(passed=1)
    scripted.clear()
    run(pytester, scripted, "renamed").assert_outcomes(passed=1)
    assert scripted.llm_requests == []
    heals = json.loads((pytester.path / "skyvern-report" / "summary.json").read_text())["heals"]
    healed = {h["instruction"] for h in heals}
    assert {"the heading says 'Welcome, Demo User'", "the Email field is empty",
            "the Sign in button is disabled"} <= healed
    assert all(h["reason"] == "candidates" for h in heals)
    md = (pytester.path / "skyvern-report" / "heals.md").read_text()
    assert "the Email field is empty" in md
    assert '"value": "email-input"' in md
    # Healed once; the next run has nothing left to heal.
    run(pytester, scripted, "renamed").assert_outcomes(passed=1)
    assert json.loads((pytester.path / "skyvern-report" / "summary.json").read_text())[
        "heals"] == []


LLM_ONLY = """
async def test_looks(skyvern_page):
    await skyvern_page.set_content("<h1>Hello</h1>")
    await skyvern_page.validate("the page looks professional", strict=True)
"""


def test_a_claim_no_check_expresses_stays_llm_only(pytester: pytest.Pytester,
                                                  scripted: ScriptedLLMServer) -> None:
    pytester.makepyfile(test_looks=LLM_ONLY)
    scripted.add({"reasoning": "Clean layout.", "result": True, "check": None},
                 match="professional")
    for _ in range(2):
        scripted.clear()
        run(pytester, scripted, "good").assert_outcomes(passed=1)
        assert len(scripted.llm_requests) == 1  # judged by the model on every run
    (step,) = validate_steps(pytester)
    assert step["check"]["llm_only"] is True
    assert step["tier"] == "llm"
    data = json.loads((pytester.path / ".skyvern-cache" / "test_looks.py.json").read_text())
    (entry,) = data["tests"]["test_looks.py::test_looks[chromium]"].values()
    assert "check" not in entry  # marked LLM-only: a validate entry with no program
    assert "LLM-only assertion" in (pytester.path / "skyvern-report" / "index.html").read_text()
