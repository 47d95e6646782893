"""pytest-rerunfailures: each attempt keeps its own artifact folder and timeline."""

from __future__ import annotations

import json

import pytest


def test_each_rerun_gets_its_own_folder(pytester: pytest.Pytester) -> None:
    pytest.importorskip("pytest_rerunfailures")
    pytester.makepyfile(
        """
        import pathlib

        async def test_flaky(skyvern_page):
            await skyvern_page.set_content("<button>Go</button>")
            await skyvern_page.click(prompt="the Go button")
            marker = pathlib.Path("first-attempt-done")
            if not marker.exists():
                marker.touch()
                raise AssertionError("the first attempt fails")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--reruns", "1",
                                           "--output", "out")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*1 passed*1 rerun*"])
    folders = sorted(p.name for p in (pytester.path / "out").iterdir())
    assert len(folders) == 2
    assert folders[1] == folders[0] + "-retry1"
    for name in folders:
        timeline = json.loads((pytester.path / "out" / name / "timeline.json").read_text())
        assert [s["instruction"] for s in timeline["steps"]] == ["the Go button"]
