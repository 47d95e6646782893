"""The action cache: cached AI steps vs plain Playwright, and vs uncached LLM steps.

One flow on the demo app's order form (fill name, fill email, select country, submit)
written three ways, measured side by side in one run:

- plain Playwright calls with CSS selectors;
- the same steps as AI steps (``fill(prompt=...)``...), replayed from the action cache
  (recorded once beforehand through the scripted LLM);
- the same AI steps uncached, with the scripted LLM answering after a realistic 1.5 s.

    python benchmarks/bench_cache.py [--rounds 9] [--llm-rounds 2]

Writes ``benchmarks/results/cache.md``. Goals: cached within 1.3x of plain Playwright;
the cached/uncached ratio reported.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.demo_app import DemoApp  # noqa: E402
from pytest_skyvern import Skyvern, SkyvernBrowserPage  # noqa: E402
from pytest_skyvern.agent.caching import ActionCacheTier  # noqa: E402
from pytest_skyvern.cache import ActionCache  # noqa: E402
from pytest_skyvern.config import resolve_settings  # noqa: E402
from pytest_skyvern.context import TestContext, enter_context  # noqa: E402
from pytest_skyvern.llm import ScriptedLLMServer  # noqa: E402
from pytest_skyvern.secrets import secrets  # noqa: E402
from pytest_skyvern.snapshot import capture_snapshot  # noqa: E402

# Phrasings the LLM-free resolver hands over, so the uncached path really asks the LLM.
PROMPTS = {
    "Full name": "the box for the customer's whole name",
    "Email": "where the customer's mail address goes",
    "Country": "the destination nation chooser",
    "Submit order": "the control that sends the order off",
}


async def plain_flow(page: SkyvernBrowserPage, url: str) -> None:
    await page.goto(f"{url}/form")
    await page.fill("#full-name", "Ada Lovelace", ai=None)
    await page.fill("#email", "ada@example.com", ai=None)
    await page.select_option("#country", "Spain", ai=None)
    await page.click("#order-submit", ai=None)
    await page.wait_for_url("**/form/result**")


async def ai_flow(page: SkyvernBrowserPage, url: str, *, navigate: bool = True) -> None:
    if navigate:
        await page.goto(f"{url}/form")
    await page.fill(prompt=PROMPTS["Full name"], value="Ada Lovelace")
    await page.fill(prompt=PROMPTS["Email"], value="ada@example.com")
    await page.select_option(prompt=PROMPTS["Country"], value="Spain")
    await page.click(prompt=PROMPTS["Submit order"])
    await page.wait_for_url("**/form/result**")


async def timed(flow: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await flow()
    return time.perf_counter() - started


async def measure(rounds: int, llm_rounds: int) -> dict[str, float]:
    with DemoApp() as app, ScriptedLLMServer() as llm:
        settings = resolve_settings({}, {}, env={"SKYVERN_LLM_BASE_URL": llm.base_url,
                                                 "SKYVERN_LLM_MODEL": "scripted-model"})
        cache = ActionCache(Path(tempfile.mkdtemp()), "auto", secrets().shared)
        tier = ActionCacheTier(cache)
        async with Skyvern.local(settings=settings, cache=tier) as client:
            browser = await client.launch_local_browser(headless=True, port=0)
            page = await browser.new_page()
            test = TestContext.for_test("bench::flow")

            async def cached() -> None:
                test.bus.steps.clear()
                enter_context(test)
                await ai_flow(page, app.url)

            async def script_answers() -> None:
                # Refs belong to one document: take them from the page as it is now.
                llm.reset()
                await page.goto(f"{app.url}/form")
                snapshot = await capture_snapshot(page)
                for name, prompt in PROMPTS.items():
                    ref = next(e.ref for e in snapshot.elements.values() if e.name == name)
                    llm.add({"reasoning": name, "ref": ref}, match=prompt)

            await script_answers()
            enter_context(test)
            await ai_flow(page, app.url, navigate=False)  # record through the LLM
            assert llm.llm_requests, "the recording run should have asked the LLM"
            recorded_calls = len(llm.llm_requests)
            plain, replay = [], []
            for _ in range(rounds):  # interleaved, so load on the machine hits both
                plain.append(await timed(lambda: plain_flow(page, app.url)))
                replay.append(await timed(cached))
            assert len(llm.llm_requests) == recorded_calls, "replays must not call the LLM"

            client.engine.cache = None
            uncached = []
            for _ in range(llm_rounds):
                llm.latency = 0.0
                await script_answers()
                llm.latency = 1.5
                enter_context(TestContext.for_test("bench::uncached"))
                uncached.append(await timed(lambda: ai_flow(page, app.url, navigate=False)))
    return {"plain": statistics.median(plain), "cached": statistics.median(replay),
            "uncached": statistics.median(uncached)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--llm-rounds", type=int, default=2)
    args = parser.parse_args()
    t = asyncio.run(measure(args.rounds, args.llm_rounds))
    table = "\n".join([
        "| flow (4 steps + navigation) | median s | ratio |",
        "|---|---:|---:|",
        f"| plain Playwright | {t['plain']:.3f} | 1.00 |",
        f"| AI steps, replayed from the cache | {t['cached']:.3f} | "
        f"{t['cached'] / t['plain']:.2f}x plain |",
        f"| AI steps, uncached, LLM at 1.5 s/call | {t['uncached']:.3f} | "
        f"{t['uncached'] / t['cached']:.1f}x cached |",
    ])
    out = ROOT / "benchmarks" / "results" / "cache.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Action cache benchmark (one run, interleaved)\n\n" + table + "\n")
    print(table)


if __name__ == "__main__":
    main()
