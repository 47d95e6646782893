"""Recording without Playwright's ffmpeg: screencast JPEG frames, then a viewable file.

Playwright's ``record_video_dir`` needs its ffmpeg build; without it ``new_page``
fails. This route uses ``page.screencast.start(on_frame=...)`` (Playwright 1.65),
which needs no ffmpeg, keeps the JPEG frames, and at the end of the test encodes
them to ``video.webm`` if any ffmpeg exists by then, or writes ``recording.html``, a
small self-contained flipbook that plays the frames (linked, not inlined).
"""

from __future__ import annotations

import itertools
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.report.templating import render

if TYPE_CHECKING:
    from playwright.async_api import Page, ScreencastFrame

log = logging.getLogger("pytest_skyvern.report")

#: A cap on kept frames (a screencast only sends frames when the page changes, so
#: this is minutes of an active page) to keep a runaway test from filling the disk.
MAX_FRAMES = 3_000
QUALITY = 60
#: How long the last frame is shown, in seconds.
LAST_FRAME_S = 1.0
ENCODE_TIMEOUT_S = 120


@dataclass(frozen=True)
class Recording:
    """What the fallback route left in the test folder."""

    kind: str  # "video" (an encoded webm) or "flipbook" (HTML + JPEG frames)
    path: Path


class ScreencastRecorder:
    """Collects one page's screencast frames into ``<folder>/frames[-N]/``."""

    def __init__(self, folder: Path, number: int) -> None:
        suffix = "" if number == 1 else f"-{number}"
        self.folder = folder
        self.frames_dir = folder / f"frames{suffix}"
        self.video_name = f"video{suffix}.webm"
        self.flipbook_name = f"recording{suffix}.html"
        #: (file name, timestamp in ms)
        self.frames: list[tuple[str, float]] = []

    async def start(self, page: Page) -> None:
        try:
            await page.screencast.start(on_frame=self._on_frame, quality=QUALITY)
        except PlaywrightError:
            log.warning("pytest-skyvern: screencast could not start", exc_info=True)

    def _on_frame(self, frame: ScreencastFrame) -> None:
        if len(self.frames) >= MAX_FRAMES:
            return
        self.frames_dir.mkdir(parents=True, exist_ok=True)
        name = f"{len(self.frames):06d}.jpg"
        (self.frames_dir / name).write_bytes(frame["data"])
        self.frames.append((name, float(frame["timestamp"])))

    def durations(self) -> list[float]:
        """Seconds each frame stays on screen."""
        stamps = [t for _, t in self.frames]
        # Playwright reports milliseconds; older CDP paths report seconds.
        scale = 1000.0 if stamps and stamps[-1] > 1e6 else 1.0
        gaps = [max(0.0, (b - a) / scale) for a, b in itertools.pairwise(stamps)]
        return [*gaps, LAST_FRAME_S] if stamps else []

    def finish(self, *, keep: bool, ffmpeg: str | None, title: str) -> Recording | None:
        """Encode (or write the flipbook); delete everything when ``keep`` is False."""
        if not keep or not self.frames:
            shutil.rmtree(self.frames_dir, ignore_errors=True)
            return None
        if ffmpeg is not None:
            video = self.folder / self.video_name
            if self._encode(ffmpeg, video):
                shutil.rmtree(self.frames_dir, ignore_errors=True)
                return Recording("video", video)
        return Recording("flipbook", self._write_flipbook(title))

    def _encode(self, ffmpeg: str, video: Path) -> bool:
        listing = self.frames_dir / "frames.ffconcat"
        lines = ["ffconcat version 1.0"]
        for (name, _), seconds in zip(self.frames, self.durations(), strict=True):
            lines += [f"file '{name}'", f"duration {max(seconds, 0.001):.3f}"]
        lines.append(f"file '{self.frames[-1][0]}'")  # concat ignores the last duration
        listing.write_text("\n".join(lines) + "\n")
        command = [
            ffmpeg, "-y", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
            # Even dimensions and yuv420p: what every VP8 decoder (and <video>) accepts.
            "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p", "-r", "10",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M",
            str(video),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=ENCODE_TIMEOUT_S,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired):
            log.warning("pytest-skyvern: ffmpeg failed to encode the recording", exc_info=True)
            return False
        if done.returncode != 0 or not video.is_file() or video.stat().st_size == 0:
            log.warning("pytest-skyvern: ffmpeg failed: %s", done.stderr.decode(errors="replace"))
            video.unlink(missing_ok=True)
            return False
        return True

    def _write_flipbook(self, title: str) -> Path:
        relative = self.frames_dir.name
        frames, elapsed = [], 0.0
        for (name, _), seconds in zip(self.frames, self.durations(), strict=True):
            frames.append({"src": f"{relative}/{name}", "d": round(seconds, 3),
                           "t": round(elapsed, 3)})
            elapsed += seconds
        payload = json.dumps(frames, separators=(",", ":")).replace("</", "<\\/")
        html = render("flipbook.html", title=title, frames=frames, total=elapsed,
                      frames_json=Markup(payload))
        path = self.folder / self.flipbook_name
        path.write_text(html, encoding="utf-8")
        return path
