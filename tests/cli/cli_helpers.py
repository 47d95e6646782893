"""Helpers of the ``pytest-skyvern`` command tests: run the command in a child."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path | None = None, check: bool = True
        ) -> subprocess.CompletedProcess[str]:
    """Run ``pytest-skyvern ARGS`` (as ``python -m pytest_skyvern.cli``) in a child."""
    done = subprocess.run([sys.executable, "-m", "pytest_skyvern.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done
