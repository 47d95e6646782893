"""``@pytest.mark.skyvern``: a test as data (a prompt, a schema, an expected output)."""

from __future__ import annotations

from pytest_skyvern.markers.spec import MarkerError, SkyvernMarker, parse_marker

__all__ = ["MarkerError", "SkyvernMarker", "parse_marker"]
