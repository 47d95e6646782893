"""``pytest-skyvern export NODEID [-o FILE]``: eject AI tests into plain Playwright code.

The test's cached steps, in the order they ran, become a pytest-playwright-asyncio
test that needs nothing of pytest-skyvern: run it with ``-p no:skyvern`` (or where
pytest-skyvern is not installed) and ``--base-url`` pointing at the app. A NODEID
without its parameters (``[chromium]``) or a module path exports every matching test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pytest_skyvern.cli import cache_files
from pytest_skyvern.cli.cache_files import StoredEntry
from pytest_skyvern.cli.code_parts import Imports, lit
from pytest_skyvern.cli.codegen import MISSING_VALUE, entry_lines, test_name
from pytest_skyvern.cli.common import add_cache_dir, cache_root, fail

HELP = "write a plain pytest-playwright test file from a test's cached steps"

VISIT = '''

async def visit(page: Page, path: str) -> None:
    """Go to ``path`` unless the page is there: a click may be taking it there already."""
    if page.url.startswith(("about:", "data:")):
        await page.goto(path)
        return
    try:
        await page.wait_for_url(lambda url: urlsplit(url).path == path,
                                timeout=VISIT_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        await page.goto(path)
'''


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export", help=HELP, description=HELP + ". " + __doc__.split("\n\n", 1)[1].strip())
    parser.add_argument("nodeid", metavar="NODEID",
                        help="test id (examples/test_login.py::test_login), with or without "
                             "its [parameters], or a module path for all its tests")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="file to write (default: standard output)")
    add_cache_dir(parser)
    parser.set_defaults(handler=run)
    return parser


def matching_tests(root: Path, nodeid: str) -> dict[str, list[StoredEntry]]:
    """Cached tests that ``nodeid`` names (exactly, without parameters, or by module)."""
    module = nodeid.split("::", 1)[0]
    path = root / (module + ".json")
    if not path.is_file():
        return {}
    found: dict[str, list[StoredEntry]] = {}
    for item in cache_files.entries_of(cache_files.read_tests(path)):
        test = item.nodeid
        if test == nodeid or test.split("[", 1)[0] == nodeid or "::" not in nodeid:
            found.setdefault(test, []).append(item)
    return {test: cache_files.in_test_order(items) for test, items in found.items()}


def _path_of(url: str) -> str | None:
    """The path to visit for a recorded (normalised) URL; None for set_content pages."""
    if url.endswith(":") or ("://" in url and not url.startswith("http")):
        return None
    return urlsplit(url).path or "/"


def test_function(nodeid: str, items: list[StoredEntry], imports: Imports,
                  taken: set[str]) -> list[str]:
    lines = ["", "", f"async def {test_name(nodeid, taken)}(page: Page) -> None:",
             f"    # exported from {nodeid}"]
    where: str | None = None
    for item in items:
        entry = item.entry
        lines.append(f"    # {entry.kind}: {entry.instruction}")
        path = _path_of(entry.url)
        if path is None:
            lines.append("    # (recorded on a page made with set_content(): set it up here)")
        elif path != where:
            if "?" in entry.url:
                lines.append(f"    # (recorded on {entry.url}: the query values are not cached)")
            lines.append(f"    await visit(page, {lit(path)})")
            where = path
        lines.extend("    " + line for line in entry_lines(entry, imports))
    return lines


def module_text(tests: dict[str, list[StoredEntry]]) -> str:
    """The whole exported test module."""
    imports = Imports()
    taken: set[str] = set()
    bodies: list[str] = []
    for nodeid, items in tests.items():
        bodies += test_function(nodeid, items, imports, taken)
    names = "\n".join(f"    {nodeid}" for nodeid in tests)
    head = [
        '"""Exported by `pytest-skyvern export` from the action cache of',
        names,
        "",
        "Plain pytest-playwright (pytest-playwright-asyncio), with no pytest-skyvern in it:",
        "    pytest THIS_FILE -p no:skyvern -o asyncio_default_fixture_loop_scope=session "
        "--base-url http://127.0.0.1:8000",
        "Placeholders such as {{password}} are read from SKYVERN_SECRET_<NAME> variables.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    head += ["import os"] if imports.os else []
    head += ["import re"] if imports.re else []
    head += ["from urllib.parse import urlsplit", "", "import pytest"]
    playwright = ["Page", "TimeoutError as PlaywrightTimeoutError"]
    if imports.expect:
        playwright.insert(1, "expect")
    head.append(f"from playwright.async_api import {', '.join(playwright)}")
    head += sorted(imports.extra)
    head += ["", "# pytest-playwright-asyncio's page lives on the session's event loop.",
             'pytestmark = pytest.mark.asyncio(loop_scope="session")',
             "VISIT_TIMEOUT_MS = 2000"]
    return "\n".join(head) + VISIT + "\n".join(bodies) + "\n"


def run(args: argparse.Namespace) -> int:
    root = cache_root(args)
    tests = matching_tests(root, args.nodeid)
    if not tests:
        return fail(f"no cached steps for {args.nodeid!r} in {root} (run the test once with "
                    "--skyvern-cache=auto to record them)")
    text = module_text(tests)
    if MISSING_VALUE in text:
        print(f"pytest-skyvern: some exported steps need the value the test passed in code "
              f"(marked with pytest.fail({MISSING_VALUE[:30]!r}...)); fill them in",
              file=sys.stderr)
    compile(text, args.output or "<export>", "exec")  # never write code that cannot run
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        steps = sum(len(items) for items in tests.values())
        print(f"exported {len(tests)} test(s), {steps} cached step(s), to {args.output}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
