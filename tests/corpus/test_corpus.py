"""Coverage and wrong actions of the LLM-free tiers on the development corpus.

Every case runs through the real page: snapshot, resolver, visible-text fallback, and
the sequence of page states an instruction goes through. No LLM is configured, so a
case the resolver declines is a hand-over. The goal: at least 90% of the must-answer
cases done, zero wrong actions, and no false answer on the must-hand-over cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.testing.corpus import (
    Summary,
    install_recorder,
    judge,
    load_corpus,
    page_state,
    perform_expected,
    run_case,
)

CORPUS = load_corpus(Path(__file__).parent)
ANSWERABLE = [c for c in CORPUS if not c.handover]

#: The share of must-answer cases done today, as a floor that a change may not lower.
#: The goal (0.9) is met; the cases still handed over are listed in the README.
COVERAGE_FLOOR = 0.90


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CORPUS) >= 300
    assert len({c.suite for c in CORPUS}) >= 5
    assert len([c for c in CORPUS if c.handover]) >= 40


@pytest.mark.asyncio(loop_scope="session")
async def test_expected_steps_are_what_the_pages_count(skyvern_page: SkyvernBrowserPage) -> None:
    """The data is right: doing each case's expected steps by hand judges as a hit."""
    await install_recorder(skyvern_page)
    broken = []
    for case in ANSWERABLE:
        await skyvern_page.goto(case.page.as_uri())
        before = await page_state(skyvern_page)
        await perform_expected(skyvern_page, case)
        await skyvern_page.wait_for_timeout(50)
        result = judge(case, before, await page_state(skyvern_page), "")
        if result.outcome != "hit":
            broken.append(f"{case.suite}/{case.id}: {result.outcome} {result.detail}")
    assert not broken, "\n".join(broken)


@pytest.mark.asyncio(loop_scope="session")
async def test_coverage_and_wrong_actions(
    skyvern_page: SkyvernBrowserPage, capsys: pytest.CaptureFixture[str]
) -> None:
    await install_recorder(skyvern_page)
    summary = Summary()
    bad: list[str] = []
    for case in CORPUS:
        result = await run_case(skyvern_page, case, skyvern_page.act)
        summary.add(result)
        if result.outcome in {"wrong", "false-answer"}:
            bad.append(f"{case.id} [{result.outcome}] {case.instruction!r}: {result.detail}")
    with capsys.disabled():
        print(f"\ncorpus: {len(CORPUS)} cases\n{summary.table()}")
        for line in bad:
            print("  " + line)
    assert summary.wrong() == 0, bad
    assert summary.false_answers() == 0, bad
    assert summary.coverage() >= COVERAGE_FLOOR
