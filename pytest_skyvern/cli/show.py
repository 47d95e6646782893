"""``pytest-skyvern show-report [DIR]``: serve a report on 127.0.0.1 and print its URL.

The report links to artifacts outside its own folder (``../test-results/...``), so
the folder served is the one holding both the report and its artifact root; the URL
printed opens ``index.html`` inside it. Ctrl-C stops the server.
"""

from __future__ import annotations

import argparse
import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pytest_skyvern.cli.common import default_report_dir, fail
from pytest_skyvern.report.artifacts import INDEX, SUMMARY

HELP = "serve a pytest-skyvern report on 127.0.0.1 and print its URL"
HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "show-report", help=HELP, description=HELP + ". " + __doc__.split("\n\n", 1)[1])
    parser.add_argument("dir", nargs="?", metavar="DIR", default=None,
                        help="the report folder (default: $SKYVERN_REPORT_DIR, else "
                             "skyvern-report)")
    parser.add_argument("--port", type=int, default=0,
                        help="port on 127.0.0.1 (default: a free one)")
    parser.set_defaults(handler=run)
    return parser


def served_folder(report: Path) -> Path:
    """The folder holding the report and the root its artifact paths start from."""
    root = report
    summary = report / SUMMARY
    if summary.is_file():
        try:
            root = (report / str(json.loads(summary.read_text())["root"])).resolve()
        except (ValueError, KeyError, TypeError):
            root = report
    return Path(os.path.commonpath([report.resolve(), root.resolve()]))


def start(report: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """A (not yet serving) server for ``report`` and the URL of its index page."""
    folder = served_folder(report)
    server = ThreadingHTTPServer((HOST, port), partial(_QuietHandler, directory=str(folder)))
    path = (report.resolve() / INDEX).relative_to(folder).as_posix()
    return server, f"http://{HOST}:{server.server_address[1]}/{quote(path)}"


def run(args: argparse.Namespace) -> int:
    report = Path(args.dir or default_report_dir())
    if not (report / INDEX).is_file():
        return fail(f"no {INDEX} in {report}: run pytest first, or name the report folder")
    server, url = start(report, args.port)
    print(url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
