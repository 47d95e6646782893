"""Tests as data: ``@pytest.mark.skyvern`` (a prompt, a schema, an expected output) and
YAML workflow files, with their expected output and the verdict on a finished run.

``spec`` checks the marker's arguments at collection, ``hooks`` runs a marked test's
task, ``yamlfile`` collects workflow YAML files as tests, ``expect`` compares expected
output with actual output, ``verdict`` judges a finished run."""

from __future__ import annotations

from pytest_skyvern.datatests.spec import MarkerError, SkyvernMarker, parse_marker

__all__ = ["MarkerError", "SkyvernMarker", "parse_marker"]
