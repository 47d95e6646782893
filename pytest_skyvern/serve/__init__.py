"""``pytest-skyvern serve``: the local engine behind Skyvern's REST API.

Point the official Skyvern clients (or any script written for a Skyvern server) at it::

    pytest-skyvern serve --port 8000 --api-key dev-key
    # Skyvern(base_url="http://127.0.0.1:8000", api_key="dev-key")

The ASGI app (``create_app``) needs the ``serve`` extra (Starlette, uvicorn); the
command-line part does not, so the CLI can list the subcommand without it.
"""

from __future__ import annotations

from pytest_skyvern.serve.cli import add_parser, main

__all__ = ["add_parser", "main"]
