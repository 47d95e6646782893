"""``pytest-skyvern export``: example tests, ejected from the committed cache, pass under
plain pytest-playwright (``-p no:skyvern``) against the demo app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import cli

from examples.demo_app import DEMO_USERS, DemoApp

EXPORTED = [
    "examples/test_ai_steps.py::test_act_logs_in",
    "examples/test_ai_steps.py::test_extract_invoices_with_a_schema",
    "examples/test_ai_steps.py::test_multi_step_task_with_extracted_output",
    "examples/test_marker_examples.py::test_order_is_confirmed",
    "examples/test_marker_examples.py::test_every_country_can_order",
]
# Makes a broken locator fail in seconds instead of Playwright's 30.
SHORT_TIMEOUT = '''
import pytest_asyncio

@pytest_asyncio.fixture(loop_scope="session", autouse=True)
async def short_timeouts(page):
    page.set_default_timeout(3000)
'''


def run_plain(folder: Path, app: DemoApp) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SKYVERN_SECRET_DEMO_PASSWORD": DEMO_USERS[0]["password"]}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:skyvern", "-p", "no:cacheprovider",
         "-o", "asyncio_default_fixture_loop_scope=session", "--base-url", app.url, "-q",
         str(folder)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exported")
    (folder / "conftest.py").write_text(SHORT_TIMEOUT)
    for n, nodeid in enumerate(EXPORTED):
        cli("export", nodeid, "-o", str(folder / f"test_exported_{n}.py"))
    return folder


def test_the_export_is_plain_playwright(exported: Path) -> None:
    text = (exported / "test_exported_0.py").read_text()
    assert "pytest_skyvern" not in text
    assert 'await visit(page, "/login")' in text
    assert ('await page.get_by_role("textbox", name="Email", exact=True)'
            '.fill("demo@example.com")') in text
    assert 'fill(os.environ["SKYVERN_SECRET_DEMO_PASSWORD"])' in text
    assert 'await page.get_by_role("button", name="Sign in", exact=True).click()' in text
    assert "{{demo_password}}" not in text.split("# act:")[1].split("\n", 1)[1]
    parametrized = (exported / "test_exported_4.py").read_text()
    assert "async def test_every_country_can_order_france(page: Page)" in parametrized
    assert 'select_option(label="United Kingdom")' in parametrized


def test_exported_examples_pass_under_plain_playwright(exported: Path, app: DemoApp) -> None:
    done = run_plain(exported, app)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 passed" in done.stdout, done.stdout
    # Ids, test ids and classes renamed: role-and-name locators still hold.
    app.variant = "b"
    done = run_plain(exported, app)
    assert "6 passed" in done.stdout, done.stdout


def test_an_exported_locator_that_no_longer_matches_fails(exported: Path, tmp_path: Path,
                                                          app: DemoApp) -> None:
    (tmp_path / "conftest.py").write_text(SHORT_TIMEOUT)
    text = (exported / "test_exported_0.py").read_text()
    (tmp_path / "test_broken.py").write_text(text.replace('name="Sign in"', 'name="Log in"'))
    done = run_plain(tmp_path, app)
    assert "1 failed" in done.stdout, done.stdout


def test_exporting_an_unknown_test_says_how_to_record_it() -> None:
    done = cli("export", "examples/test_ai_steps.py::test_nope", check=False)
    assert done.returncode == 1
    assert "no cached steps" in done.stderr
    assert "--skyvern-cache=auto" in done.stderr


def test_steps_whose_value_is_not_cached_fail_loudly() -> None:
    done = cli("export", "examples/test_ai_steps.py::test_fill_and_select_by_description")
    assert "pytest.fail(" in done.stdout
    assert "need the value the test passed in code" in done.stderr


def test_compiled_assertions_export_as_expect_calls(tmp_path: Path, app: DemoApp) -> None:
    (tmp_path / "conftest.py").write_text(SHORT_TIMEOUT)
    for n, test in enumerate(("test_the_dashboard_greets_the_user", "test_the_invoice_list")):
        cli("export", f"examples/test_assertions.py::{test}",
            "-o", str(tmp_path / f"test_checks_{n}.py"))
    text = "".join(p.read_text() for p in sorted(tmp_path.glob("test_checks_*.py")))
    assert '.to_have_text("Welcome, Demo User")' in text
    assert 'await expect(page).to_have_url(re.compile("invoices?", re.I))' in text
    assert ".to_have_count(5)" in text
    assert "== 5633.24" in text
    assert 'get_by_text("Payment failed").filter(visible=True)).to_have_count(0)' in text
    done = run_plain(tmp_path, app)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout, done.stdout
