"""The AI tiers on pages and phrasing nobody here tuned them to, and what the snapshot costs.

``python benchmarks/bench_generality.py`` (``--skip-corpus`` / ``--skip-snapshot``) runs,
in one process and one browser:

1. **The development corpus** (``tests/corpus``): every case through the real page with
   no LLM (snapshot, resolver, visible-text fallback, one page state after another).
   Coverage and wrong actions per class.
2. **The snapshot, side by side with Skyvern's own scraper** on the same pages: time and
   o200k tokens of ``capture_snapshot`` (the whole page, and chunk 0 of the default
   6,000-token budget, which is what the model is sent) and of Skyvern's
   ``buildTreeFromBody`` from the installed ``skyvern`` package's ``domUtils.js``, with
   its Python ``trim_element_tree`` + ``json_to_html`` text, as its agent builds it.
   Skyvern is AGPL: its code is run from its own venv (``scripts/skyvern-server
   install``), never copied. Medians of ``REPEATS`` runs, measured alternately.

Writes ``benchmarks/results/generality.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from pytest_skyvern import Skyvern
from pytest_skyvern.snapshot import capture_snapshot, count_tokens
from pytest_skyvern.snapshot.tokens import exact_tokens_available
from pytest_skyvern.testing.corpus import run_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "generality.md"
CORPUS = ROOT / "tests" / "corpus"
SIZES = (100, 1_000, 10_000)
REPEATS = 5
SKYVERN_VERSION = os.environ.get("SKYVERN_SERVER_VERSION", "1.0.56")
SKYVERN_VENV = (Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                / "pytest-skyvern" / f"skyvern-server-{SKYVERN_VERSION}" / "venv")

# Runs inside Skyvern's venv: element tree JSON in, its page text out, one per line.
WORKER = r"""
import json, sys, time
from skyvern.forge.sdk.core import skyvern_context
from skyvern.webeye.scraper.scraper import trim_element_tree, _deepcopy_element_tree
from skyvern.webeye.scraper.scraped_page import json_to_html
skyvern_context.set(skyvern_context.SkyvernContext())  # as an agent step has one
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    tree = json.loads(line)
    start = time.perf_counter()
    trimmed = trim_element_tree(_deepcopy_element_tree(tree))
    html = "".join(json_to_html(e, need_skyvern_attrs=True) for e in trimmed)
    print(json.dumps({"html": html, "seconds": time.perf_counter() - start}), flush=True)
"""

KINDS = [
    '<button id="b{i}">Button {i}</button>',
    '<label>Field {i} <input name="f{i}" placeholder="value {i}"></label>',
    '<a href="/item/{i}">Link {i}</a>',
    "<p>Some descriptive text number {i} on this page.</p>",
    '<input type="checkbox" aria-label="Option {i}">',
    '<p>Read <span class="go" onclick="void 0">note {i}</span> first.</p>',
    '<div class="card" style="cursor:pointer"><h4>Card {i}</h4><p>About card {i}</p></div>',
    '<div class="tool" data-n="{i}">Tool {i}</div>',
]


def generated_page(n: int) -> str:
    """``n`` elements of eight kinds, a quarter of them clickable without a role."""
    body = "\n".join(KINDS[i % len(KINDS)].format(i=i) for i in range(n))
    script = ("<script>for (const t of document.querySelectorAll('.tool'))"
              " t.addEventListener('click', () => t.classList.add('on'));</script>")
    return f"<!doctype html><title>Generated {n}</title><main>{body}</main>{script}"


class SkyvernScraper:
    """Skyvern's scraper run from its own install: the JS in the page, the text in its venv."""

    def __init__(self) -> None:
        package = next((SKYVERN_VENV / "lib").glob("python3*/site-packages/skyvern"), None)
        if package is None:
            raise SystemExit(f"Skyvern is not installed in {SKYVERN_VENV}: "
                             "run `scripts/skyvern-server install` first.")
        self.dom_utils = (package / "webeye" / "scraper" / "domUtils.js").read_text()
        env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
        self.worker = subprocess.Popen(
            [str(SKYVERN_VENV / "bin" / "python"), "-c", WORKER], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )
        self._read()  # its imports take a while, once

    def _read(self) -> dict[str, Any]:
        assert self.worker.stdout is not None
        answer: dict[str, Any] = json.loads(self.worker.stdout.readline())
        return answer

    async def load(self, page: Page) -> None:
        await page.add_script_tag(content=self.dom_utils)

    async def scrape(self, page: Page) -> tuple[float, str]:
        start = time.perf_counter()
        _, tree = await page.evaluate("async () => await buildTreeFromBody()")
        in_page = time.perf_counter() - start
        assert self.worker.stdin is not None
        self.worker.stdin.write(json.dumps(tree) + "\n")
        self.worker.stdin.flush()
        answer = self._read()
        return in_page + float(answer["seconds"]), str(answer["html"])

    def close(self) -> None:
        self.worker.kill()


