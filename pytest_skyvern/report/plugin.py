"""The reporter's pytest hooks: per-test artifacts, attachments, the session summary.

``ReporterPlugin`` is registered by ``pytest_skyvern.plugin`` (name
``skyvern-reporter``; ``-p no:skyvern-reporter`` turns it off). Loaded on its own
with ``-p pytest_skyvern.report.plugin``, this module registers its options and the
plugin itself. It only listens: a test runs the same with the reporter off.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, Page

from pytest_skyvern.browser.discovery import find_ffmpeg
from pytest_skyvern.cache.heals import heals_for
from pytest_skyvern.context import CONTEXT_KEY, TestContext
from pytest_skyvern.report import artifacts as paths
from pytest_skyvern.report import attach, evidence, html_report, summary, timeline
from pytest_skyvern.report.options import ReportSettings, add_options
from pytest_skyvern.report.recorder import TestRecorder
from pytest_skyvern.report.screencast import ScreencastRecorder
from pytest_skyvern.report.scrub import scrub_zip
from pytest_skyvern.secrets import secrets

log = logging.getLogger("pytest_skyvern.report")

PLUGIN_NAME = "skyvern-reporter"
SECTION = "pytest-skyvern step"
MAX_MESSAGE = 4_000


@dataclass
class _TestState:
    context: TestContext
    recorder: TestRecorder
    folder: Path
    screencasts: list[ScreencastRecorder] = field(default_factory=list)
    reports: dict[str, pytest.TestReport] = field(default_factory=dict)
    pages: int = 0


STATE_KEY = pytest.StashKey[_TestState]()


class ReporterPlugin:
    """Records every test's AI steps and writes the timeline, summary and report."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.settings = ReportSettings.from_config(config)
        self.report_dir = paths.report_dir(config, self.settings.report_dir)
        workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
        self.worker: str | None = workerinput["workerid"] if workerinput else None
        self.tests: dict[str, dict[str, Any]] = {}
        self.document: dict[str, Any] | None = None
        self.tracing = config.getoption("--tracing", default="off") != "off"
        self.video = str(config.getoption("--video", default="off"))
        if self.worker is None:
            summary.clear_parts(self.report_dir)  # leftovers of an interrupted run

    @cached_property
    def video_route(self) -> str | None:
        """None (no video), "playwright", "screencast" or "frames"."""
        if self.video not in ("on", "retain-on-failure"):
            return None
        route = self.settings.video_route
        if route == "auto":
            route = "playwright" if paths.playwright_ffmpeg_available() else "screencast"
        return route

    # ------------------------------------------------------------------ fixtures
    @pytest.fixture(scope="session")
    @classmethod
    def browser_context_args(
        cls, browser_context_args: dict[str, Any], pytestconfig: pytest.Config
    ) -> dict[str, Any]:
        """pytest-playwright's context args, without its recorder on the screencast route
        (Playwright's ``record_video_dir`` fails at ``new_page`` without its ffmpeg)."""
        plugin = pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME)
        if isinstance(plugin, cls) and plugin.video_route in ("screencast", "frames"):
            return {k: v for k, v in browser_context_args.items() if k != "record_video_dir"}
        return browser_context_args

    # ------------------------------------------------------------------ per test
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        # Runs after pytest_skyvern.plugin's (tryfirst) hook has made the test's context;
        # the reporter only subscribes to its bus.
        context = item.stash.get(CONTEXT_KEY, None)
        if context is None or context.artifact_dir is None:
            return
        folder = Path(context.artifact_dir)
        recorder = TestRecorder(context.bus, folder,
                                screenshots=self.settings.screenshots != "off",
                                tracing=self.tracing)
        context.bus.subscribe(recorder)
        item.stash[STATE_KEY] = _TestState(context=context, recorder=recorder, folder=folder)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
    ) -> Generator[None, Any, Any]:
        result = yield
        if fixturedef.argname == "context" and isinstance(result, BrowserContext):
            state = request.node.stash.get(STATE_KEY, None)
            if state is not None:
                self._watch_context(result, state)
        return result

    def _watch_context(self, context: BrowserContext, state: _TestState) -> None:
        async def on_page(page: Page) -> None:
            state.pages += 1
            state.recorder.watch(page)
            if self.video_route in ("screencast", "frames"):
                recorder = ScreencastRecorder(state.folder, len(state.screencasts) + 1)
                state.screencasts.append(recorder)
                await recorder.start(page)

        context.on("page", on_page)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        state = item.stash.get(STATE_KEY, None)
        if state is None:
            return report
        state.reports[report.when] = report
        try:
            if report.failed and report.when == "call":
                self._add_failure_section(state, report)
            if report.when == "teardown":
                self._finish_test(item, state, report)
        except Exception:  # the reporter never changes a test's outcome
            log.warning("pytest-skyvern reporter failed for %s", item.nodeid, exc_info=True)
        return report

    def _add_failure_section(self, state: _TestState, report: pytest.TestReport) -> None:
        step = evidence.failing_step(state.context.bus.steps)
        if step is None:
            return
        named = paths.TestArtifacts(
            folder=state.folder, timeline=state.folder / paths.TIMELINE,
            screenshots=state.folder / paths.SCREENSHOTS if state.recorder.files else None,
            report_index=self.report_dir / paths.INDEX,
        ).named(self.config)
        base = self.config.invocation_params.dir
        report.sections.append((SECTION, evidence.failure_section(step, named, base)))

    def _finish_test(self, item: pytest.Item, state: _TestState, teardown: pytest.TestReport
                     ) -> None:
        if not state.context.bus.steps and not state.pages:
            return  # not a browser test: nothing to record
        outcome = _outcome(state.reports)
        failed = outcome in ("failed", "error")
        found = paths.TestArtifacts(folder=state.folder,
                                    report_index=self.report_dir / paths.INDEX)
        self._collect_playwright_artifacts(teardown, found)
        self._finish_recordings(state, found, keep=self.video == "on" or failed,
                                title=item.nodeid)
        for trace in found.traces:
            scrub_zip(trace)
        self._apply_screenshot_retention(state, failed)
        if state.recorder.files:
            found.screenshots = state.folder / paths.SCREENSHOTS
        totals = summary.step_totals(state.context.bus.steps)
        seen = state.recorder.seen
        steps = [timeline.step_dict(s, seen.get(s.index, []), state.folder)
                 for s in state.context.bus.steps]
        duration = sum(r.duration for r in state.reports.values())
        video_rel = paths.relative(found.video, state.folder) if found.video else None
        flip_rel = paths.relative(found.flipbook, state.folder) if found.flipbook else None
        document = timeline.build_timeline(
            nodeid=item.nodeid, outcome=outcome, duration_s=duration,
            retry=paths.retry_index(item), steps=steps, totals=dict(totals),
            artifacts={
                "video": video_rel or flip_rel,
                "video_kind": "webm" if video_rel else ("flipbook" if flip_rel else None),
                "trace": paths.relative(found.traces[0], state.folder) if found.traces else None,
                "screenshots": paths.SCREENSHOTS if found.screenshots else None,
            },
        )
        found.timeline = timeline.write_timeline(state.folder, document)
        teardown.user_properties.extend(attach.junit_properties(self.config, found))
        if attach.html_active(self.config):
            attach.add_html_extras(self.config, teardown, state.context.bus.steps, seen, found)
        if attach.allure_active(self.config):
            attach.attach_allure(self.config, state.context.bus.steps, seen, found)
        self.tests[item.nodeid] = {
            **totals, "outcome": outcome, "duration": round(duration, 3),
            "steps": len(state.context.bus.steps), "retry": paths.retry_index(item),
            **_failure(state.reports), "artifacts": found.named(self.config),
        }
        if heals := heals_for(item.nodeid):  # healed cache entries, for review
            self.tests[item.nodeid]["heals"] = timeline.masked(heals)

    def _collect_playwright_artifacts(self, teardown: pytest.TestReport,
                                      found: paths.TestArtifacts) -> None:
        base = self.config.invocation_params.dir
        for name, value in teardown.user_properties:
            path = base / str(value)
            if name == "playwright_video" and found.video is None:
                found.video = path
            elif name == "playwright_trace":
                found.traces.append(path)

    def _finish_recordings(self, state: _TestState, found: paths.TestArtifacts, *, keep: bool,
                           title: str) -> None:
        ffmpeg = None if self.video_route == "frames" else find_ffmpeg()
        for recorder in state.screencasts:
            recording = recorder.finish(keep=keep, ffmpeg=ffmpeg, title=title)
            if recording is None:
                continue
            if recording.kind == "video" and found.video is None:
                found.video, found.video_is_ours = recording.path, True
            elif recording.kind == "flipbook" and found.flipbook is None:
                found.flipbook = recording.path

    def _apply_screenshot_retention(self, state: _TestState, failed: bool) -> None:
        if self.settings.screenshots != "failures" or failed:
            return
        for path in state.recorder.files:
            path.unlink(missing_ok=True)
        state.recorder.files.clear()
        for step in state.context.bus.steps:
            step.screenshot = None
            for action in [*step.actions, *state.recorder.seen.get(step.index, [])]:
                action.screenshot_before = action.screenshot_after = None
        folder = state.folder / paths.SCREENSHOTS
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()

    # ------------------------------------------------------------------ session
    def pytest_sessionfinish(self) -> None:
        try:
            if self.worker is not None:
                if self.tests:
                    summary.write_part(self.report_dir, self.worker, self.tests)
                return
            tests = {**summary.collect_parts(self.report_dir), **self.tests}
            if not tests:
                return
            self.document = summary.write_summary(self.report_dir, tests,
                                                   self.config.invocation_params.dir)
            html_report.write_index(self.report_dir, self.document,
                                    self.config.invocation_params.dir)
        except Exception:
            log.warning("pytest-skyvern: the session report was not written", exc_info=True)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.document is None:
            return
        terminalreporter.write_sep("=", "pytest-skyvern: AI steps, LLM calls and cost")
        for line in summary.terminal_lines(self.document):
            terminalreporter.write_line(line)
        index = paths.for_display(self.config, self.report_dir / paths.INDEX)
        terminalreporter.write_line(f"report: {index}  (summary.json next to it)")


