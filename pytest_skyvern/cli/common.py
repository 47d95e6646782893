"""Options and helpers the ``pytest-skyvern`` subcommands share."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_cache_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", metavar="DIR", default=None,
                        help="the action cache folder (default: $SKYVERN_CACHE_DIR, else "
                             ".skyvern-cache in the current folder)")


def cache_root(args: argparse.Namespace) -> Path:
    return Path(args.cache_dir or os.environ.get("SKYVERN_CACHE_DIR") or ".skyvern-cache")


def default_report_dir() -> str:
    return os.environ.get("SKYVERN_REPORT_DIR") or "skyvern-report"


def fail(message: str, code: int = 1) -> int:
    """Print ``message`` as an error of the command; returns ``code``."""
    print(f"pytest-skyvern: error: {message}", file=sys.stderr)
    return code
