"""The installed version of pytest-skyvern (``0.0.0`` in a source tree not installed)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pytest-skyvern")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
