"""The package's public names: sorted, complete, importable, no import-time side effects."""

from __future__ import annotations

import subprocess
import sys

import pytest_skyvern


def test_all_is_complete_and_importable() -> None:
    # (Its order is checked by ruff's RUF022 in CI.)
    names = set(pytest_skyvern.__all__)
    for name in names:
        assert hasattr(pytest_skyvern, name), name
    public = {n for n, v in vars(pytest_skyvern).items()
              if not n.startswith("_") and not isinstance(v, type(sys))}
    assert public - {"annotations", "version", "PackageNotFoundError"} <= names


def test_importing_has_no_side_effects() -> None:
    code = (
        "import os; before = dict(os.environ); import pytest_skyvern, pytest_skyvern.plugin;"
        " assert dict(os.environ) == before, 'importing changed the environment'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
