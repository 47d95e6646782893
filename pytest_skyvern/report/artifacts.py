"""The files a test leaves in its artifact folder, and the session report folder.

The test's folder is its context's ``artifact_dir`` (named in one place,
``pytest_skyvern.context.test_artifact_dir``: pytest-playwright's
``--output/<slug>[-retryN]``), so ``timeline.json``, the screenshots and the fallback
recording sit next to its ``video.webm`` and ``trace.zip``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TIMELINE = "timeline.json"
SCREENSHOTS = "screenshots"
SUMMARY = "summary.json"
INDEX = "index.html"


def retry_index(item: pytest.Item) -> int:
    """0 for the first run, N for pytest-rerunfailures' Nth rerun."""
    return int(getattr(item, "execution_count", 1)) - 1


def report_dir(config: pytest.Config, configured: str) -> Path:
    """The session report folder (``Settings.report_dir``, relative to the rootdir)."""
    return (config.rootpath / os.path.expanduser(configured)).absolute()


def for_display(config: pytest.Config, path: Path | str) -> str:
    """Relative to the invocation dir when inside it (like pytest-playwright's paths)."""
    try:
        return str(Path(path).absolute().relative_to(config.invocation_params.dir))
    except ValueError:
        return str(path)


def relative(path: Path | str, start: Path) -> str:
    """A POSIX relative path from ``start`` to ``path``, for links in reports."""
    return Path(os.path.relpath(Path(path).absolute(), start.absolute())).as_posix()


def playwright_ffmpeg_available() -> bool:
    """Whether Playwright's video recorder will find its ffmpeg build."""
    import playwright

    from pytest_skyvern.browser.discovery import playwright_registry_dir

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        revisions = {b["name"]: str(b["revision"])
                     for b in json.loads(browsers.read_text())["browsers"]}
    except (OSError, ValueError, KeyError):
        return False
    folder = playwright_registry_dir() / f"ffmpeg-{revisions.get('ffmpeg', '')}"
    return folder.is_dir() and any(p.name.startswith("ffmpeg") for p in folder.iterdir())


@dataclass
class TestArtifacts:
    """The files one test left behind (absolute paths; None when absent)."""

    __test__ = False  # not a pytest test class, despite its name

    folder: Path
    timeline: Path | None = None
    screenshots: Path | None = None
    video: Path | None = None
    #: True when the video is ours (screencast route), not pytest-playwright's.
    video_is_ours: bool = False
    flipbook: Path | None = None
    traces: list[Path] = field(default_factory=list)
    report_index: Path | None = None

    def named(self, config: pytest.Config) -> dict[str, str]:
        """Artifact name -> path for people (relative to the invocation dir)."""
        found: dict[str, Path | None] = {
            "timeline": self.timeline, "screenshots": self.screenshots, "video": self.video,
            "recording": self.flipbook, "report": self.report_index,
        }
        for number, trace in enumerate(self.traces, start=1):
            found["trace" if number == 1 else f"trace-{number}"] = trace
        return {name: for_display(config, path) for name, path in found.items() if path}
