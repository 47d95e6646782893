"""Per-test artifacts and the session report of pytest-skyvern.

It listens to each test's ``EventBus`` and writes ``timeline.json`` (plus step
screenshots, trace groups and a fallback recording) next to pytest-playwright's
artifacts, attaches them to allure / pytest-html / JUnit XML, and writes the
session's ``summary.json`` and ``index.html``. It is never part of control flow.
"""

from __future__ import annotations

from pytest_skyvern.report.evidence import failing_step, failure_section, failure_text
from pytest_skyvern.report.options import REPORT_OPTIONS, ReportSettings, add_options
from pytest_skyvern.report.plugin import PLUGIN_NAME, ReporterPlugin, register
from pytest_skyvern.report.recorder import TestRecorder, trace_group_name
from pytest_skyvern.report.summary import step_totals
from pytest_skyvern.report.timeline import SCHEMA_PATH, load_schema

__all__ = [
    "PLUGIN_NAME",
    "REPORT_OPTIONS",
    "SCHEMA_PATH",
    "ReportSettings",
    "ReporterPlugin",
    "TestRecorder",
    "add_options",
    "failing_step",
    "failure_section",
    "failure_text",
    "load_schema",
    "register",
    "step_totals",
    "trace_group_name",
]
