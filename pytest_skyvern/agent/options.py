"""Tunables of the AI engine, derived from ``Settings``."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_skyvern.config import Settings


@dataclass(frozen=True)
class EngineOptions:
    #: Token budget of one page snapshot shown to the model.
    snapshot_budget: int = 6000
    #: How many snapshot chunks a locate may page through before giving up.
    max_chunks: int = 3
    #: Attach screenshots to LLM calls.
    vision: bool = False
    #: Repair rounds after an extraction fails schema validation.
    extract_repairs: int = 2
    #: Default max steps of an agent task.
    max_steps: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> EngineOptions:
        return cls(vision=settings.llm_vision)
