"""The agent loop behind ``page.agent.run_task``: snapshot -> decide -> act -> verify.

Tiers apply to tasks too. A task whose prompt the LLM-free resolver (or the cache)
can carry out as a sequence of instructions runs without any LLM. Otherwise the LLM
drives a loop of steps until it declares the goal complete, terminates (optionally
with an ``error_code_mapping`` code), runs out of ``max_steps``, makes no progress
(the same actions on an unchanged page), or the wall-clock ``timeout`` passes.
``skyvern_v2`` first plans subgoals, then runs the loop for each.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.actions import ActionPlan
from pytest_skyvern.agent import prompts
from pytest_skyvern.agent.reading import llm_extract
from pytest_skyvern.agent.resolving import resolve_on_page
from pytest_skyvern.errors import BudgetExceededError, ResolutionError, SkyvernError
from pytest_skyvern.events import StepRecord
from pytest_skyvern.resolve import ExtractionResult
from pytest_skyvern.resolve import extract as resolver_extract
from pytest_skyvern.sdk.runs import LOCAL_ENGINES, RunEngine, RunError, TaskRunResponse, now
from pytest_skyvern.sdk.schema import SchemaSpec, to_json_schema, validation_errors

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts


class _Finished(Exception):
    """Internal: the loop reached a terminal status."""


def parse_engine(engine: RunEngine | str) -> RunEngine:
    try:
        parsed = RunEngine(engine)
    except ValueError:
        valid = ", ".join(e.value for e in RunEngine)
        raise ValueError(f"engine={engine!r} is not a RunEngine; valid: {valid}") from None
    return parsed


async def run_task(
    engine: EngineParts, page: Page, prompt: str, *, url: str | None = None,
    engine_name: RunEngine | str = RunEngine.skyvern_v2,
    data_extraction_schema: SchemaSpec = None, max_steps: int | None = None,
    error_code_mapping: dict[str, str] | None = None,
    timeout: float = 1800,  # noqa: ASYNC109 - the SDK's parameter name
    run: TaskRunResponse | None = None,
) -> TaskRunResponse:
    """Run ``prompt`` as a task on ``page`` and return the finished run.

    A failed run is a status, not an exception; only the wall-clock ``timeout`` raises
    (``TimeoutError``), after marking the run ``timed_out``.
    """
    kind = parse_engine(engine_name)
    schema = to_json_schema(data_extraction_schema)
    run = run or TaskRunResponse()
    run.status = "running"
    loop = _TaskLoop(engine, page, prompt, schema, max_steps or engine.options.max_steps,
                     error_code_mapping or {}, run)
    try:
        async with asyncio.timeout(timeout):
            async with engine.runner.step(page, "task", prompt) as task_step:
                if url:
                    await page.goto(url)
                try:
                    await loop.run(kind)
                except _Finished:
                    pass
                except BudgetExceededError:
                    raise
                except SkyvernError as exc:
                    # A failed run is a status, not an exception (the SDK's contract);
                    # the reason keeps the whole message.
                    run.status, run.failure_reason = "failed", str(exc)
                task_step.tier = loop.tier
                task_step.output = engine.secrets.mask(str(run.output))[:2000]
                final_status: str = run.status  # set by the loop, not the "running" above
                if final_status != "completed":
                    task_step.error = run.failure_reason
    except TimeoutError:
        run.status = "timed_out"
        run.failure_reason = f"The task did not finish within {timeout} s."
        _finish(run, loop.steps)
        raise
    _finish(run, loop.steps)
    return run


def _finish(run: TaskRunResponse, steps: int) -> None:
    run.step_count = steps
    run.finished_at = run.modified_at = now()


class _TaskLoop:
    def __init__(
        self, engine: EngineParts, page: Page, goal: str, schema: dict[str, Any] | None,
        max_steps: int, error_codes: dict[str, str], run: TaskRunResponse,
    ) -> None:
        self.engine, self.page, self.goal, self.schema = engine, page, goal, schema
        self.max_steps, self.error_codes, self.run_ = max_steps, error_codes, run
        self.steps = 0
        self.tier = "resolver"
        self.history: list[str] = []
        self.seen: set[str] = set()

    def end(self, status: Any, reason: str | None = None) -> _Finished:
        self.run_.status = status
        self.run_.failure_reason = reason
        return _Finished()

    async def run(self, kind: RunEngine) -> None:
        if kind not in LOCAL_ENGINES:  # a computer-use engine: screenshots and pixels
            from pytest_skyvern.agent.cua import run_engine

            self.tier = "llm"
            done = await run_engine(self.engine, self.page, self.goal, kind, self,
                                    self.max_steps)
            if done.status != "completed":
                raise self.end(done.status, done.reason)
            await self._complete_with_extraction(None if self.schema else done.text or None)
        if await self._deterministic():
            await self._complete_with_extraction(None)
        if self.engine.runner.llm is None:
            raise self.end("failed", (
                "The LLM-free resolver could not carry out this task as a sequence of "
                "instructions, the action cache has no recording of it, and no LLM is "
                "configured (set SKYVERN_LLM_BASE_URL and SKYVERN_LLM_MODEL)."))
        self.tier = "llm"
        subgoals = [self.goal]
        if kind == RunEngine.skyvern_v2:
            subgoals = await self._plan()
        for index, subgoal in enumerate(subgoals):
            await self._loop(subgoal, last=index == len(subgoals) - 1)
        raise self.end("failed", "The agent stopped without declaring the goal complete.")

    async def _deterministic(self) -> bool:
        """Carry out the goal through the cache or the resolver alone, if they can."""
        engine = self.engine
        async with engine.runner.step(self.page, "act", self.goal) as step:
            if engine.cache is not None and await engine.cache.replay_act(
                self.page, step, self.goal, engine
            ):
                self.tier, self.steps = "cache", 1
                return True
            outcome = await resolve_on_page(engine, self.page, step, self.goal)
            if outcome.reason is not None:
                step.tier = None  # not all of it; the LLM loop takes over from this page
                step.reasoning = f"resolver not confident: {outcome.reason.reason}"
                return False
            step.tier = "resolver"
            if engine.cache is not None:
                engine.cache.record_act(step, self.goal, outcome.done)
            self.steps = 1
            return True

    async def _extract_when_loaded(self) -> ExtractionResult | Any:
        """The LLM-free extraction, once the page the actions led to has loaded: the
        last action may have started a navigation (nothing else waits for it, not even
        the reporter's screenshots when it is off)."""
        for attempt in (1, 2):
            try:
                await self.page.wait_for_load_state("domcontentloaded", timeout=5_000)
                return await resolver_extract(self.page, "", self.schema or {})
            except PlaywrightError:
                if attempt == 2:
                    raise
                await asyncio.sleep(0.1)  # the document was replaced mid-read: read again
        raise AssertionError("unreachable")

    async def _complete_with_extraction(self, extracted: Any) -> None:
        if self.schema is not None and extracted is None:
            # The schema says what to extract; the goal mostly says what to do, so the
            # LLM-free extractor matches on the schema alone.
            found = await self._extract_when_loaded()
            if isinstance(found, ExtractionResult):
                extracted = found.data
            elif self.engine.runner.llm is not None:
                async with self.engine.runner.step(self.page, "extract", self.goal) as step:
                    step.tier = "llm"
                    extracted = await llm_extract(self.engine, self.page, step, self.goal,
                                                  self.schema)
            else:
                raise self.end("failed", "The goal's actions ran, but the data could not be "
                               f"extracted without an LLM: {found.reason}")
        if self.schema is not None:
            errors = validation_errors(extracted, self.schema)
            if errors:
                raise self.end("failed", "Extracted data is invalid: " + "; ".join(errors))
        self.run_.output = extracted
        raise self.end("completed")

    async def _plan(self) -> list[str]:
        async with self.engine.runner.step(self.page, "task", f"plan: {self.goal}") as step:
            step.tier = "llm"
            snapshot = await self.engine.snapshot(self.page)
            response = await self.engine.runner.llm_call(
                step, prompts.plan_request(self.goal, snapshot))
            data = response.data if isinstance(response.data, dict) else {}
            subgoals = [str(s) for s in data.get("subgoals") or [] if str(s).strip()]
            step.output = subgoals
            return subgoals or [self.goal]

    async def _loop(self, goal: str, *, last: bool) -> None:
        engine = self.engine
        while True:
            if self.steps >= self.max_steps:
                raise self.end("failed", f"Reached the maximum of {self.max_steps} steps "
                               "without completing the goal.")
            self.steps += 1
            finished: _Finished | None = None
            async with engine.runner.step(self.page, "act", goal) as step:
                step.tier = "llm"
                try:
                    done = await self._one_step(step, goal, last=last)
                except _Finished as exc:
                    # The run ends here, but this step itself did its job.
                    finished, done = exc, True
                    step.error = self.run_.failure_reason
            if finished is not None:
                raise finished
            if done:
                return

    async def _one_step(self, step: StepRecord, goal: str, *, last: bool) -> bool:
        engine = self.engine
        snapshot = await engine.snapshot(self.page)
        request = prompts.task_step_request(
            goal, snapshot, self.history, extraction=self.schema if last else None,
            error_codes=self.error_codes, secret_names=engine.secrets.names(),
            images=await engine.screenshots(self.page),
        )
        response = await engine.runner.llm_call(step, request)
        data = response.data if isinstance(response.data, dict) else {}
        reasoning = str(data.get("reasoning") or "")
        status = data.get("status")
        code = data.get("error_code")
        if code and code in self.error_codes:
            self.run_.errors.append(RunError(error_code=str(code), reasoning=reasoning))
            raise self.end("terminated", f"{code}: {reasoning}")
        if status == "terminate":
            raise self.end("terminated", reasoning or "The agent terminated the task.")
        if status == "complete":
            if not last:
                return True
            await self._complete_with_extraction(data.get("extracted"))
        try:
            plan = engine.plan_from_answer(data, snapshot, goal, [])
        except ResolutionError as exc:
            raise self.end("failed", str(exc)) from None
        fingerprint = _fingerprint(snapshot.text, plan)
        if fingerprint in self.seen:
            raise self.end("failed", "No progress: the agent repeated the same actions on an "
                           f"unchanged page ({reasoning or 'no reasoning given'}).")
        self.seen.add(fingerprint)
        await engine.perform_plan(self.page, step, plan, snapshot)
        self.history.append("; ".join(
            f"{a.type} {a.ref or a.url or a.key or ''}".strip() for a in plan.actions))
        return False


def _fingerprint(page_text: str, plan: ActionPlan) -> str:
    body = page_text + "\n" + plan.model_dump_json(exclude={"reasoning", "tier"})
    return hashlib.sha256(body.encode()).hexdigest()
