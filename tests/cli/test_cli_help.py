"""Every ``pytest-skyvern`` command and subcommand answers ``--help``."""

from __future__ import annotations

import pytest
from cli_helpers import cli

COMMANDS = [(), ("merge-reports",), ("show-report",), ("cache",), ("cache", "stats"),
            ("cache", "prune"), ("cache", "diff"), ("export",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help(command: tuple[str, ...]) -> None:
    done = cli(*command, "--help")
    assert done.stdout.startswith("usage: pytest-skyvern"), done.stdout
    for word in command:
        assert word in done.stdout.splitlines()[0]


def test_a_missing_argument_is_a_usage_error() -> None:
    done = cli("merge-reports", "shard-1", check=False)
    assert done.returncode == 2
    assert "-o/--output" in done.stderr
