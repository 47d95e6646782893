"""Pure parts of the reporter: counts, failure text, masking, scrubbing, merging."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from pytest_skyvern import report
from pytest_skyvern.events import ActionRecord, ElementInfo, StepRecord
from pytest_skyvern.report import summary, timeline
from pytest_skyvern.report.scrub import scrub_zip
from pytest_skyvern.secrets import secrets

SECRET = "unit-secret-91b2"


@pytest.fixture
def registered_secret() -> str:
    # Left registered afterwards: the registry is process-wide and has no "remove".
    secrets().add("unit_token", SECRET)
    return SECRET


def _step(index: int, tier: str | None, kind: str = "act", **values: float) -> StepRecord:
    step = StepRecord(index=index, kind=kind, instruction=f"step {index}", tier=tier)  # type: ignore[arg-type]
    for name, value in values.items():
        setattr(step, name, value)
    return step


def test_step_totals_count_tiers_and_llm_use() -> None:
    steps = [_step(0, None, kind="navigation"), _step(1, "cache"), _step(2, "resolver"),
             _step(3, "llm", llm_calls=2, prompt_tokens=100, completion_tokens=7,
                   cost_usd=0.001, llm_seconds=0.5),
             _step(4, "healed", llm_calls=1, prompt_tokens=50, completion_tokens=3,
                   cost_usd=0.0005, llm_seconds=0.25)]
    totals = summary.step_totals(steps)
    assert totals == {"ai_steps": 4, "cache_hits": 1, "cache_misses": 3, "healed": 1,
                      "resolver_hits": 1, "llm_steps": 1, "llm_calls": 3, "prompt_tokens": 150,
                      "completion_tokens": 10, "cost_usd": 0.0015, "llm_seconds": 0.75}


def test_a_step_can_say_the_cache_was_not_consulted() -> None:
    step = _step(0, "llm")
    step.cache_consulted = False  # type: ignore[attr-defined]
    assert summary.step_totals([step])["cache_misses"] == 0


def test_parts_merge_into_one_summary(tmp_path: Path) -> None:
    entry = {**summary.empty_totals(), "outcome": "passed", "duration": 1.0, "llm_calls": 2}
    summary.write_part(tmp_path, "gw0", {"a": entry})
    summary.write_part(tmp_path, "gw1", {"b": {**entry, "outcome": "failed"}})
    tests = summary.collect_parts(tmp_path)
    assert not (tmp_path / summary.PARTS).exists()
    document = summary.write_summary(tmp_path, tests)
    assert document["totals"]["tests"] == 2
    assert document["totals"]["llm_calls"] == 4
    assert document["totals"]["outcomes"] == {"passed": 1, "failed": 1}
    lines = summary.terminal_lines(document)
    assert lines[-1].startswith("total (2 tests)")
    assert "1 ok" in lines[-1]


def test_failure_text_names_step_candidates_reason_and_screenshot(
    tmp_path: Path, registered_secret: str
) -> None:
    step = StepRecord(index=3, kind="fill", instruction="Type the token", url="http://x/",
                      tier="llm", status="failed", reasoning="The field is disabled.",
                      candidates=[f"textbox {i}" for i in range(7)],
                      screenshot=str(tmp_path / "shots" / "s003.jpg"))
    step.actions.append(ActionRecord(type="fill", element=ElementInfo("textbox", "Token", "#t"),
                                     value=registered_secret, status="failed",
                                     error=f"value {registered_secret} refused"))
    text = report.failure_text(step, base=tmp_path)
    assert text.startswith('pytest-skyvern step 3 (fill) failed: "Type the token"')
    assert 'element: textbox "Token"  (#t)' in text
    assert "why:    value {{unit_token}} refused" in text
    assert "    - textbox 4" in text
    assert "... and 2 more" in text
    assert "screenshot: shots/s003.jpg" in text
    assert registered_secret not in text


def test_timeline_masks_every_string_and_validates(registered_secret: str) -> None:
    step = StepRecord(index=0, kind="extract", instruction=f"read {registered_secret}",
                      status="passed", output={"token": registered_secret, "n": [1, 2]})
    data = timeline.step_dict(step, [], Path("/tmp"))
    document = timeline.build_timeline(
        nodeid="t.py::t", outcome="passed", duration_s=1.0, retry=0, steps=[data],
        artifacts={"video": None, "video_kind": None, "trace": None, "screenshots": None},
        totals=dict(summary.step_totals([step])))
    jsonschema.validate(document, timeline.load_schema())
    text = json.dumps(document)
    assert registered_secret not in text
    assert text.count("{{unit_token}}") == 2


def test_scrub_zip_masks_secrets_inside_entries(tmp_path: Path, registered_secret: str) -> None:
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("trace.trace", json.dumps({"value": registered_secret}))
        archive.writestr("resources/a.png", b"\x89PNG")
    assert registered_secret.encode() not in trace.read_bytes()  # compressed: grep misses it
    assert scrub_zip(trace)
    with zipfile.ZipFile(trace) as archive:
        assert archive.read("trace.trace") == b'{"value": "{{unit_token}}"}'
        assert archive.read("resources/a.png") == b"\x89PNG"
    assert not scrub_zip(trace)  # nothing left to mask


def test_public_api_is_complete() -> None:
    # Its order is ruff's (RUF022); here: no duplicates and every name exists.
    assert len(set(report.__all__)) == len(report.__all__)
    assert all(hasattr(report, name) for name in report.__all__)


def test_option_specs_follow_the_conventions() -> None:
    names = {spec.name: spec for spec in report.REPORT_OPTIONS}
    assert names["screenshots"].flag == "--skyvern-screenshots"
    assert names["screenshots"].env == "SKYVERN_SCREENSHOTS"
    assert names["video_route"].ini == "skyvern_video_route"


def test_bad_option_value_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p",
                                           "pytest_skyvern.report.plugin",
                                           "--skyvern-screenshots=some")
    assert result.ret != 0
    result.stderr.fnmatch_lines(
        ["*--skyvern-screenshots: invalid value 'some'*all, failures, off*"])
