"""LLM budgets per test (marker, option) and per session: fail or warn with the figures."""

from __future__ import annotations

import pytest
from agent_helpers import llm_client

from pytest_skyvern import BudgetExceededError, SkyvernBrowserPage
from pytest_skyvern.agent.steps import BudgetWarning
from pytest_skyvern.llm import ScriptedLLMServer

VERDICT = {"reasoning": "yes", "result": True}


@pytest.mark.skyvern_budget(max_llm_calls=1)
async def test_marker_caps_calls_per_test(ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer
                                          ) -> None:
    llm.add(VERDICT)
    assert await ai_page.validate("the page is blank")
    with pytest.raises(BudgetExceededError, match=r"LLM calls this test 2 > 1\.0"):
        await ai_page.validate("the page is still blank")
    assert len(llm.llm_requests) == 1  # the call over budget was never sent


@pytest.mark.skyvern_budget(max_llm_calls=1, action="warn")
async def test_marker_can_warn_instead(ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer
                                       ) -> None:
    llm.add(VERDICT)
    await ai_page.validate("the page is blank")
    with pytest.warns(BudgetWarning, match="LLM calls this test 2 > 1"):
        await ai_page.validate("the page is still blank")
    assert len(llm.llm_requests) == 2


async def test_token_and_session_caps_from_settings(
    skyvern_page: SkyvernBrowserPage, llm: ScriptedLLMServer
) -> None:
    llm.add(VERDICT)
    async with llm_client(llm, SKYVERN_MAX_TOKENS="5") as client:
        page = SkyvernBrowserPage.wrap(skyvern_page, client.engine)
        await page.validate("the page is blank")  # the first call spends the tokens
        with pytest.raises(BudgetExceededError, match="tokens this test"):
            await page.validate("the page is blank")
    async with llm_client(llm, SKYVERN_SESSION_MAX_LLM_CALLS="0") as client:
        page = SkyvernBrowserPage.wrap(skyvern_page, client.engine)
        with pytest.raises(BudgetExceededError, match="LLM calls this session 1 > 0"):
            await page.validate("the page is blank")


def test_bad_budget_marker_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.skyvern_budget(max_calls=3)
        def test_x():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stderr.fnmatch_lines(["*skyvern_budget takes only the keywords max_llm_calls*"])
    assert result.ret != 0
