"""The reading verbs: ``extract``, ``validate`` and ``prompt``.

Extraction output is always validated against the schema; invalid output gets a
bounded repair round that shows the model its validation errors, then fails with
them. The cache stores extraction *programs* (where on the page each field comes
from, as found by the LLM-free resolver), never the values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_skyvern.agent import prompts
from pytest_skyvern.agent.assertions import judge
from pytest_skyvern.errors import ExpectationFailed, ExtractionError, LLMResponseError
from pytest_skyvern.events import StepRecord
from pytest_skyvern.resolve import ExtractionResult
from pytest_skyvern.resolve import extract as resolver_extract
from pytest_skyvern.sdk.schema import SchemaSpec, to_json_schema, to_user_type, validation_errors

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts


async def extract(engine: EngineParts, page: Page, prompt: str, spec: SchemaSpec = None) -> Any:
    """Data from the page for ``prompt``, valid against ``spec`` when given."""
    schema = to_json_schema(spec)  # a bad schema fails before any tier runs
    async with engine.runner.step(page, "extract", prompt) as step:
        data = await _extract_in_step(engine, page, step, prompt, schema)
        step.output = engine.secrets.mask(str(data))[:2000]
        return to_user_type(data, spec)


async def _extract_in_step(
    engine: EngineParts, page: Page, step: StepRecord, prompt: str, schema: dict[str, Any] | None
) -> Any:
    if schema is not None and engine.cache is not None:
        hit, data = await engine.cache.replay_extract(page, step, prompt, schema)
        if hit:
            return data
    found = await resolver_extract(page, prompt, schema) if schema is not None else None
    if isinstance(found, ExtractionResult):
        step.tier = "resolver"
        if engine.cache is not None and schema is not None:
            engine.cache.record_extract(step, prompt, schema, found.program)
        return found.data
    reason = getattr(found, "reason", "no schema was given") if found is not None else (
        "no schema was given")
    engine.runner.require_llm(
        f"extract {prompt!r}", f"The LLM-free extractor could not answer ({reason}). "
    )
    step.tier = "llm"
    data = await llm_extract(engine, page, step, prompt, schema)
    if schema is not None and engine.cache is not None:
        # Learn where the model's answer lives on the page, if the resolver can
        # reproduce it exactly; the cache stores that program, never the values.
        again = await resolver_extract(page, prompt, schema)
        if isinstance(again, ExtractionResult) and again.data == data:
            engine.cache.record_extract(step, prompt, schema, again.program)
    return data


async def llm_extract(
    engine: EngineParts, page: Page, step: StepRecord, prompt: str, schema: dict[str, Any] | None
) -> Any:
    snapshot = await engine.snapshot(page)
    errors: list[str] = []
    previous: Any = None
    for _ in range(engine.options.extract_repairs + 1):
        request = prompts.extract_request(prompt, schema, snapshot, errors=errors,
                                          previous=previous)
        response = await engine.runner.llm_call(step, request)
        if not isinstance(response.data, dict) or "data" not in response.data:
            raise LLMResponseError("The model's extraction answer has no 'data' field.")
        data = response.data["data"]
        if schema is None:
            return data
        errors = validation_errors(data, schema)
        if not errors:
            return data
        previous = data
    raise ExtractionError(
        f"Extracted data for {prompt!r} is still invalid after "
        f"{engine.options.extract_repairs} repair round(s)",
        errors=errors, data=engine.secrets.mask(str(previous)),
    )


async def validate(engine: EngineParts, page: Page, claim: str, *, strict: bool = False) -> bool:
    """Whether ``claim`` holds on the page; with ``strict`` a false claim raises."""
    async with engine.runner.step(page, "validate", claim) as step:
        verdict = await judge(engine, page, step, claim)
        step.output = verdict.result
        if strict and not verdict.result:
            screenshot = await _failure_screenshot(page, step)
            message = f"AI validation failed: {claim!r}"
            if verdict.program is not None:
                message += (f"\n  check: {engine.secrets.mask(verdict.program.describe())}"
                            f"\n  observed: {engine.secrets.mask(verdict.observed or '')}")
            raise ExpectationFailed(message, reasoning=step.reasoning, screenshot=screenshot)
        return verdict.result


async def _failure_screenshot(page: Page, step: StepRecord) -> str | None:
    from pytest_skyvern.context import failure_screenshot_path

    path = failure_screenshot_path(step)
    try:
        await page.screenshot(path=path, type="png")
    except Exception:  # evidence is best effort; the assertion itself must still raise
        return None
    step.screenshot = path
    return path


async def prompt(engine: EngineParts, page: Page | None, text: str, spec: SchemaSpec = None) -> Any:
    """The model's answer to ``text`` (no page context), valid against ``spec``."""
    schema = to_json_schema(spec)
    async with engine.runner.step(page, "prompt", text) as step:
        engine.runner.require_llm(f"answer the prompt {text!r}")
        step.tier = "llm"
        response = await engine.runner.llm_call(step, prompts.prompt_request(text, schema))
        data = response.data.get("data") if isinstance(response.data, dict) else None
        if schema is not None:
            errors = validation_errors(data, schema)
            if errors:
                raise ExtractionError("The model's answer does not match the schema",
                                      errors=errors, data=data)
        step.output = engine.secrets.mask(str(data))[:2000]
        return to_user_type(data, spec)
