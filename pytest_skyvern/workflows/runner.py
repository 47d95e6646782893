"""Running a workflow's blocks on one page, through the page's AI engine.

Each block is one ``block`` step on the test's event bus (so it shows in the timeline
with the AI steps it made nested after it) and produces an output that later blocks
read as ``{{ <label>_output }}``. A block that fails ends the run with status
``failed`` and a reason naming the block, unless it says ``continue_on_failure``.
A run is a status, not an exception: only cancellation and the timeout propagate.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from pytest_skyvern.agent.steps import recorded_step
from pytest_skyvern.context import current_context
from pytest_skyvern.errors import BadRequestError, ExpectationFailed, SkyvernError
from pytest_skyvern.events import StepRecord
from pytest_skyvern.sdk.runs import TaskRunResponse, WorkflowRunResponse, now
from pytest_skyvern.secrets import secrets
from pytest_skyvern.workflows import templating
from pytest_skyvern.workflows.models import (
    ActionBlock,
    ExtractionBlock,
    FileDownloadBlock,
    ForLoopBlock,
    GotoUrlBlock,
    LoginBlock,
    NavigationBlock,
    TaskBlock,
    TextPromptBlock,
    ValidationBlock,
    WaitBlock,
    WorkflowDefinition,
    _TaskLike,
)

if TYPE_CHECKING:
    from pytest_skyvern.browser.ai import AIBackend
    from pytest_skyvern.browser.page import SkyvernBrowserPage


class BlockFailed(SkyvernError):
    """A block did not do its job; ``status`` is what the run becomes."""

    def __init__(self, message: str, status: str = "failed") -> None:
        self.status = status
        super().__init__(message)


def bind_parameters(definition: WorkflowDefinition, given: Mapping[str, Any] | None
                    ) -> dict[str, Any]:
    """The run's parameter values: given ones converted to their declared type, then
    defaults. Unknown or missing parameters are a ``BadRequestError`` before any block."""
    given = dict(given or {})
    declared = {p.key: p for p in definition.input_parameters()}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise BadRequestError({"detail": f"unknown workflow parameter(s) {unknown}; declared: "
                                         f"{sorted(declared) or 'none'}"})
    values: dict[str, Any] = {}
    for key, param in declared.items():
        if key in given:
            values[key] = _convert(key, param.workflow_parameter_type, given[key])
        elif param.default_value is not None:
            values[key] = _convert(key, param.workflow_parameter_type, param.default_value)
        else:
            raise BadRequestError({"detail": f"workflow parameter {key!r} has no value and no "
                                             "default_value"})
    return values


def _convert(key: str, kind: str, value: Any) -> Any:
    try:
        if kind == "integer":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "boolean":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if kind == "json" and isinstance(value, str):
            return json.loads(value)
    except (TypeError, ValueError) as exc:
        raise BadRequestError({"detail": f"workflow parameter {key!r}={value!r} is not a valid "
                                         f"{kind}: {exc}"}) from None
    return value


def block_step(page: SkyvernBrowserPage, kind: str, label: str
               ) -> AbstractAsyncContextManager[StepRecord]:
    """One ``block`` step on the current test's bus around a block."""
    return recorded_step(page, "block", f"{kind} {label}", secrets())