async def _median(action: Callable[[], Awaitable[tuple[float, str]]]) -> tuple[float, int]:
    runs = [await action() for _ in range(REPEATS)]
    return statistics.median(t for t, _ in runs), count_tokens(runs[-1][1])


async def _timed(action: Callable[[], Awaitable[str]]) -> tuple[float, str]:
    start = time.perf_counter()
    text = await action()
    return time.perf_counter() - start, text


async def compare(page: Page, scraper: SkyvernScraper, label: str) -> dict[str, Any]:
    """Ours (full and budgeted) and Skyvern's on the page as it is now."""
    await scraper.load(page)

    async def full() -> str:
        return (await capture_snapshot(page, budget_tokens=10**9)).text

    async def budgeted() -> str:
        return (await capture_snapshot(page)).text

    # Alternate so a busy moment of the shared machine hits all three alike.
    rows: dict[str, list[tuple[float, str]]] = {"full": [], "chunk": [], "skyvern": []}
    for _ in range(REPEATS):
        rows["full"].append(await _timed(full))
        rows["chunk"].append(await _timed(budgeted))
        rows["skyvern"].append(await scraper.scrape(page))
    out: dict[str, Any] = {"page": label}
    for key, runs in rows.items():
        out[key] = (statistics.median(t for t, _ in runs), count_tokens(runs[-1][1]))
    return out


def snapshot_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| page | ours, whole page | ours, chunk 0 (sent to the model) | Skyvern scraper "
        "| time ratio (chunk 0 / Skyvern) | token ratio (chunk 0 / Skyvern) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        (ft, fk), (ct, ck), (st, sk) = r["full"], r["chunk"], r["skyvern"]
        lines.append(
            f"| {r['page']} | {ft * 1000:,.0f} ms, {fk:,} tok | {ct * 1000:,.0f} ms, {ck:,} tok "
            f"| {st * 1000:,.0f} ms, {sk:,} tok | {ct / st:.2f}x | {ck / max(1, sk):.2f}x |"
        )
    return "\n".join(lines)


def growth(rows: list[dict[str, Any]]) -> str:
    by = {r["page"]: r for r in rows}
    small, big = by.get("generated, 1,000 elements"), by.get("generated, 10,000 elements")
    if small is None or big is None:
        return ""
    ours, theirs = big["chunk"][0] / small["chunk"][0], big["skyvern"][0] / small["skyvern"][0]
    return (f"From 1,000 to 10,000 elements (10x) our time grows {ours:.1f}x, "
            f"Skyvern's {theirs:.1f}x.")


async def snapshots(client: Skyvern) -> tuple[str, str]:
    scraper = SkyvernScraper()
    browser = await client.launch_local_browser(headless=True, port=0)
    page = await browser.get_working_page()
    await page.set_viewport_size({"width": 1280, "height": 720})
    rows = []
    try:
        for n in SIZES:
            await page.goto("about:blank")
            await page.set_content(generated_page(n))
            rows.append(await compare(page, scraper, f"generated, {n:,} elements"))
            print(f"  snapshot: {n} elements done", file=sys.stderr, flush=True)
        corpus_pages = sorted({p for p in CORPUS.glob("*/*.html")})
        totals: dict[str, list[tuple[float, int]]] = {"full": [], "chunk": [], "skyvern": []}
        for path in corpus_pages:
            await page.goto(path.as_uri())
            row = await compare(page, scraper, path.name)
            for key in totals:
                totals[key].append(row[key])
        if corpus_pages:
            rows.append({"page": f"the {len(corpus_pages)} corpus pages, summed",
                         **{k: (sum(t for t, _ in v), sum(n for _, n in v))
                            for k, v in totals.items()}})
    finally:
        scraper.close()
        await browser.close()
    return snapshot_table(rows), growth(rows)


async def main(skip_corpus: bool, skip_snapshot: bool) -> str:
    parts = ["# Generality benchmark", ""]
    counter = "o200k_base" if exact_tokens_available() else "chars/4 estimate"
    parts.append(f"Python {platform.python_version()}, tokens: {counter}, no LLM configured.")
    async with Skyvern.local() as client:
        if not skip_corpus:
            lines: list[str] = []
            summary = await run_corpus(CORPUS, out=lines.append)
            wrong = [line for line in lines if "[wrong]" in line or "[false-answer]" in line]
            parts += ["", "## Development corpus (`tests/corpus`)", "", summary.table(), "",
                      f"Wrong actions: {summary.wrong()}; false answers on must-hand-over "
                      f"cases: {summary.false_answers()}.", *wrong]
        if not skip_snapshot:
            table, grows = await snapshots(client)
            parts += ["", f"## Snapshot vs Skyvern {SKYVERN_VERSION}'s scraper, "
                      f"median of {REPEATS}", "", table, "", grows]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-snapshot", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SKYVERN_CACHE", "off")
    report = asyncio.run(main(args.skip_corpus, args.skip_snapshot))
    print(report)
    if not (args.skip_corpus or args.skip_snapshot):
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")
