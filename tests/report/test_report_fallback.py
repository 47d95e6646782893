"""Recording on a machine without Playwright's ffmpeg: screencast frames, then a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.async_api import Page
from suite import write_suite

from conftest import FAILING_DIR, PASSING_DIR, REPORTER, assert_playable_webm
from pytest_skyvern.browser.discovery import build_browsers_folder, find_system_chromium


@pytest.fixture
def browsers_without_ffmpeg(tmp_path: Path) -> Path:
    """A Playwright browsers folder holding Chromium but no ffmpeg at all."""
    import playwright

    chromium = find_system_chromium()
    assert chromium is not None
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revisions = {b["name"]: str(b["revision"])
                 for b in json.loads(browsers.read_text())["browsers"]}
    folder = build_browsers_folder(chromium, None, revisions, tmp_path / "cache")
    assert not any(p.name.startswith("ffmpeg") for p in folder.iterdir())
    return folder


def test_no_playwright_ffmpeg_records_with_the_screencast(
    pytester: pytest.Pytester, browsers_without_ffmpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the fallback, Playwright's record_video_dir fails at new_page here.
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(browsers_without_ffmpeg))
    write_suite(pytester.path)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *REPORTER,
                                           "--video=retain-on-failure", "--junitxml=junit.xml")
    result.assert_outcomes(passed=2, failed=1)
    output = pytester.path / "test-results"
    failing = output / FAILING_DIR
    # An ffmpeg exists at encode time (Debian's), so the frames became a WebM.
    assert_playable_webm(failing / "video.webm")
    assert not any(p.name.startswith("frames") for p in failing.iterdir())
    timeline = json.loads((failing / "timeline.json").read_text())
    assert timeline["artifacts"]["video"] == "video.webm"
    junit = (pytester.path / "junit.xml").read_text()
    # Ours (the screencast's), since pytest-playwright recorded none.
    assert f'name="skyvern_video" value="test-results/{FAILING_DIR}/video.webm"' in junit
    assert "playwright_video" not in junit
    # retain-on-failure: nothing kept for the passing test.
    passing = {p.name for p in (output / PASSING_DIR).iterdir()}
    assert not any(n.startswith(("video", "frames", "recording")) for n in passing), passing


async def test_without_any_ffmpeg_the_frames_play_as_a_flipbook(pytester: pytest.Pytester,
                                                                 page: Page) -> None:
    write_suite(pytester.path)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *REPORTER, "--video=on",
                                           "--skyvern-video-route=frames")
    result.assert_outcomes(passed=2, failed=1)
    folder = pytester.path / "test-results" / PASSING_DIR
    frames = sorted((folder / "frames").glob("*.jpg"))
    assert len(frames) >= 2
    assert all(f.read_bytes()[:3] == b"\xff\xd8\xff" for f in frames)
    assert not (folder / "video.webm").exists()
    timeline = json.loads((folder / "timeline.json").read_text())
    assert timeline["artifacts"]["video_kind"] == "flipbook"
    index = (pytester.path / "skyvern-report" / "index.html").read_text()
    assert 'class="flipbook"' in index
    assert f"{PASSING_DIR}/recording.html" in index
    await page.goto((folder / "recording.html").as_uri())
    image = page.locator("#frame")
    await image.wait_for()
    assert await image.evaluate("img => img.complete && img.naturalWidth") > 0
    await page.locator("#seek").fill(str(len(frames) - 1))
    assert await page.locator("#frame").get_attribute("src") == f"frames/{frames[-1].name}"
    assert len((folder / "recording.html").read_bytes()) < 20_000