def _outcome(reports: dict[str, pytest.TestReport]) -> str:
    setup, call, teardown = (reports.get(w) for w in ("setup", "call", "teardown"))
    if call is not None and call.failed:
        return "failed"
    if any(r is not None and r.failed for r in (setup, teardown)):
        return "error"
    if any(r is not None and r.skipped for r in (setup, call)):
        return "skipped"
    return "passed"


def _failure(reports: dict[str, pytest.TestReport]) -> dict[str, str | None]:
    """The failure's one-line message and its (masked, shortened) traceback."""
    for report in reports.values():
        if report.failed:
            text = report.longreprtext
            if len(text) > MAX_MESSAGE:
                text = "...\n" + text[-MAX_MESSAGE:]
            crash = getattr(report.longrepr, "reprcrash", None)
            message = getattr(crash, "message", None) or text.strip().splitlines()[-1:]
            return {"message": secrets().mask(str(message)), "traceback": secrets().mask(text)}
    return {"message": None, "traceback": None}


# ---------------------------------------------------------------------- standalone
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("skyvern", "pytest-skyvern (AI browser tests)")
    try:
        add_options(group, parser)
    except ValueError:  # already added by pytest_skyvern.plugin
        pass


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    register(config)


def register(config: pytest.Config) -> None:
    """Register the reporter once (no-op when blocked with ``-p no:skyvern-reporter``)."""
    if config.pluginmanager.has_plugin(PLUGIN_NAME) or config.pluginmanager.is_blocked(
        PLUGIN_NAME
    ):
        return
    config.pluginmanager.register(ReporterPlugin(config), PLUGIN_NAME)


__all__ = ["PLUGIN_NAME", "ReporterPlugin", "register"]
