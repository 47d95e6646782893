"""One test, one context: keys, secrets and steps stay with the test (or run) they belong to."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest

from pytest_skyvern.agent.caching import ActionCacheTier
from pytest_skyvern.cache import ActionCache
from pytest_skyvern.context import TestContext, current_context, use_context
from pytest_skyvern.events import StepRecord
from pytest_skyvern.secrets import register_secret, secrets

USERNAME = "context-user-5e1d@example.com"
INSTRUCTION = f"Type '{USERNAME}' into Email"


def key_text(tier: ActionCacheTier, context: TestContext) -> str:
    with use_context(context):
        step = context.new_step("act", INSTRUCTION, url="http://127.0.0.1:1/login")
        return str(tier._key(step, INSTRUCTION, step.url))


def test_a_secret_registered_by_one_test_does_not_change_another_tests_keys(
    tmp_path: Path,
) -> None:
    tier = ActionCacheTier(ActionCache(tmp_path, "auto", secrets().shared))
    alone = key_text(tier, TestContext.for_test("t.py::test_b"))

    other = TestContext.for_test("t.py::test_a")
    with use_context(other):  # another test stores a credential with this username
        placeholder = register_secret("cred_ctx_username", USERNAME)

    after = key_text(tier, TestContext.for_test("t.py::test_b"))
    assert after == alone
    assert USERNAME in after  # the test's own words: not a secret of *this* test
    # ... and still masked everywhere else (logs, reports, prompts' snapshots, stores).
    assert secrets().mask(INSTRUCTION) == f"Type '{placeholder}' into Email"
    # The test that registered it keys it by its placeholder.
    assert placeholder in key_text(tier, other)


async def test_a_background_run_keeps_its_steps_and_keys_out_of_the_test() -> None:
    test = current_context()
    run = TestContext(nodeid="workflows/wpid_1")
    started = asyncio.Event()

    async def background() -> None:
        with use_context(run):
            run.new_step("block", "action fill")
            started.set()
            await asyncio.sleep(0.01)
            assert current_context() is run  # the test's steps meanwhile did not swap it
            run.new_step("act", "Click 'Submit'")

    task = asyncio.create_task(background())
    await started.wait()
    test.new_step("act", "the test's own step")
    assert current_context() is test
    await task
    assert [s.instruction for s in run.bus.steps] == ["action fill", "Click 'Submit'"]
    assert "action fill" not in [s.instruction for s in test.bus.steps]
    assert isinstance(test.bus.steps[-1], StepRecord)


INNER = """
import pytest
from pytest_skyvern.context import current_context

@pytest.fixture(scope="module")
def shared():
    return current_context().cache_scope.name

@pytest.mark.skyvern_budget(max_llm_calls=2)
async def test_context(shared):
    context = current_context()
    assert context.nodeid.endswith("test_inner.py::test_context")
    assert context.cache_scope.name == context.nodeid
    assert shared == "test_inner.py::shared"
    assert context.budget == {"max_llm_calls": 2.0}
    assert context.artifact_dir.endswith("test-inner-py-test-context")
    step = context.new_step("prompt", "a step the reporter may listen to")
    await context.bus.step_started(None, step)
    step.status = "passed"
    await context.bus.step_finished(None, step)
    print("CONTEXT-OK", context.nodeid)

def test_sync_sees_its_own(request):
    assert current_context().nodeid == request.node.nodeid
"""


@pytest.mark.parametrize("flags", [(), ("-p", "no:skyvern-reporter")],
                         ids=["reporter-on", "reporter-off"])
def test_a_test_runs_the_same_with_the_reporter_off(
    pytester: pytest.Pytester, flags: tuple[str, ...]
) -> None:
    pytester.makeini("[pytest]\nasyncio_mode = auto\n"
                     "asyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_inner=textwrap.dedent(INNER))
    result = pytester.runpytest_subprocess("-s", *flags)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*CONTEXT-OK test_inner.py::test_context*"])
    # The same outcome; only the reporter's summary table comes and goes.
    assert ("AI steps, LLM calls and cost" in result.stdout.str()) == (not flags)
