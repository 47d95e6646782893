"""The artifacts of one child run with everything on (video, trace, allure, JUnit, html)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile

import jsonschema
from suite import SECRET

from conftest import (
    FAILING,
    FAILING_DIR,
    PASSING,
    PASSING_DIR,
    Run,
    all_bytes,
    assert_playable_webm,
)
from pytest_skyvern.report import load_schema


def test_artifact_tree(full_run: Run) -> None:
    for folder in (PASSING_DIR, FAILING_DIR):
        test_dir = full_run.output / folder
        names = {p.name for p in test_dir.iterdir()}
        # Ours next to pytest-playwright's own video and trace, one of each.
        assert {"timeline.json", "screenshots", "video.webm", "trace.zip"} <= names, names
        assert not any(n.startswith("frames") for n in names)
    # The test that used no browser leaves no folder.
    assert sorted(p.name for p in full_run.output.iterdir()) == sorted([PASSING_DIR, FAILING_DIR])
    report_files = sorted(p.name for p in full_run.report.iterdir())
    assert report_files == ["heals.md", "index.html", "summary.json"]


def test_timeline_is_valid_and_complete(full_run: Run) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    documents = {}
    for folder in (PASSING_DIR, FAILING_DIR):
        document = json.loads((full_run.output / folder / "timeline.json").read_text())
        jsonschema.validate(document, schema)
        documents[folder] = document
    passing = documents[PASSING_DIR]
    kinds = [(s["kind"], s["tier"]) for s in passing["steps"]]
    assert kinds == [("navigation", None), ("fill", "cache"), ("fill", "resolver"),
                     ("click", "llm"), ("extract", "healed")]
    assert passing["steps"][0]["url"].endswith("/pages/login.html")
    password = passing["steps"][2]["actions"][0]
    assert password["value"] == "{{password}}"
    assert password["element"] == {"role": "textbox", "name": "Password",
                                   "locator": "get_by_label('Password')"}
    click = passing["steps"][3]
    assert click["reasoning"] == "The Sign in button submits the form."
    assert (click["llm_calls"], click["prompt_tokens"], click["completion_tokens"]) == (1, 812, 45)
    for shot in (password["screenshot_before"], password["screenshot_after"]):
        path = full_run.output / PASSING_DIR / shot
        assert path.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG
    assert passing["artifacts"] == {"video": "video.webm", "video_kind": "webm",
                                    "trace": "trace.zip", "screenshots": "screenshots"}
    failing = documents[FAILING_DIR]
    step = failing["steps"][-1]
    assert failing["outcome"] == "failed"
    assert step["status"] == "failed"
    assert "Timeout 300ms" in step["error"]
    assert step["candidates"][0] == 'button "Order now" (0.41)'
    assert step["actions"][0]["screenshot_after"]


def test_summary_json_and_terminal_block(full_run: Run) -> None:
    document = json.loads((full_run.report / "summary.json").read_text())
    assert set(document["tests"]) == {PASSING, FAILING}
    passing = document["tests"][PASSING]
    expected = {"ai_steps": 4, "cache_hits": 1, "cache_misses": 3, "healed": 1,
                "resolver_hits": 1, "llm_calls": 2, "prompt_tokens": 1112,
                "completion_tokens": 65, "outcome": "passed", "steps": 5}
    assert {k: passing[k] for k in expected} == expected
    assert passing["cost_usd"] == 0.0016
    assert passing["llm_seconds"] == 1.1
    assert passing["artifacts"]["timeline"].endswith(f"{PASSING_DIR}/timeline.json")
    totals = document["totals"]
    assert (totals["tests"], totals["llm_calls"], totals["prompt_tokens"]) == (2, 4, 2612)
    assert totals["outcomes"] == {"passed": 1, "failed": 1}
    assert document["tests"][FAILING]["message"].startswith("AssertionError: pytest-skyvern step")
    lines = full_run.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "pytest-skyvern: AI steps" in line)
    block = lines[start:start + 6]
    assert any(line.startswith(PASSING) and " passed " in line and "1112/65" in line
               for line in block), block
    assert any(line.startswith("total (2 tests)") and "2612/155" in line and "0.0047" in line
               for line in block), block
    assert "report: skyvern-report/index.html" in full_run.stdout


def test_failure_names_step_instruction_candidates_and_screenshot(full_run: Run) -> None:
    out = full_run.stdout
    assert "pytest-skyvern step" in out  # the report section's title
    assert 'pytest-skyvern step 1 (click) failed: "Click the Checkout button"' in out
    assert 'button "Order now" (0.41)' in out
    assert "why:    Locator.click: Timeout 300ms exceeded." in out
    assert f"screenshot: test-results/{FAILING_DIR}/screenshots/s001-a01-after.jpg" in out
    assert f"timeline: test-results/{FAILING_DIR}/timeline.json" in out


def test_video_is_decodable(full_run: Run) -> None:
    for folder in (PASSING_DIR, FAILING_DIR):
        assert_playable_webm(full_run.output / folder / "video.webm")


def test_trace_groups_name_the_ai_steps(full_run: Run) -> None:
    with zipfile.ZipFile(full_run.output / PASSING_DIR / "trace.zip") as trace:
        events = b"".join(trace.read(n) for n in trace.namelist() if n.endswith(".trace"))
    for name in (b"skyvern fill: Type alice into the user name", b"skyvern click: Sign in",
                 b"skyvern extract: Read the greeting"):
        assert name in events
    # The typed password was in the trace and is masked now.
    assert b"{{password}}" in events


def test_allure_steps_and_attachments(full_run: Run) -> None:
    results = full_run.root / "allure-results"
    tests = {}
    for path in results.glob("*-result.json"):
        data = json.loads(path.read_text())
        tests[data["name"]] = data
    passing = tests["test_login_passes[chromium]"]
    names = [s["name"] for s in passing["steps"]]
    assert names[1:] == ["fill: Type alice into the user name", "fill: Type the password",
                         "click: Sign in", "extract: Read the greeting"]
    click = passing["steps"][3]
    assert click["status"] == "passed"
    assert [a["name"] for a in click["attachments"]] == ["reasoning"]
    action = click["steps"][0]
    assert action["name"] == 'click button "Sign in"'
    assert [a["name"] for a in action["attachments"]] == ["before", "after"]
    password = passing["steps"][2]["steps"][0]
    assert password["name"] == 'fill textbox "Password" = {{password}}'
    kinds = {a["name"]: a["type"] for a in passing["attachments"]}
    assert kinds["video"] == "video/webm"
    assert kinds["trace.zip"] == "application/zip"
    assert kinds["timeline.json"] == "application/json"
    for attachment in passing["attachments"]:
        assert (results / attachment["source"]).stat().st_size > 0
    failing = tests["test_checkout_fails[chromium]"]
    assert failing["steps"][-1]["status"] == "failed"
    assert failing["steps"][-1]["name"] == "click: Click the Checkout button"


def test_junit_properties_name_the_artifacts(full_run: Run) -> None:
    tree = ET.parse(full_run.root / "junit.xml")
    cases = {c.get("name"): c for c in tree.iter("testcase")}
    case = cases["test_checkout_fails[chromium]"]
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["skyvern_timeline"] == f"test-results/{FAILING_DIR}/timeline.json"
    assert props["skyvern_screenshots"] == f"test-results/{FAILING_DIR}/screenshots"
    assert props["skyvern_report"] == "skyvern-report/index.html"
    assert props["playwright_video"].endswith("video.webm")  # pytest-playwright's, not twice
    assert "skyvern_video" not in props


def test_pytest_html_extras(full_run: Run) -> None:
    html = (full_run.root / "html" / "report.html").read_text()
    assert "Skyvern timeline" in html
    assert "Skyvern report" in html
    assert f"../test-results/{FAILING_DIR}/timeline.json" in html
    assert f"../test-results/{FAILING_DIR}/screenshots/s001-a01-after.jpg" in html
    # pytest-playwright's own video extra is there once; we add no second one.
    assert html.count(f"{FAILING_DIR}/video.webm") == 1


def test_secret_appears_nowhere(full_run: Run) -> None:
    needle = SECRET.encode()
    checked = 0
    for folder in ("test-results", "skyvern-report", "allure-results", "html"):
        for name, data in all_bytes(full_run.root / folder):
            checked += 1
            assert needle not in data, f"secret leaked into {name}"
    assert needle not in (full_run.root / "junit.xml").read_bytes()
    assert needle not in full_run.stdout.encode()
    assert checked > 20
