"""Where evidence files of the running test go: the one place that names its folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from pytest_playwright_asyncio.pytest_playwright import _truncate_file_name
from slugify import slugify

from pytest_skyvern.context import current_context
from pytest_skyvern.events import StepRecord


def test_artifact_dir(item: pytest.Item) -> Path:
    """pytest-playwright's per-test folder, ``--output/<slug of nodeid>[-retryN]``
    (its ``output_path`` fixture, computed the same way for a hook)."""
    output = item.config.getoption("--output", default=None) or "test-results"
    name = slugify(item.nodeid)
    retry = int(getattr(item, "execution_count", 1)) - 1
    if retry > 0:
        name += f"-retry{retry}"
    return Path(output).absolute() / _truncate_file_name(name)


def artifact_dir() -> str:
    """The running test's artifact folder (created), or a temp folder outside pytest."""
    folder = current_context().artifact_dir or os.path.join(
        tempfile.gettempdir(), "pytest-skyvern")
    os.makedirs(folder, exist_ok=True)
    return folder


def failure_screenshot_path(step: StepRecord) -> str:
    return os.path.join(artifact_dir(), f"step-{step.index:02d}-{step.kind}-failed.png")
