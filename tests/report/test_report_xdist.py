"""Under pytest-xdist the controller merges the workers' parts into one summary."""

from __future__ import annotations

import json

import pytest
from suite import write_suite

from conftest import FAILING, FAILING_DIR, PASSING, PASSING_DIR, REPORTER


def test_two_workers_give_one_summary_and_no_collisions(pytester: pytest.Pytester) -> None:
    write_suite(pytester.path)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *REPORTER, "-n", "2", "--skyvern-screenshots=failures",
    )
    result.assert_outcomes(passed=2, failed=1)
    report = pytester.path / "skyvern-report"
    assert sorted(p.name for p in report.iterdir()) == ["heals.md", "index.html", "summary.json"]
    document = json.loads((report / "summary.json").read_text())
    assert set(document["tests"]) == {PASSING, FAILING}
    assert document["totals"]["tests"] == 2
    assert document["totals"]["llm_calls"] == 4
    # The terminal block is printed once, by the controller.
    assert result.stdout.str().count("pytest-skyvern: AI steps") == 1
    output = pytester.path / "test-results"
    assert sorted(p.name for p in output.iterdir()) == sorted([PASSING_DIR, FAILING_DIR])
    # --skyvern-screenshots=failures: kept for the failing test only.
    assert not (output / PASSING_DIR / "screenshots").exists()
    passing = json.loads((output / PASSING_DIR / "timeline.json").read_text())
    assert all(a["screenshot_after"] is None for s in passing["steps"] for a in s["actions"])
    assert passing["artifacts"]["screenshots"] is None
    assert (output / FAILING_DIR / "screenshots" / "s001-a01-after.jpg").is_file()
