"""Browser discovery: Playwright's own browsers, else a system Chromium, else a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pytest_skyvern.browser import discovery
from pytest_skyvern.errors import BrowserNotFoundError, ConfigurationError


@pytest.fixture
def empty_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Playwright pointed at a browsers folder with nothing installed."""
    registry = tmp_path / "ms-playwright"
    registry.mkdir()
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(registry))
    return registry


def test_system_chromium_is_linked_where_playwright_looks(
    empty_registry: Path, tmp_path: Path
) -> None:
    system = discovery.find_system_chromium()
    if system is None:
        pytest.skip("no system Chromium on this machine")
    found = discovery.discover_browser(None, tmp_path / "cache")
    assert found.source == "system"
    assert found.executable == system
    assert found.notice is not None
    assert system in found.notice
    folder = Path(os.environ["PLAYWRIGHT_BROWSERS_PATH"])
    assert folder == Path(str(found.browsers_path))
    revisions = discovery._driver_browsers_json()
    shell = folder / f"chromium_headless_shell-{revisions['chromium-headless-shell']}"
    assert os.path.realpath(next(shell.rglob("chrome-headless-shell"))) == os.path.realpath(system)


def test_a_second_discovery_reuses_the_folder(empty_registry: Path, tmp_path: Path) -> None:
    if discovery.find_system_chromium() is None:
        pytest.skip("no system Chromium on this machine")
    first = discovery.discover_browser(None, tmp_path / "cache")
    os.environ["PLAYWRIGHT_BROWSERS_PATH"] = str(empty_registry)
    second = discovery.discover_browser(None, tmp_path / "cache")
    assert first.browsers_path == second.browsers_path
    assert len(list((tmp_path / "cache").iterdir())) == 1  # no staging folders left


def test_playwright_own_browsers_win(empty_registry: Path, tmp_path: Path) -> None:
    revision = discovery._driver_browsers_json()["chromium"]
    (empty_registry / f"chromium_headless_shell-{revision}").mkdir()
    found = discovery.discover_browser(None, tmp_path / "cache")
    assert found.source == "playwright"
    assert found.notice is None
    assert os.environ["PLAYWRIGHT_BROWSERS_PATH"] == str(empty_registry)


def test_explicit_executable_beats_everything(empty_registry: Path, tmp_path: Path) -> None:
    revision = discovery._driver_browsers_json()["chromium"]
    (empty_registry / f"chromium-{revision}").mkdir()
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    found = discovery.discover_browser(str(fake), tmp_path / "cache")
    assert found.source == "explicit"
    assert found.executable == str(fake)


def test_explicit_path_that_is_not_executable_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="is not an executable file"):
        discovery.discover_browser(str(tmp_path / "nope"), tmp_path / "cache")


def test_nothing_found_says_how_to_install(
    empty_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discovery, "SYSTEM_CANDIDATES", ())
    monkeypatch.setattr(discovery, "SYSTEM_COMMANDS", ())
    found = discovery.discover_browser(None, tmp_path / "cache")
    assert found.source == "none"
    with pytest.raises(BrowserNotFoundError) as info:
        found.require()
    message = str(info.value)
    assert "python -m playwright install chromium" in message
    assert "apt-get install -y chromium" in message
    assert "--skyvern-browser-executable" in message


def test_pytest_playwright_options_work_unchanged(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pytest-playwright's own fixtures and artifact options, with no conftest at all."""
    # The child discovers the browser itself instead of inheriting our folder.
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    pytester.makepyfile(
        """
        async def test_plain_playwright(page):
            await page.set_content("<h1>Hello</h1>")
            assert await page.inner_text("h1") == "Hello"
        """
    )
    result = pytester.runpytest_subprocess(
        "--video=on", "--tracing=on", "--screenshot=on", "--output=artifacts",
        "-p", "no:cacheprovider",
    )
    result.assert_outcomes(passed=1)
    (folder,) = (pytester.path / "artifacts").iterdir()
    assert folder.name.endswith("-py-test-plain-playwright-chromium")
    names = sorted(p.name for p in folder.iterdir())
    # pytest-playwright's own artifacts, plus our timeline of the test's navigations.
    assert names == ["test-finished-1.png", "timeline.json", "trace.zip", "video.webm"]
    assert (folder / "video.webm").stat().st_size > 0
