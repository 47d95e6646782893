"""The AI backend of a page: cache, then the LLM-free resolver, then the LLM.

The page decides nothing about tiers; this class does, and it is the only place that
does. Every answer is checked before it touches the browser: a ref the model returns
must exist in the snapshot it was shown, an empty plan is an error that carries the
model's reasoning, and nothing ever silently does nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from pytest_skyvern.actions import Action, ActionPlan
from pytest_skyvern.agent import prompts, reading, task
from pytest_skyvern.agent.cachetier import CacheTier
from pytest_skyvern.agent.perform import perform
from pytest_skyvern.agent.resolving import locate_on_page, resolve_on_page
from pytest_skyvern.agent.steps import StepRunner, element_info
from pytest_skyvern.errors import ResolutionError, SkyvernError
from pytest_skyvern.events import StepKind, StepRecord
from pytest_skyvern.resolve import NotConfident, Resolver
from pytest_skyvern.secrets import SecretRegistry
from pytest_skyvern.snapshot import Element, Snapshot, capture_snapshot, locator_for

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

    from pytest_skyvern.agent.options import EngineOptions
    from pytest_skyvern.browser.ai import PageTasks
    from pytest_skyvern.sdk.runs import WorkflowRunResponse

T = TypeVar("T")

_INTENT_KIND: dict[str, StepKind] = {
    "click": "click", "fill": "fill", "select": "select_option", "upload": "upload_file",
    "locate": "locator",
}


class Engine:
    """Answers the AI steps of pages: ``locate``, ``act_on`` and ``act`` here;
    ``extract``, ``validate`` and ``prompt`` in ``agent.reading``; ``run_task`` in
    ``agent.task``; ``page.agent``'s other tasks in the ``tasks`` it is given (they live
    above the engine: the credential store, the test's downloads, stored workflows)."""

    def __init__(
        self, runner: StepRunner, options: EngineOptions, *,
        resolver: Resolver | None = None, cache: CacheTier | None = None,
        tasks: PageTasks | None = None,
    ) -> None:
        self.runner = runner
        self.options = options
        self.resolver = resolver if resolver is not None else Resolver()
        self.cache = cache
        self.tasks = tasks

    @property
    def secrets(self) -> SecretRegistry:
        return self.runner.secrets

    # ----------------------------------------------------------------- snapshots
    async def snapshot(self, page: Page, chunk: int = 0) -> Snapshot:
        return await capture_snapshot(
            page, budget_tokens=self.options.snapshot_budget, chunk=chunk,
            secrets=self.secrets.values(),
        )

    async def screenshots(self, page: Page) -> tuple[bytes, ...]:
        """A viewport screenshot for the model, only when vision is on."""
        if not self.options.vision:
            return ()
        return (await page.screenshot(type="jpeg", quality=60),)

    # ------------------------------------------------------------------- locate
    async def locate(self, page: Page, prompt: str, intent: str) -> Locator:
        """The element ``prompt`` describes (for ``locator(prompt=...)``)."""
        async with self.runner.step(page, _INTENT_KIND.get(intent, "locator"), prompt) as step:
            target, _ = await self._resolve_target(page, step, prompt, intent)
            return target

    async def act_on(
        self, page: Page, prompt: str, intent: str,
        do: Callable[[Locator], Awaitable[T]], value: str | None = None,
    ) -> T:
        """Find the element ``prompt`` describes and run ``do`` on it, as one step."""
        async with self.runner.step(page, _INTENT_KIND.get(intent, "locator"), prompt) as step:
            target, element = await self._resolve_target(page, step, prompt, intent)
            action = Action(type=_action_type(intent), value=value)
            return await self.runner.run_action(
                page, step, action, target, element, lambda: do(target)
            )

    async def _resolve_target(
        self, page: Page, step: StepRecord, prompt: str, intent: str
    ) -> tuple[Locator, Any]:
        if self.cache is not None:
            hit = await self.cache.locate(page, step, prompt)
            if hit is not None:
                return hit
        found, snapshot = await locate_on_page(self, page, prompt, intent)
        if isinstance(found, Element):
            step.tier = "resolver"
        else:
            assert isinstance(found, NotConfident)
            found = await self._llm_locate(page, step, prompt, intent, snapshot, found)
            step.tier = "llm"
        if self.cache is not None:
            self.cache.record_locate(step, prompt, snapshot, found)
        return locator_for(page, found), element_info(found.role, found.name, found.ref)

    async def _llm_locate(
        self, page: Page, step: StepRecord, prompt: str, intent: str,
        snapshot: Snapshot, not_confident: NotConfident,
    ) -> Element:
        self.runner.require_llm(
            f"find {prompt!r}",
            f"The LLM-free resolver was not confident ({not_confident.reason}); best candidates: "
            f"{'; '.join(not_confident.candidates[:5]) or 'none'}. ",
        )
        reasoning = ""
        for chunk in range(min(snapshot.chunks, self.options.max_chunks)):
            shot = snapshot if chunk == 0 else await self.snapshot(page, chunk)
            response = await self.runner.llm_call(
                step, prompts.locate_request(prompt, intent, shot, await self.screenshots(page))
            )
            data = response.data if isinstance(response.data, dict) else {}
            reasoning = str(data.get("reasoning") or "")
            ref = data.get("ref")
            if ref:
                element = shot.element(str(ref))
                if element is None:
                    raise ResolutionError(
                        f"The model chose ref {ref!r}, which does not exist on the page "
                        "(a hallucinated element); nothing was done.",
                        instruction=prompt, reasoning=reasoning,
                        candidates=not_confident.candidates,
                    )
                return element
        raise ResolutionError(
            "The model found no element matching the description; nothing was done.",
            instruction=prompt, reasoning=reasoning, candidates=not_confident.candidates,
        )

    # ---------------------------------------------------------------------- act
    async def act(self, page: Page, prompt: str) -> None:
        """Carry out ``prompt``: one or more actions. Fails loudly if it cannot."""
        async with self.runner.step(page, "act", prompt) as step:
            await self.act_in_step(page, step, prompt)

    async def act_in_step(self, page: Page, step: StepRecord, prompt: str) -> None:
        if self.cache is not None and await self.cache.replay_act(page, step, prompt, self):
            return
        outcome = await resolve_on_page(self, page, step, prompt)
        done = list(outcome.done)
        if outcome.reason is None:
            step.tier = "resolver"
        else:
            # The model gets only what is left, on the page the resolver's steps led to.
            rest = outcome.remaining if done else prompt
            plan = await self._llm_plan(page, step, rest, outcome.snapshot, outcome.reason, done)
            step.tier = "llm"
            await self.perform_plan(page, step, plan, outcome.snapshot)
            done += [(action, outcome.snapshot) for action in plan.actions]
        if self.cache is not None:
            self.cache.record_act(step, prompt, done)

    async def _llm_plan(
        self, page: Page, step: StepRecord, prompt: str, snapshot: Snapshot,
        not_confident: NotConfident, done: list[tuple[Action, Snapshot]] | None = None,
    ) -> ActionPlan:
        already = ""
        if done:
            steps = "; ".join(a.reasoning or a.type for a, _ in done)
            already = f"It did these steps first: {steps}; then stopped at {prompt!r}. "
        self.runner.require_llm(
            f"act on {prompt!r}",
            f"The LLM-free resolver was not confident ({not_confident.reason}); best candidates: "
            f"{'; '.join(not_confident.candidates[:5]) or 'none'}. {already}",
        )
        request = prompts.act_request(
            prompt, snapshot, self.secrets.names(), await self.screenshots(page)
        )
        response = await self.runner.llm_call(step, request)
        return self.plan_from_answer(response.data, snapshot, prompt, not_confident.candidates)

    def plan_from_answer(
        self, data: Any, snapshot: Snapshot, prompt: str, candidates: list[str]
    ) -> ActionPlan:
        """Validate the model's actions: known types, existing refs, at least one."""
        data = data if isinstance(data, dict) else {}
        reasoning = str(data.get("reasoning") or "") or None
        try:
            actions = [Action.model_validate(a) for a in data.get("actions") or []]
        except ValidationError as exc:
            raise ResolutionError(
                f"The model answered with malformed actions: {exc.errors()[0]['msg']}",
                instruction=prompt, reasoning=reasoning, candidates=candidates,
            ) from None
        if not actions:
            raise ResolutionError(
                "The model returned no action for this instruction; nothing was done.",
                instruction=prompt, reasoning=reasoning, candidates=candidates,
            )
        for action in actions:
            if action.needs_element() and snapshot.element(action.ref or "") is None:
                raise ResolutionError(
                    f"The model chose ref {action.ref!r} for {action.type}, which does not "
                    "exist on the page (a hallucinated element); nothing was done.",
                    instruction=prompt, reasoning=reasoning, candidates=candidates,
                )
        return ActionPlan(actions=actions, reasoning=reasoning, tier="llm")

    async def perform_plan(
        self, page: Page, step: StepRecord, plan: ActionPlan, snapshot: Snapshot
    ) -> None:
        step.reasoning = step.reasoning or plan.reasoning
        for action in plan.actions:
            await self.perform_in(page, step, action, snapshot)

    async def perform_in(
        self, page: Page, step: StepRecord, action: Action, snapshot: Snapshot
    ) -> None:
        """Perform ``action`` on the element of ``snapshot`` it names (if any)."""
        element = snapshot.element(action.ref) if action.ref else None
        target = locator_for(page, element) if element is not None else None
        info = element_info(element.role, element.name, element.ref) if element else None
        step.reasoning = step.reasoning or (action.reasoning and f"resolver: {action.reasoning}")
        await self.perform_one(page, step, action, target, info)

    # ------------------------------------------------- reading verbs and tasks
    async def extract(self, page: Page, prompt: str, schema: Any = None) -> Any:
        return await reading.extract(self, page, prompt, schema)

    async def validate(self, page: Page, prompt: str, *, strict: bool = False) -> bool:
        return await reading.validate(self, page, prompt, strict=strict)

    async def prompt(self, page: Page | None, text: str, schema: Any = None) -> Any:
        return await reading.prompt(self, page, text, schema)

    async def run_task(self, page: Page, prompt: str, **kwargs: Any) -> Any:
        if "engine" in kwargs:
            kwargs["engine_name"] = kwargs.pop("engine")
        return await task.run_task(self, page, prompt, **kwargs)

    # ---------------------------------------------------- page.agent's other tasks
    def _tasks(self, what: str) -> PageTasks:
        if self.tasks is None:
            raise SkyvernError(f"page.agent.{what}() needs a page from the skyvern fixtures "
                               "or a Skyvern client (this engine was built without tasks).")
        return self.tasks

    async def login(self, page: Page, **kwargs: Any) -> Any:
        return await self._tasks("login").login(page, **kwargs)

    async def download_files(
        self, page: Page, prompt: str, *, url: str | None, download_suffix: str | None,
        download_timeout: float | None, max_steps_per_run: int | None,
        timeout: float,  # noqa: ASYNC109 - the SDK's parameter name
    ) -> WorkflowRunResponse:
        return await self._tasks("download_files").download_files(
            page, prompt, url=url, download_suffix=download_suffix,
            download_timeout=download_timeout, max_steps_per_run=max_steps_per_run,
            timeout=timeout)

    async def run_workflow(self, page: Page, workflow_id: str, **kwargs: Any) -> Any:
        return await self._tasks("run_workflow").run_workflow(page, workflow_id, **kwargs)

    async def perform_one(
        self, page: Page, step: StepRecord, action: Action, target: Locator | None, info: Any
    ) -> None:
        await self.runner.run_action(
            page, step, action, target, info,
            lambda: perform(page, action, target, self.secrets),
        )


def _action_type(intent: str) -> Any:
    return {"select": "select", "upload": "upload", "fill": "fill"}.get(intent, "click")
