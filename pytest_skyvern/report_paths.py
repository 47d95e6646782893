"""Where evidence files of the running test go."""

from __future__ import annotations

import os
import tempfile

from pytest_skyvern.events import StepRecord, current_bus


def artifact_dir() -> str:
    """The running test's artifact folder (created), or a temp folder outside pytest."""
    folder = current_bus().artifact_dir or os.path.join(tempfile.gettempdir(), "pytest-skyvern")
    os.makedirs(folder, exist_ok=True)
    return folder


def failure_screenshot_path(step: StepRecord) -> str:
    return os.path.join(artifact_dir(), f"step-{step.index:02d}-{step.kind}-failed.png")
