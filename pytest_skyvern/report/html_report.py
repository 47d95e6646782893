"""The session's ``index.html``: one self-contained page, readable offline.

Rendered by the controller from ``summary.json`` and each test's ``timeline.json``
(so it works the same under xdist). Screenshots, videos and traces are linked by
relative paths, never inlined, to keep the page small; CSS is inline and there are
no external assets, so it opens from ``file://``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pytest_skyvern.cache.heals import reason_words
from pytest_skyvern.report.artifacts import INDEX, relative
from pytest_skyvern.report.templating import render

_ORDER = {"failed": 0, "error": 1, "passed": 2, "skipped": 3}
_SHOT_KEYS = (("screenshot_before", "before_href"), ("screenshot_after", "after_href"))


def _anchor(nodeid: str) -> str:
    return "t-" + re.sub(r"[^A-Za-z0-9_-]+", "-", nodeid).strip("-")


def _load_timeline(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return data


def _href(base: Path, report_dir: Path, path: str | None) -> str | None:
    """A link from the report to ``path`` (relative to ``base``), if the file exists."""
    if not path:
        return None
    target = base / path
    return relative(target, report_dir) if target.exists() else None


def _steps(timeline: dict[str, Any] | None, folder: Path, report_dir: Path) -> list[Any]:
    if timeline is None:
        return []
    steps: list[dict[str, Any]] = timeline["steps"]
    for step in steps:
        step["screenshot_href"] = _href(folder, report_dir, step.get("screenshot"))
        for action in step["actions"]:
            for key, href in _SHOT_KEYS:
                action[href] = _href(folder, report_dir, action.get(key))
        # The failure screenshot is usually the last action's "after" one: show it once.
        last = step["actions"][-1] if step["actions"] else None
        if last is not None and step["screenshot_href"] == last.get("after_href"):
            step["screenshot_href"] = None
    return steps


def _test_view(nodeid: str, entry: dict[str, Any], base: Path, report_dir: Path) -> dict[str, Any]:
    artifacts: dict[str, str] = entry.get("artifacts", {})

    def located(name: str) -> Path | None:
        return (base / artifacts[name]) if name in artifacts else None

    timeline_path = located("timeline")
    timeline = _load_timeline(timeline_path)
    folder = timeline_path.parent if timeline_path is not None else base
    video = None
    if (path := located("video")) is not None and path.exists():
        video = {"kind": "webm", "href": relative(path, report_dir)}
    elif (path := located("recording")) is not None and path.exists():
        video = {"kind": "flipbook", "href": relative(path, report_dir)}
    traces = [{"path": artifacts[name], "href": relative(base / artifacts[name], report_dir)}
              for name in sorted(artifacts) if name.startswith("trace")]
    return {
        **entry,
        "nodeid": nodeid,
        "anchor": _anchor(nodeid),
        "timeline": _steps(timeline, folder, report_dir),
        "timeline_href": relative(timeline_path, report_dir) if timeline_path and timeline
        else None,
        "video": video,
        "traces": traces,
    }


def write_index(report_dir: Path, document: dict[str, Any], base: Path) -> Path:
    """Render ``index.html``; artifact paths in ``document`` are relative to ``base``."""
    tests = [_test_view(nodeid, entry, base, report_dir)
             for nodeid, entry in document["tests"].items()]
    tests.sort(key=lambda t: (_ORDER.get(t["outcome"], 9), t["nodeid"]))
    html = render("index.html", totals=document["totals"], tests=tests,
                  heals=[{**h, "anchor": _anchor(h["nodeid"]), "reason_words": reason_words(
                      h["reason"])} for h in document.get("heals", [])])
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / INDEX
    path.write_text(html, encoding="utf-8")
    return path
