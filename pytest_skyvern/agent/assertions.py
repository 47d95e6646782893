"""``validate``: a claim compiled once into a check program, then decided by it each run.

The order of tiers is the engine's: the cached program first (0 LLM calls), then the
LLM-free compiler, then the LLM, which answers with its verdict and, when a check can
express the claim, that check (JSON schema). The model's check is kept only when it
agrees with the model's verdict on the page it was written for. A claim no check can
express ("the page looks professional") stays LLM-only: its cache entry has no check,
and every run asks the model. A verdict is never cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pytest_skyvern.agent import prompts
from pytest_skyvern.agent.check_compile import compile_claim
from pytest_skyvern.agent.checks import CheckResult, live_element, run_check
from pytest_skyvern.cache import CheckProgram, UncacheablePlan
from pytest_skyvern.cache.entry import cached_element
from pytest_skyvern.errors import LLMResponseError
from pytest_skyvern.llm import LLMRequest
from pytest_skyvern.resolve.assertions import CONDITIONS, OPS
from pytest_skyvern.snapshot import Snapshot, locator_for

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts
    from pytest_skyvern.events import StepRecord

CHECK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "reasoning": {"type": "string"},
        "result": {"type": "boolean"},
        "check": {
            "type": ["object", "null"],
            "properties": {
                "condition": {"type": "string", "enum": list(CONDITIONS)},
                "ref": {"type": ["string", "null"]},
                "text": {"type": ["string", "null"]},
                "items": {"type": ["string", "null"]},
                "label": {"type": ["string", "null"]},
                "expected": {"type": ["string", "null"]},
                "number": {"type": ["number", "null"]},
                "op": {"type": ["string", "null"], "enum": [*OPS, None]},
            },
            "required": ["condition"],
        },
    },
    "required": ["reasoning", "result"],
}


@dataclass(frozen=True)
class Verdict:
    result: bool
    #: What the check saw ("'Welcome, Ada'", "2", "disabled"); None when the LLM judged.
    observed: str | None = None
    program: CheckProgram | None = None


def compile_request(claim: str, snapshot: Snapshot, images: tuple[bytes, ...] = ()
                    ) -> LLMRequest:
    """The model's verdict on ``claim`` and, if one can, the check that decides it."""
    system = (
        "Decide whether the user's claim about the current page is true. Be strict: if the "
        "page does not clearly show it, the result is false. Then, if a deterministic check "
        "can decide the claim on later runs, give it under 'check': a condition ("
        + ", ".join(CONDITIONS) + ") on the element 'ref' (null for the page: its text "
        "under 'text', or its URL as a regular expression under 'expected'), with "
        "'expected' text or value, or 'number' and 'op' for counts ('items': CSS of the "
        "counted items inside the element) and numbers ('label': words before the number). "
        "Give null when no such check can express the claim."
    )
    user = f"Claim: {claim}\n\n{prompts._page(snapshot)}"
    return prompts.request("validate", system, user, CHECK_SCHEMA, images=images,
                           name="verdict")


async def _program_from_answer(page: Page, snapshot: Snapshot, data: Any
                               ) -> CheckProgram | None:
    """The model's check as a program, or None when it gave none or an unusable one."""
    if not isinstance(data, dict):
        return None
    fields = {k: v for k, v in data.items() if k != "ref" and v is not None}
    element = None
    ref = data.get("ref")
    if ref:
        found = snapshot.element(str(ref))
        if found is None:
            return None  # a hallucinated ref: judge by the verdict, keep no check
        if fields.get("condition") in ("has_text", "contains_text", "number", "count"):
            element = await live_element(locator_for(page, found))
        else:
            try:
                element = cached_element(found, snapshot)
            except UncacheablePlan:
                element = await live_element(locator_for(page, found))
        if element is None:
            return None
    try:
        return CheckProgram.model_validate({**fields, "element": element})
    except ValidationError:
        return None


def _evidence(engine: EngineParts, step: StepRecord, program: CheckProgram | None,
              result: CheckResult | None) -> None:
    """What the timeline and the report show of the check."""
    if program is None:
        step.check = {"llm_only": True,
                      "note": "no check can express this claim; the LLM judges it each run"}
        return
    step.check = {
        "llm_only": False, "program": program.model_dump(mode="json", exclude_defaults=True),
        "describe": engine.secrets.mask(program.describe()),
        "observed": None if result is None else engine.secrets.mask(result.observed),
        "passed": None if result is None else result.passed,
    }


async def _llm_verdict(engine: EngineParts, page: Page, step: StepRecord, claim: str) -> bool:
    """The model's verdict alone (a claim known to be LLM-only)."""
    engine.runner.require_llm(f"validate {claim!r}")
    step.tier = "llm"
    snapshot = await engine.snapshot(page)
    response = await engine.runner.llm_call(
        step, prompts.validate_request(claim, snapshot, await engine.screenshots(page)))
    return _result_of(response.data)


def _result_of(data: Any) -> bool:
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, bool):
        raise LLMResponseError(f"The model's verdict is not a boolean: {result!r}")
    return result


async def judge(engine: EngineParts, page: Page, step: StepRecord, claim: str) -> Verdict:
    """Decide ``claim`` on ``page``: cached program, LLM-free compile, then the LLM."""
    cache = engine.cache
    if cache is not None:
        hit = await cache.replay_check(page, step, claim)
        if hit is not None:
            program, result = hit
            _evidence(engine, step, program, result)
            if program is None or result is None:
                return Verdict(await _llm_verdict(engine, page, step, claim))
            return Verdict(result.passed, result.observed, program)
    compiled = await compile_claim(engine, page, claim)
    if isinstance(compiled, CheckProgram):
        result = await run_check(page, compiled)
        if not result.stale:
            step.tier = "resolver"
            _evidence(engine, step, compiled, result)
            if cache is not None:
                cache.record_check(step, claim, compiled)
            return Verdict(result.passed, result.observed, compiled)
    if cache is None:
        # Nothing would keep a check: the model is asked for the verdict alone.
        return Verdict(await _llm_verdict(engine, page, step, claim))
    engine.runner.require_llm(f"validate {claim!r}")
    step.tier = "llm"
    snapshot = await engine.snapshot(page)
    response = await engine.runner.llm_call(
        step, compile_request(claim, snapshot, await engine.screenshots(page)))
    data = response.data if isinstance(response.data, dict) else {}
    verdict = _result_of(data)
    program = await _program_from_answer(page, snapshot, data.get("check"))
    if program is not None:
        result = await run_check(page, program)
        if not result.stale and result.passed == verdict:
            _evidence(engine, step, program, result)
            if cache is not None:
                cache.record_check(step, claim, program)
            return Verdict(verdict, result.observed, program)
        # The model's check disagrees with its own verdict: keep neither.
        step.check = {"llm_only": True, "note": "the model's check did not agree with it"}
        return Verdict(verdict)
    _evidence(engine, step, None, None)
    if cache is not None:
        cache.record_check(step, claim, None)  # no check can express it: LLM-only
    return Verdict(verdict)
