"""Attaching a test's timeline and artifacts to allure, pytest-html and JUnit XML.

Each is a no-op when its plugin is not active. pytest-playwright-asyncio already
attaches its own video, trace and end-of-test screenshot (JUnit properties, pytest-html
extras), so we add only what is ours: the timeline, the step screenshots, the
fallback recording and links to the session report. Every text is masked.
"""

from __future__ import annotations

import base64
import os
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pytest_skyvern.events import ActionRecord, StepRecord
from pytest_skyvern.report.artifacts import TestArtifacts, for_display
from pytest_skyvern.report.timeline import all_actions
from pytest_skyvern.secrets import secrets

MAX_HTML_SCREENSHOTS = 12


def junit_properties(config: pytest.Config, artifacts: TestArtifacts) -> list[tuple[str, str]]:
    """``user_properties`` for JUnit XML: where this test's evidence is."""
    names = artifacts.named(config)
    wanted = ("timeline", "screenshots", "report", "recording")
    props = [(f"skyvern_{name}", names[name]) for name in wanted if name in names]
    if artifacts.video_is_ours and artifacts.video is not None:
        props.append(("skyvern_video", for_display(config, artifacts.video)))
    return props


# ---------------------------------------------------------------------- allure
def allure_active(config: pytest.Config) -> bool:
    return config.pluginmanager.get_plugin("allure_listener") is not None


def attach_allure(
    config: pytest.Config,
    steps: Sequence[StepRecord],
    seen: dict[int, list[ActionRecord]],
    artifacts: TestArtifacts,
) -> None:
    """One allure step per AI step (after the fact, through allure's lifecycle, so the
    async test body is never wrapped), with its screenshots and reasoning; the video,
    trace and timeline on the test itself."""
    import allure
    from allure_commons import plugin_manager
    from allure_commons.utils import uuid4

    listener = config.pluginmanager.get_plugin("allure_listener")
    if listener is None:
        return
    mask = secrets().mask
    for step in steps:
        uuid = uuid4()  # type: ignore[no-untyped-call]
        params = {"tier": step.tier or "-", "status": step.status}
        if step.llm_calls:
            params["llm"] = (f"{step.llm_calls} calls, {step.prompt_tokens}+"
                             f"{step.completion_tokens} tokens, ${step.cost_usd:.4f}")
        plugin_manager.hook.start_step(uuid=uuid, title=mask(f"{step.kind}: {step.instruction}"),
                                       params=params)
        result = listener.allure_logger.get_item(uuid)
        if step.reasoning:
            allure.attach(mask(step.reasoning), name="reasoning",
                          attachment_type=allure.attachment_type.TEXT)
        for action in all_actions(step, seen.get(step.index, [])):
            _allure_action(action, step.reasoning)
        if step.screenshot and os.path.isfile(step.screenshot):
            _attach_file(step.screenshot, name="screenshot",
                               attachment_type=allure.attachment_type.JPG)
        failed = step.status == "failed"
        error = AssertionError(mask(step.error or "step failed")) if failed else None
        plugin_manager.hook.stop_step(uuid=uuid, exc_type=type(error) if error else None,
                                      exc_val=error, exc_tb=None)
        if result is not None:  # the real times, not those of this replay
            result.start = int(step.started_at * 1000)
            result.stop = int((step.started_at + step.duration_s) * 1000)
    kinds = allure.attachment_type
    if artifacts.video is not None:
        _attach_file(str(artifacts.video), name="video", attachment_type=kinds.WEBM)
    for trace in artifacts.traces:
        _attach_file(str(trace), name=trace.name, attachment_type=kinds.ZIP)
    if artifacts.timeline is not None:
        _attach_file(str(artifacts.timeline), name="timeline.json",
                           attachment_type=kinds.JSON)


def _allure_action(action: ActionRecord, step_reasoning: str | None) -> None:
    import allure

    mask = secrets().mask
    title = f"{action.type} {action.element.role} \"{action.element.name}\"" if action.element \
        else action.type
    if action.value is not None:
        title += f" = {action.value}"
    with allure.step(mask(title)):
        if action.reasoning and action.reasoning != step_reasoning:
            allure.attach(mask(action.reasoning), name="reasoning",
                          attachment_type=allure.attachment_type.TEXT)
        for name, path in (("before", action.screenshot_before),
                           ("after", action.screenshot_after)):
            if path and os.path.isfile(path):
                _attach_file(path, name=name, attachment_type=allure.attachment_type.JPG)


# ---------------------------------------------------------------------- pytest-html
def html_active(config: pytest.Config) -> bool:
    return (config.pluginmanager.getplugin("html") is not None
            and bool(getattr(config.option, "htmlpath", None)))


def add_html_extras(
    config: pytest.Config,
    report: pytest.TestReport,
    steps: Sequence[StepRecord],
    seen: dict[int, list[ActionRecord]],
    artifacts: TestArtifacts,
) -> None:
    """Links to the timeline, recording and report; the steps' screenshots."""
    html = config.pluginmanager.getplugin("html")
    html_path = getattr(config.option, "htmlpath", None)
    if html is None or not html_path:
        return
    # Resolved like pytest-html (>= 4) resolves --html: against the invocation dir.
    html_dir = Path(config.invocation_params.dir,
                    Path(os.path.expandvars(html_path)).expanduser()).parent
    embed = bool(config.getoption("self_contained_html", default=False))

    def link(path: Path | str) -> str:
        try:
            return urllib.parse.quote(Path(os.path.relpath(path, html_dir)).as_posix())
        except ValueError:
            return Path(path).as_uri()

    extras: list[Any] = list(getattr(report, "extras", []))
    for label, path in (("Skyvern timeline", artifacts.timeline),
                        ("Skyvern recording", artifacts.flipbook),
                        ("Skyvern report", artifacts.report_index)):
        if path is not None:
            extras.append(html.extras.url(link(path), name=label))
    if artifacts.video_is_ours and artifacts.video is not None:
        extras.append(html.extras.video(link(artifacts.video), name="Video",
                                        mime_type="video/webm", extension="webm"))
    shots: list[tuple[str, str]] = []
    for step in steps:
        actions = all_actions(step, seen.get(step.index, []))
        shot = step.screenshot or next(
            (a.screenshot_after for a in reversed(actions) if a.screenshot_after), None)
        if shot and os.path.isfile(shot):
            shots.append((secrets().mask(f"step {step.index}: {step.instruction}")[:80], shot))
    for name, shot in shots[-MAX_HTML_SCREENSHOTS:]:
        content = (base64.b64encode(Path(shot).read_bytes()).decode() if embed else link(shot))
        extras.append(html.extras.jpg(content, name=name))
    report.extras = extras  # type: ignore[attr-defined]


def _attach_file(path: str, name: str, attachment_type: Any) -> None:
    import allure

    allure.attach.file(path, name=name, attachment_type=attachment_type)  # type: ignore[no-untyped-call]
