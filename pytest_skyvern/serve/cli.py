"""``pytest-skyvern serve``: options, and running the app under uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_skyvern.sdk.webhooks import SECRET_ENV

HELP = "serve Skyvern's REST API from the local engine (needs pytest-skyvern[serve])"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``serve`` subcommand to an argparse ``add_subparsers()`` object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help=HELP, description=HELP + ".")
    configure(parser)
    parser.set_defaults(handler=run)
    return parser


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0: a free one; 8000)")
    parser.add_argument("--api-key", default=None,
                        help="the x-api-key clients must send (default: $SKYVERN_API_KEY, "
                             "else a random key, printed at start)")
    parser.add_argument("--data-dir", default=None,
                        help="folder for the workflow store and run artifacts "
                             "(default: a new temporary folder)")


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; prints ``SKYVERN_BASE_URL=`` and ``SKYVERN_API_KEY=``."""
    try:
        import uvicorn

        from pytest_skyvern.serve.app import create_app
        from pytest_skyvern.serve.state import ServeState
    except ImportError as exc:
        print(f"pytest-skyvern serve needs its extra: pip install 'pytest-skyvern[serve]' "
              f"({exc})", file=sys.stderr)
        return 2
    from pytest_skyvern.config import resolve_settings

    api_key = args.api_key or os.environ.get("SKYVERN_API_KEY") or secrets.token_urlsafe(24)
    # A Skyvern server signs webhooks with the organisation's API key; so do we, unless
    # a secret of its own is configured.
    os.environ.setdefault(SECRET_ENV, api_key)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="pytest-skyvern-serve-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = resolve_settings({"store_path": str(data_dir / "skyvern.sqlite3"),
                                 "report_dir": str(data_dir / "report")}, {})
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    state = ServeState(api_key=api_key, settings=settings, base_url=f"http://{shown}:{port}")
    config = uvicorn.Config(create_app(state), log_level="warning", lifespan="on")
    print(f"SKYVERN_BASE_URL={state.base_url}", flush=True)
    print(f"SKYVERN_API_KEY={api_key}", flush=True)
    try:
        asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``pytest-skyvern serve`` on its own (``python -m pytest_skyvern.serve``)."""
    parser = argparse.ArgumentParser(prog="pytest-skyvern serve", description=HELP + ".")
    configure(parser)
    return run(parser.parse_args(argv))
