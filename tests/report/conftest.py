"""Shared runs of the example suite (a child pytest, real Chromium) for the reporter tests."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from suite import write_suite

REPORTER = ("-p", "pytest_skyvern.report.plugin")
FAILING = "test_flow.py::test_checkout_fails[chromium]"
PASSING = "test_flow.py::test_login_passes[chromium]"
FAILING_DIR = "test-flow-py-test-checkout-fails-chromium"
PASSING_DIR = "test-flow-py-test-login-passes-chromium"


@dataclass
class Run:
    root: Path
    stdout: str
    returncode: int

    @property
    def output(self) -> Path:
        return self.root / "test-results"

    @property
    def report(self) -> Path:
        return self.root / "skyvern-report"


def run_child(root: Path, *args: str) -> Run:
    """Run the example suite in ``root`` in a child pytest with the reporter on."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *REPORTER, "-rA", *args],
        cwd=root, capture_output=True, text=True, timeout=240, check=False,
    )
    return Run(root, done.stdout + done.stderr, done.returncode)


@pytest.fixture(scope="session")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run with everything on: video, trace, allure, JUnit XML, pytest-html."""
    root = tmp_path_factory.mktemp("full")
    write_suite(root)
    run = run_child(root, "--video=on", "--tracing=on", "--alluredir=allure-results",
                    "--junitxml=junit.xml", "--html=html/report.html")
    assert run.returncode == 1, run.stdout  # exactly the failing test fails
    assert "1 failed, 2 passed" in run.stdout, run.stdout
    return run


def all_bytes(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under ``folder`` (and every entry of every zip) as bytes."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path), data
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path}!{name}", archive.read(name)


def decoded_frames(video: Path) -> int | None:
    """How many frames ffprobe decodes from ``video`` (None when ffprobe is missing)."""
    try:
        done = subprocess.run(
            ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
             "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", str(video)],
            capture_output=True, text=True, timeout=60, check=True,
        )
    except FileNotFoundError:
        return None
    codec, frames = done.stdout.strip().split(",")[:2]
    assert codec in ("vp8", "vp9"), done.stdout
    return int(frames)


def assert_playable_webm(video: Path) -> None:
    """A non-empty WebM that decodes to at least one frame."""
    data = video.read_bytes()
    assert len(data) > 1000, video
    assert data[:4] == b"\x1a\x45\xdf\xa3", "not an EBML file"
    assert b"webm" in data[:64], "not a WebM file"
    frames = decoded_frames(video)
    assert frames is None or frames > 0
