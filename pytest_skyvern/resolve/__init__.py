"""The LLM-free resolver tier: plain instructions and simple extractions, only when sure."""

from __future__ import annotations

from pytest_skyvern.resolve.extract import ExtractionResult, extract, run_program
from pytest_skyvern.resolve.extract_plan import Program
from pytest_skyvern.resolve.instructions import (
    Intent,
    parse_instruction,
    parse_target,
    value_in,
)
from pytest_skyvern.resolve.matcher import Candidate, normalise, pick, rank
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.resolve.resolver import Resolver

__all__ = [
    "Candidate",
    "ExtractionResult",
    "Intent",
    "NotConfident",
    "Program",
    "Resolver",
    "extract",
    "normalise",
    "parse_instruction",
    "parse_target",
    "pick",
    "rank",
    "run_program",
    "value_in",
]
