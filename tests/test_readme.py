"""README.md stays true: every option, fixture and the two commands are there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_skyvern.config import OPTIONS
from pytest_skyvern.plugin import fixtures

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("spec", OPTIONS, ids=lambda s: s.name)
def test_every_option_is_documented(spec: object) -> None:
    names = [spec.env] + ([spec.flag, spec.ini] if spec.cli_and_ini else [])  # type: ignore[attr-defined]
    for name in names:
        assert f"`{name}`" in README or f"`{name}` (or" in README, name


def test_every_fixture_is_documented() -> None:
    ours = [name for name in vars(fixtures) if name.startswith("skyvern")]
    assert ours
    for name in ours:
        assert f"`{name}`" in README, name


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```bash\n(\./scripts/bootstrap && [^\n]+)\n```", README)
    assert commands == [
        "./scripts/bootstrap && .venv/bin/python -m pytest examples",
        "./scripts/bootstrap && .venv/bin/python -m pytest tests",
    ]
    assert commands[1] in (ROOT / ".ci" / "run").read_text().splitlines()
