"""Computer-use engines for local mode: ``openai_cua``, ``anthropic_cua``, ``ui_tars``.

They see screenshots and answer with mouse and keyboard actions at pixel points; no
page snapshot, resolver or cache is involved. ``run_engine`` picks the engine's
adapter, and ``loop.run_computer_use`` drives the page with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_skyvern.agent.cua.config import EngineEndpoint, endpoint_from_env
from pytest_skyvern.agent.cua.loop import Outcome, StepCount, run_computer_use
from pytest_skyvern.agent.cua.model import ComputerUseModel
from pytest_skyvern.sdk.runs import RunEngine

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts

__all__ = ["COMPUTER_USE_ENGINES", "Outcome", "StepCount", "build_model", "run_engine"]

COMPUTER_USE_ENGINES = frozenset({RunEngine.openai_cua, RunEngine.anthropic_cua,
                                  RunEngine.ui_tars})


def build_model(endpoint: EngineEndpoint) -> ComputerUseModel:
    """The adapter of ``endpoint.engine`` (imported only when used: extras stay optional)."""
    if endpoint.engine == RunEngine.openai_cua:
        from pytest_skyvern.agent.cua.openai_cua import OpenAIComputerUse

        return OpenAIComputerUse(endpoint)
    if endpoint.engine == RunEngine.anthropic_cua:
        from pytest_skyvern.agent.cua.anthropic_cua import AnthropicComputerUse

        return AnthropicComputerUse(endpoint)
    from pytest_skyvern.agent.cua.ui_tars import VisionChatComputerUse

    return VisionChatComputerUse(endpoint)


async def run_engine(
    engine: EngineParts, page: Page, goal: str, kind: RunEngine, counter: StepCount,
    max_steps: int,
) -> Outcome:
    """Run ``goal`` on ``page`` with the computer-use engine ``kind``."""
    model = build_model(endpoint_from_env(kind))
    return await run_computer_use(engine, page, goal, model, counter, max_steps)
