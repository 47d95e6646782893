"""The ``pytest-skyvern`` command: argparse subcommands.

``serve`` (Skyvern's REST API over the local engine), ``merge-reports`` and
``show-report`` (the session report), ``cache stats|prune|diff`` (the action cache) and
``export`` (a test's cached steps as plain pytest-playwright code).

Each subcommand module offers ``add_parser(subparsers)``, which sets ``handler`` (a
function of the parsed arguments returning the exit code).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from pytest_skyvern import serve
from pytest_skyvern.cli import cache_cmd, export, merge, show


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pytest-skyvern")
    subparsers = parser.add_subparsers(dest="command", required=True)
    serve.add_parser(subparsers)
    for command in (merge, show, cache_cmd, export):
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pytest-skyvern <command> ...``; returns the exit code."""
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code
