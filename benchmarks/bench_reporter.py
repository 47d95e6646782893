"""Per-test overhead of the pytest-skyvern reporter, measured side by side.

Runs a small generated suite (each test: a navigation and four AI steps around real
Playwright actions, the way the engine emits them) in child pytest processes, in
several configurations, interleaved round by round so machine noise hits all of
them alike. The per-test time is the median of JUnit's per-test durations (setup +
call + teardown), which leaves out interpreter and browser start-up.

    python benchmarks/bench_reporter.py [--tests 8] [--rounds 3]

Prints ratios against the run without the reporter and writes
``benchmarks/results/reporter.md``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "report"))

from suite import CONFTEST, LOGIN_HTML, WELCOME_HTML  # noqa: E402

TEST_TEMPLATE = '''
from conftest import PAGES, SECRET, ai_step


async def test_flow_{n}(skyvern_page):
    page = skyvern_page
    await page.goto(PAGES + "/login.html")
    user, password = page.get_by_label("Username"), page.get_by_label("Password")
    await ai_step(page, "fill", "Type alice into the user name", [
        ("fill", user, "textbox", "Username", "#user", "alice", lambda: user.fill("alice"))],
        tier="cache")
    await ai_step(page, "fill", "Type the password", [
        ("fill", password, "textbox", "Password", "#pw", SECRET,
         lambda: password.fill(SECRET))], tier="resolver")
    button = page.get_by_role("button", name="Sign in")
    await ai_step(page, "click", "Sign in", [
        ("click", button, "button", "Sign in", "#go", None, lambda: button.click())],
        tier="llm", llm_calls=1, tokens=(800, 40), cost=0.001)
    await page.wait_for_url("**/welcome.html")
    await ai_step(page, "extract", "Read the greeting", tier="cache")
'''

REPORTER = ["-p", "pytest_skyvern.report.plugin"]
NO_REPORTER = [*REPORTER, "-p", "no:skyvern-reporter"]
CONFIGS: dict[str, list[str]] = {
    "no reporter": NO_REPORTER,
    "timeline only": [*REPORTER, "--skyvern-screenshots=off"],
    "+ screenshots": REPORTER,
    "no reporter, --video": [*NO_REPORTER, "--video=on"],
    "+ screenshots + video": [*REPORTER, "--video=on"],
    "no reporter, --video --tracing": [*NO_REPORTER, "--video=on", "--tracing=on"],
    "+ screenshots + video + trace": [*REPORTER, "--video=on", "--tracing=on"],
}


def write_suite(root: Path, tests: int) -> None:
    (root / "pages").mkdir()
    (root / "pages" / "login.html").write_text(LOGIN_HTML)
    (root / "pages" / "welcome.html").write_text(WELCOME_HTML)
    (root / "conftest.py").write_text(CONFTEST)
    (root / "test_bench.py").write_text("".join(TEST_TEMPLATE.format(n=n) for n in range(tests)))


def per_test_seconds(root: Path, args: list[str]) -> list[float]:
    junit = root / "junit.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         f"--junitxml={junit}", *args],
        cwd=root, check=False, capture_output=True, text=True, timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"child pytest failed ({done.returncode}) with {args}:\n"
                         f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    times = [float(c.get("time", "0")) for c in ET.parse(junit).iter("testcase")]
    return times[1:]  # the first test also pays the browser launch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in CONFIGS}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-reporter-") as folder:
        root = Path(folder)
        write_suite(root, options.tests)
        for _ in range(options.rounds):
            for name, args in CONFIGS.items():
                samples[name] += per_test_seconds(root, args)
    base = statistics.median(samples["no reporter"])
    rows = []
    for name, values in samples.items():
        median = statistics.median(values)
        rows.append((name, median / base, median * 1000))
    width = max(len(name) for name in CONFIGS)
    lines = [f"{'configuration':<{width}}  ratio vs no reporter  median ms/test",
             *(f"{name:<{width}}  {ratio:>20.2f}  {ms:>14.0f}" for name, ratio, ms in rows)]
    print("\n".join(lines))
    table = ["| configuration | ratio vs no reporter | median ms per test |", "|---|---:|---:|",
             *(f"| {name} | {ratio:.2f} | {ms:.0f} |" for name, ratio, ms in rows)]
    note = (f"{options.tests} tests x {options.rounds} rounds per configuration, interleaved; "
            f"each test: 1 navigation, 4 AI steps (3 with an action). Per-test time is the "
            f"median of JUnit per-test durations, first test of each run excluded "
            f"(browser launch). Total bench time {time.monotonic() - started:.0f} s on a "
            f"2-core machine; compare ratios, not absolute times.")
    out = HERE / "results" / "reporter.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Reporter overhead per test\n\n" + note + "\n\n" + "\n".join(table) + "\n")
    print(f"\nwritten {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
