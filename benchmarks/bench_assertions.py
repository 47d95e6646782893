"""Compiled assertions: replayed checks vs plain Playwright ``expect``, and vs an LLM.

One suite of six assertions on the demo app's sign-in page (URL, input value, checked,
enabled, text not shown, text shown), written three ways and measured in one run:

- plain Playwright ``expect(...)`` calls;
- ``validate(..., strict=True)`` replayed from the action cache: each claim's check
  program (compiled once, LLM-free) decides it, with 0 LLM calls;
- the same ``validate`` calls asking an LLM for each verdict (no cache, the LLM-free
  compiler off), the scripted LLM answering after a realistic 1.5 s per call.

    python benchmarks/bench_assertions.py [--rounds 9] [--llm-rounds 2]

Writes ``benchmarks/results/assertions.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from playwright.async_api import expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.demo_app import DemoApp  # noqa: E402
from pytest_skyvern import Skyvern, SkyvernBrowserPage  # noqa: E402
from pytest_skyvern.agent import assertions  # noqa: E402
from pytest_skyvern.agent.caching import ActionCacheTier  # noqa: E402
from pytest_skyvern.cache import ActionCache  # noqa: E402
from pytest_skyvern.config import resolve_settings  # noqa: E402
from pytest_skyvern.context import TestContext, enter_context  # noqa: E402
from pytest_skyvern.llm import ScriptedLLMServer  # noqa: E402
from pytest_skyvern.resolve import NotConfident  # noqa: E402
from pytest_skyvern.secrets import secrets  # noqa: E402

CLAIMS = (
    "we are on the login page",
    "the Email field is empty",
    "the Remember me checkbox is not checked",
    "the Sign in button is enabled",
    "the page does not show 'Invalid email or password'",
    "the page shows 'Remember me'",
)


async def plain_suite(page: SkyvernBrowserPage, url: str) -> None:
    await page.goto(f"{url}/login")
    await expect(page).to_have_url(re.compile("login"))
    await expect(page.get_by_label("Email")).to_have_value("")
    await expect(page.get_by_label("Remember me")).not_to_be_checked()
    await expect(page.get_by_role("button", name="Sign in")).to_be_enabled()
    await expect(page.get_by_text("Invalid email or password")).to_have_count(0)
    await expect(page.get_by_text("Remember me").first).to_be_visible()


async def ai_suite(page: SkyvernBrowserPage, url: str) -> None:
    await page.goto(f"{url}/login")
    for claim in CLAIMS:
        await page.validate(claim, strict=True)


async def timed(flow: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await flow()
    return time.perf_counter() - started


async def _no_compiler(*_: Any) -> NotConfident:
    return NotConfident("the LLM-free compiler is off for this measurement")


async def measure(rounds: int, llm_rounds: int) -> dict[str, float]:
    with DemoApp() as app, ScriptedLLMServer() as llm:
        settings = resolve_settings({}, {}, env={"SKYVERN_LLM_BASE_URL": llm.base_url,
                                                 "SKYVERN_LLM_MODEL": "scripted-model"})
        cache = ActionCache(Path(tempfile.mkdtemp()), "auto", secrets().shared)
        async with Skyvern.local(settings=settings, cache=ActionCacheTier(cache)) as client:
            browser = await client.launch_local_browser(headless=True, port=0)
            page = await browser.new_page()
            test = TestContext.for_test("bench::assertions")

            async def cached() -> None:
                test.bus.steps.clear()
                enter_context(test)
                await ai_suite(page, app.url)

            await cached()  # the recording run: compiled with no LLM
            assert llm.llm_requests == [], "the simple claims compile without the LLM"
            plain, replay = [], []
            for _ in range(rounds):  # interleaved, so load on the machine hits both
                plain.append(await timed(lambda: plain_suite(page, app.url)))
                replay.append(await timed(cached))
            assert llm.llm_requests == [], "replays must not call the LLM"
            assert all(s.tier == "cache" for s in test.bus.steps)

            client.engine.cache = None
            # Switch the LLM-free compiler off where ``judge`` looks it up.
            names = vars(assertions)
            compiler, names["compile_claim"] = names["compile_claim"], _no_compiler
            llm.add({"reasoning": "as claimed", "result": True, "check": None}, times=None)
            llm.latency = 1.5
            uncached = []
            try:
                for _ in range(llm_rounds):
                    enter_context(TestContext.for_test("bench::llm"))
                    uncached.append(await timed(lambda: ai_suite(page, app.url)))
            finally:
                names["compile_claim"] = compiler
            assert len(llm.llm_requests) >= len(CLAIMS) * llm_rounds
    return {"plain": statistics.median(plain), "cached": statistics.median(replay),
            "llm": statistics.median(uncached)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--llm-rounds", type=int, default=2)
    args = parser.parse_args()
    t = asyncio.run(measure(args.rounds, args.llm_rounds))
    table = "\n".join([
        f"| suite ({len(CLAIMS)} assertions + navigation) | median s | ratio |",
        "|---|---:|---:|",
        f"| plain Playwright `expect` | {t['plain']:.3f} | 1.00 |",
        f"| `validate`, compiled checks replayed from the cache (0 LLM calls) | "
        f"{t['cached']:.3f} | {t['cached'] / t['plain']:.2f}x plain |",
        f"| `validate`, an LLM verdict per assertion at 1.5 s/call | {t['llm']:.3f} | "
        f"{t['llm'] / t['cached']:.1f}x cached ({t['llm'] / t['plain']:.0f}x plain) |",
    ])
    out = ROOT / "benchmarks" / "results" / "assertions.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Compiled assertions benchmark (one run, interleaved)\n\n" + table + "\n")
    print(table)


if __name__ == "__main__":
    main()
