"""Non-LLM overhead of one ``act`` step against the plain Playwright click it ends in.

On generated pages of 100, 1,000 and 10,000 elements (the demo app's ``/big``), side
by side in one run: a plain ``locator.click()`` vs ``page.act(...)`` answered by the
scripted LLM server with no added latency, so what is measured is our snapshot,
prompt building, the loopback HTTP round trip through the real openai client, answer
validation and the action. Also the resolver tier (no LLM at all) and the cache tier.

    python benchmarks/bench_act_overhead.py [--rounds 7]

Writes ``benchmarks/results/act_overhead.md``. Goal: the LLM-path overhead is at most
3x the plain action on the 1,000-element page.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
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

SIZES = (100, 1000, 10000)


async def median_ms(action, rounds: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        await action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def measure_size(
    client: Skyvern, page: SkyvernBrowserPage, llm: ScriptedLLMServer, url: str, target: str,
    rounds: int,
) -> dict[str, float]:
    """Medians of the plain click and of act through each tier, on one page."""
    await page.goto(url)  # every 4th element of /big is a button
    snapshot = await capture_snapshot(page, budget_tokens=10**9)
    ref = next(e.ref for e in snapshot.elements.values() if e.name == target)
    llm.reset()
    llm.add({"reasoning": "that button", "actions": [{"type": "click", "ref": ref}]})
    button = page.get_by_role("button", name=target, exact=True)
    test = TestContext.for_test("bench::cached")

    async def plain() -> None:
        await button.click()

    async def via_llm() -> None:
        enter_context(TestContext.for_test(""))  # a fresh "test": no cache entry yet
        await client.engine.act(page, f"press the middle one ({target})")

    async def via_resolver() -> None:
        enter_context(TestContext.for_test(""))
        await client.engine.act(page, f"click '{target}'")

    async def via_cache() -> None:
        test.bus.steps.clear()
        enter_context(test)
        await client.engine.act(page, f"click '{target}'")

    cache, client.engine.cache = client.engine.cache, None
    times = {"plain": await median_ms(plain, rounds), "llm": await median_ms(via_llm, rounds),
             "resolver": await median_ms(via_resolver, rounds)}
    client.engine.cache = cache
    await via_cache()  # record once
    times["cache"] = await median_ms(via_cache, rounds)
    return times


async def measure(rounds: int) -> list[str]:
    rows = []
    with DemoApp() as app, ScriptedLLMServer() as llm:
        settings = resolve_settings({}, {}, env={"SKYVERN_LLM_BASE_URL": llm.base_url,
                                                 "SKYVERN_LLM_MODEL": "scripted-model"})
        cache = ActionCache(Path(tempfile.mkdtemp()), "auto", secrets().shared)
        async with Skyvern.local(settings=settings,
                                 cache=ActionCacheTier(cache)) as client:
            browser = await client.launch_local_browser(headless=True, port=0)
            page: SkyvernBrowserPage = await browser.new_page()
            for size in SIZES:
                times = await measure_size(client, page, llm, f"{app.url}/big?n={size}",
                                           f"Button {size // 2 // 4 * 4}", rounds)
                rows.append(
                    f"| {size:,} | {times['plain']:.0f} | {times['cache']:.0f} "
                    f"({times['cache'] / times['plain']:.1f}x) | {times['resolver']:.0f} "
                    f"({times['resolver'] / times['plain']:.1f}x) | {times['llm']:.0f} "
                    f"({times['llm'] / times['plain']:.1f}x) |"
                )
                print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rows = asyncio.run(measure(parser.parse_args().rounds))
    table = "\n".join([
        "| elements | plain click ms | act via cache ms (ratio) | act via resolver ms (ratio)"
        " | act via scripted LLM ms (ratio) |",
        "|---:|---:|---:|---:|---:|", *rows])
    out = ROOT / "benchmarks" / "results" / "act_overhead.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# act overhead vs the plain Playwright click (medians, one run)\n\n"
                   + table + "\n")
    print(table)


if __name__ == "__main__":
    main()
