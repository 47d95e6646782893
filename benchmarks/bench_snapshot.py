"""Snapshot cost against page size: ``python benchmarks/bench_snapshot.py``.

On generated pages of 100, 1,000 and 10,000 elements, measures (median of 5, one run,
side by side) the time and o200k tokens of:

* ``capture_snapshot`` with no budget (the full text, before budgeting),
* ``capture_snapshot`` with the default 6,000-token budget (chunk 0),
* Playwright's raw ``page.aria_snapshot(mode="ai")`` (what capture starts from),
* ``page.content()`` (the raw HTML).

Prints a markdown table and writes it to ``benchmarks/results/snapshot.md``.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from playwright.async_api import Page, async_playwright

from pytest_skyvern.snapshot import capture_snapshot, count_tokens, install_probe
from pytest_skyvern.snapshot.tokens import exact_tokens_available

SIZES = (100, 1_000, 10_000)
REPEATS = 5
BUDGET = 6_000
RESULTS = Path(__file__).parent / "results" / "snapshot.md"
CHROMIUM = os.environ.get("SKYVERN_CHROMIUM", "/usr/lib/chromium/chromium")


def generated_page(n: int) -> str:
    """``n`` elements: buttons, labelled inputs, links, paragraphs and checkboxes in turn."""
    kinds = [
        '<button id="b{i}">Button {i}</button>',
        '<label>Field {i} <input name="f{i}" placeholder="value {i}"></label>',
        '<a href="/item/{i}">Link {i}</a>',
        "<p>Some descriptive text number {i} on this page.</p>",
        '<input type="checkbox" aria-label="Option {i}">',
    ]
    body = "\n".join(kinds[i % 5].format(i=i) for i in range(n))
    return f"<!doctype html><title>Generated {n}</title><main>{body}</main>"


async def measure(action: Callable[[], Awaitable[str]]) -> tuple[float, int]:
    """Median seconds of ``REPEATS`` runs, and the tokens of the text produced."""
    times: list[float] = []
    text = ""
    for _ in range(REPEATS):
        start = time.perf_counter()
        text = await action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), count_tokens(text)


async def bench_size(page: Page, n: int) -> list[str]:
    await page.set_content(generated_page(n))

    async def full() -> str:
        return (await capture_snapshot(page, budget_tokens=10**9)).text

    async def budgeted() -> str:
        return (await capture_snapshot(page, budget_tokens=BUDGET)).text

    async def aria() -> str:
        return await page.aria_snapshot(mode="ai")

    rows = []
    for label, action in (
        ("capture_snapshot, full text", full),
        (f"capture_snapshot, chunk 0 of {BUDGET:,} budget", budgeted),
        ('raw aria_snapshot(mode="ai")', aria),
        ("page.content()", page.content),
    ):
        seconds, tokens = await measure(action)
        rows.append(f"| {n:,} | {label} | {seconds * 1000:,.0f} ms | {tokens:,} |")
    chunks = (await capture_snapshot(page, budget_tokens=BUDGET)).chunks
    rows[1] = rows[1].replace("chunk 0 of", f"chunk 0 (of {chunks}),")
    return rows


async def main() -> str:
    async with async_playwright() as playwright:
        # As the plugin does: register the probe before any page exists.
        await install_probe(playwright)
        browser = await playwright.chromium.launch(executable_path=CHROMIUM)
        page = await browser.new_page(viewport={"width": 1280, "height": 720})
        rows: list[str] = []
        for n in SIZES:
            rows += await bench_size(page, n)
        version = browser.version
        await browser.close()
    counter = "o200k_base" if exact_tokens_available() else "chars/4 estimate"
    header = [
        "# Snapshot benchmark",
        "",
        f"Chromium {version}, Python {platform.python_version()}, tokens: {counter}, "
        f"median of {REPEATS} runs per cell.",
        "",
        "| elements | what | time | tokens |",
        "|---:|---|---:|---:|",
    ]
    return "\n".join(header + rows) + "\n"


if __name__ == "__main__":
    table = asyncio.run(main())
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table, encoding="utf-8")