class WorkflowRunner:
    """Runs the blocks of one definition on ``page`` with ``engine``."""

    def __init__(self, page: SkyvernBrowserPage, engine: AIBackend,
                 definition: WorkflowDefinition, parameters: Mapping[str, Any]) -> None:
        self.page, self.engine, self.definition = page, engine, definition
        self.context: dict[str, Any] = dict(parameters)
        self.outputs: dict[str, Any] = {}
        self.failed_block: str | None = None

    async def run(self, run: WorkflowRunResponse) -> WorkflowRunResponse:
        """Run every block into ``run``; its status says how it went."""
        run.status = "running"
        run.modified_at = now()
        try:
            await self._blocks(self.definition.blocks, self.outputs)
        except BlockFailed as exc:
            run.status = exc.status  # type: ignore[assignment]
            run.failure_reason = str(exc)
        else:
            run.status = "completed"
        finally:
            run.output = dict(self.outputs)
            run.finished_at = run.modified_at = now()
            run.step_count = len(current_context().bus.steps)
        return run

    async def _blocks(self, blocks: list[Any], outputs: dict[str, Any]) -> None:
        for block in blocks:
            try:
                async with block_step(self.page, block.block_type, block.label) as step:
                    output = await self._block(block)
                    step.output = str(output)[:2000] if output is not None else None
            except BlockFailed as exc:
                self.failed_block = self.failed_block or block.label
                if not block.continue_on_failure:
                    raise
                output = {"failure_reason": str(exc)}
            outputs[block.label] = output
            self.context[f"{block.label}_output"] = output

    async def _block(self, block: Any) -> Any:
        where = f"block {block.label!r} ({block.block_type})"
        try:
            # A block starts on a settled page: the previous block's last click may have
            # started a navigation, and a replayed step reads the page at once.
            await self.page.wait_for_load_state()
            return await self._dispatch(block)
        except BlockFailed as exc:
            if str(exc).startswith("block "):
                raise
            raise BlockFailed(f"{where}: {exc}", exc.status) from None
        except (SkyvernError, ExpectationFailed, TimeoutError) as exc:
            message = str(exc) or type(exc).__name__
            raise BlockFailed(f"{where}: {message}") from exc

    def _render(self, value: Any) -> Any:
        return templating.render_value(value, self.context)

    async def _dispatch(self, block: Any) -> Any:
        page, engine = self.page, self.engine
        if isinstance(block, GotoUrlBlock):
            url = self._render(block.url)
            await page.goto(url)
            return url
        if isinstance(block, WaitBlock):
            await asyncio.sleep(block.wait_sec)
            return None
        if isinstance(block, TextPromptBlock):
            return await engine.prompt(page, self._render(block.prompt), block.json_schema)
        if isinstance(block, ValidationBlock):
            await self._criteria(block.complete_criterion, block.terminate_criterion)
            return True
        if isinstance(block, ForLoopBlock):
            return await self._loop(block)
        if isinstance(block, LoginBlock):
            return await self._login(block)
        if isinstance(block, FileDownloadBlock):
            return await self._download(block)
        if isinstance(block, ActionBlock):
            await self._goto(block.url)
            await engine.act(page, self._render(block.goal))
            await self._criteria(block.complete_criterion, block.terminate_criterion)
            return None
        if isinstance(block, ExtractionBlock):
            await self._goto(block.url)
            data = await engine.extract(page, self._render(block.data_extraction_goal),
                                        block.data_schema)
            return data.model_dump() if hasattr(data, "model_dump") else data
        if isinstance(block, TaskBlock | NavigationBlock):
            return await self._task(block)
        raise BlockFailed(f"block type {block.block_type!r} is not supported")

    async def _goto(self, url: str | None) -> None:
        if url:
            await self.page.goto(self._render(url))

    async def _task(self, block: _TaskLike) -> Any:
        goal = self._render(block.goal) if block.goal else None
        extraction = self._render(block.data_extraction_goal) if block.data_extraction_goal \
            else None
        output: Any = None
        if goal:
            result: TaskRunResponse = await self.engine.run_task(
                self.page, goal, url=self._render(block.url) if block.url else None,
                engine=block.engine or "skyvern_v2",
                data_extraction_schema=block.data_schema, max_steps=block.max_steps_per_run,
                error_code_mapping=block.error_code_mapping,
            )
            if result.status != "completed":
                status = "terminated" if result.status == "terminated" else "failed"
                raise BlockFailed(f"the task ended {result.status}: {result.failure_reason}",
                                  status)
            output = result.output
        else:
            await self._goto(block.url)
        if extraction and output is None:
            output = await self.engine.extract(self.page, extraction, block.data_schema)
        await self._criteria(block.complete_criterion, block.terminate_criterion)
        return output

    async def _criteria(self, complete: str | None, terminate: str | None) -> None:
        if terminate and await self.engine.validate(self.page, self._render(terminate)):
            raise BlockFailed(f"terminate_criterion holds: {terminate!r}", "terminated")
        if complete:
            await self.engine.validate(self.page, self._render(complete), strict=True)

    async def _loop(self, block: ForLoopBlock) -> list[dict[str, Any]]:
        source = block.source or ""
        values = templating.evaluate(source, self.context)
        if isinstance(values, str):
            try:  # a json parameter given as text, or an output that is JSON text
                values = json.loads(values)
            except ValueError:
                pass
        if not isinstance(values, list):
            raise BlockFailed(f"loop_over {source!r} is not a list: {values!r}")
        if not values and not block.complete_if_empty:
            raise BlockFailed(f"loop_over {source!r} is empty (set complete_if_empty: true "
                              "to allow it)")
        results: list[dict[str, Any]] = []
        for index, value in enumerate(values):
            self.context.update(current_value=value, current_item=value, current_index=index)
            iteration: dict[str, Any] = {}
            await self._blocks(block.loop_blocks, iteration)
            results.append(iteration)
        for name in templating.LOOP_NAMES:
            self.context.pop(name, None)
        return results

    async def _login(self, block: LoginBlock) -> Any:
        kwargs = {"url": self._render(block.url) if block.url else None,
                  "prompt": self._render(block.goal) if block.goal else None}
        return await self.page.agent.login(**{k: v for k, v in kwargs.items() if v})

    async def _download(self, block: FileDownloadBlock) -> Any:
        await self._goto(block.url)
        return await self.page.agent.download_files(self._render(block.goal or "download"))


async def run_definition(
    page: SkyvernBrowserPage, engine: AIBackend, definition: WorkflowDefinition,
    parameters: Mapping[str, Any] | None = None, run: WorkflowRunResponse | None = None,
) -> WorkflowRunResponse:
    """Run ``definition`` on ``page``; a bad parameter raises ``BadRequestError``."""
    values = bind_parameters(definition, parameters)
    run = run or WorkflowRunResponse()
    runner = WorkflowRunner(page, engine, definition, values)
    await runner.run(run)
    if runner.failed_block:
        run.failed_block = runner.failed_block  # type: ignore[attr-defined]
    return run
