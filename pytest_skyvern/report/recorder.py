"""The listener that records one test: screenshots, trace groups, navigation steps.

It subscribes to the test's ``EventBus``. Every method swallows Playwright errors of
its own (a page that closed, a screenshot that timed out): the reporter only watches,
so what it cannot capture is left out rather than failing the test.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.events import ActionRecord, EventBus, StepRecord
from pytest_skyvern.report.artifacts import SCREENSHOTS
from pytest_skyvern.secrets import secrets

if TYPE_CHECKING:
    from playwright.async_api import ElementHandle, Frame, Locator, Page

log = logging.getLogger("pytest_skyvern.report")

#: CSS applied only while the "after" screenshot is taken: it outlines the acted
#: element without changing the layout (outline takes no space).
HIGHLIGHT_ATTR = "data-skyvern-acted"
HIGHLIGHT_STYLE = (
    f"[{HIGHLIGHT_ATTR}]{{outline:3px solid #e5484d !important;"
    "outline-offset:2px !important;box-shadow:0 0 0 6px rgba(229,72,77,.35) !important}"
)
JPEG_QUALITY = 60
SCREENSHOT_TIMEOUT_MS = 5_000
HANDLE_TIMEOUT_MS = 1_000


def trace_group_name(step: StepRecord) -> str:
    """The name an AI step gets in the Playwright trace (secrets masked)."""
    instruction = secrets().mask(step.instruction)
    if len(instruction) > 80:
        instruction = instruction[:77] + "..."
    return f"skyvern {step.kind}: {instruction}"


class TestRecorder:
    """Records one test's AI steps and plain navigations as they happen."""

    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, bus: EventBus, folder: Path, *, screenshots: bool, tracing: bool) -> None:
        self.bus = bus
        self.folder = folder
        self.screenshots = screenshots
        self.tracing = tracing
        #: Screenshot files written, so retention can delete them.
        self.files: list[Path] = []
        #: Actions seen per step, in order, even if the engine kept them elsewhere.
        self.seen: dict[int, list[ActionRecord]] = {}
        self._in_step = 0
        self._handles: dict[int, ElementHandle] = {}
        self._grouped: set[int] = set()

    # ------------------------------------------------------------------ pages
    def watch(self, page: Page) -> None:
        """Record ``page``'s main-frame navigations that happen between AI steps."""
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame: Frame) -> None:
        # Navigations inside an AI step belong to that step (its actions caused them).
        if frame.parent_frame is not None or self._in_step or frame.url in ("", "about:blank"):
            return
        step = self.bus.new_step("navigation", f"Navigate to {frame.url}", url=frame.url)
        step.status = "passed"

    # ------------------------------------------------------------------ events
    async def step_started(self, page: Page | None, step: StepRecord) -> None:
        self._in_step += 1
        if self.tracing and page is not None:
            try:
                await page.context.tracing.group(trace_group_name(step))
                self._grouped.add(step.index)
            except PlaywrightError:
                log.debug("trace group not opened", exc_info=True)

    async def action_started(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None:
        actions = self.seen.setdefault(step.index, [])
        if not any(a is action for a in actions):
            actions.append(action)
        if not self.screenshots:
            return
        action.screenshot_before = await self._shoot(page, self._name(step, action, "before"))
        if target is not None:
            handle = await _handle_of(target)
            if handle is not None:
                self._handles[id(action)] = handle

    async def action_finished(
        self, page: Page, step: StepRecord, action: ActionRecord, target: Locator | None
    ) -> None:
        del target  # the handle taken before the action still points at the element
        actions = self.seen.setdefault(step.index, [])
        if not any(a is action for a in actions):
            actions.append(action)
        handle = self._handles.pop(id(action), None)
        if self.screenshots:
            marked = await _mark(handle, True)
            action.screenshot_after = await self._shoot(
                page, self._name(step, action, "after"), HIGHLIGHT_STYLE if marked else None
            )
            if marked:
                await _mark(handle, False)
        if handle is not None:
            try:
                await handle.dispose()
            except PlaywrightError:
                pass

    async def step_finished(self, page: Page | None, step: StepRecord) -> None:
        self._in_step = max(0, self._in_step - 1)
        if self.screenshots and page is not None and step.screenshot is None:
            actions = self.seen.get(step.index) or step.actions
            last = actions[-1].screenshot_after if actions else None
            if step.status == "failed" or not actions:
                # Evidence of a failure (or of an extract/validate step with no action).
                step.screenshot = last or await self._shoot(page, f"s{step.index:03d}.jpg")
        if step.index in self._grouped and page is not None:
            self._grouped.discard(step.index)
            try:
                await page.context.tracing.group_end()
            except PlaywrightError:
                log.debug("trace group not closed", exc_info=True)

    # ------------------------------------------------------------------ helpers
    def _name(self, step: StepRecord, action: ActionRecord, when: str) -> str:
        actions = self.seen.get(step.index, [])
        number = next((i for i, a in enumerate(actions) if a is action), len(actions)) + 1
        return f"s{step.index:03d}-a{number:02d}-{when}.jpg"

    async def _shoot(self, page: Page, name: str, style: str | None = None) -> str | None:
        path = self.folder / SCREENSHOTS / name
        try:
            # JPEG at CSS scale: a few tens of KB, so a long timeline stays light.
            await page.screenshot(path=path, type="jpeg", quality=JPEG_QUALITY, scale="css",
                                  timeout=SCREENSHOT_TIMEOUT_MS, style=style)
        except PlaywrightError:
            log.debug("screenshot %s not taken", name, exc_info=True)
            return None
        self.files.append(path)
        return str(path)


async def _handle_of(target: Locator) -> ElementHandle | None:
    try:
        if await target.count() == 0:
            return None
        return await target.first.element_handle(timeout=HANDLE_TIMEOUT_MS)
    except PlaywrightError:
        return None


async def _mark(handle: ElementHandle | None, on: bool) -> bool:
    """Set or remove the highlight attribute; False when the element is gone."""
    if handle is None:
        return False
    script = (f"el => el.setAttribute('{HIGHLIGHT_ATTR}', '')" if on
              else f"el => el.removeAttribute('{HIGHLIGHT_ATTR}')")
    try:
        await handle.evaluate(script)
    except PlaywrightError:
        return False
    return True
