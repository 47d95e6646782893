"""What the cloud tests share besides fixtures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from pytest_skyvern.llm import ScriptedLLMServer

T = TypeVar("T")


@dataclass(frozen=True)
class SkyvernServer:
    base_url: str
    api_key: str
    directory: Path
    llm: ScriptedLLMServer
    #: "skyvern" (the real open-source server) or "serve" (``pytest-skyvern serve``).
    kind: str = "skyvern"

    def differs_on_serve(self, request: pytest.FixtureRequest, reason: str) -> None:
        """Mark the test an expected failure against ``serve``: a known gap, named."""
        if self.kind == "serve":
            request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


async def wait_until(
    fetch: Callable[[], Awaitable[T]], done: Callable[[T], bool], within_s: float = 120
) -> T:
    """Call ``fetch`` until ``done`` holds for its value (``TimeoutError`` after ``within_s``)."""
    async with asyncio.timeout(within_s):
        while True:
            value = await fetch()
            if done(value):
                return value
            await asyncio.sleep(0.3)
