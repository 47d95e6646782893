"""Measure the AI tiers on instruction cases: a page, an instruction, what must happen.

A corpus is a folder of suites; each suite holds HTML pages and a ``cases.yaml``::

    - id: login-terse
      page: login.html
      instruction: "type 'ada' into username, then click Sign in"
      class: role-name          # how the case is reported
      expect:                   # the steps a person would take, in order
        - fill: {user: ada}
        - click: signin
    - id: two-delete-buttons
      page: list.html
      instruction: "click Delete"
      class: handover
      expect: handover          # any action would be a guess

Elements are named by a ``data-id`` attribute (in the page, its open shadow roots and
its iframes). The run compares what the page saw, not what the tool said it did:
clicks on elements with a ``data-id`` (form controls aside: their state is what counts),
and the final value, checked state, selection and focus of every named control.

Outcomes: ``hit`` (everything expected happened, nothing else), ``wrong`` (something
happened that was not asked for: the worst outcome), ``handover`` (the tool declined
and the page is unchanged), ``partial`` (declined after doing a correct part),
``miss`` (it finished without doing all of it), and for must-hand-over cases
``false-answer`` (it acted, or claimed success, where it should have declined).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from playwright.async_api import Frame, Page

STEP_KINDS = ("click", "fill", "check", "uncheck", "select", "focus")
OUTCOMES = ("hit", "wrong", "handover", "partial", "miss", "false-answer")

#: Installed before the page's own scripts: remembers clicks on named elements.
RECORDER_JS = r"""
(() => {
  if (window.__corpusClicks) return;
  window.__corpusClicks = [];
  const controls = "input, textarea, select, option, [contenteditable=''], [contenteditable=true]";
  window.addEventListener("click", (event) => {
    if (!event.isTrusted) return;
    const named = event.composedPath().find((n) => n.nodeType === 1 && n.hasAttribute("data-id"));
    if (named && !named.matches(controls))
      window.__corpusClicks.push(named.getAttribute("data-id"));
  }, true);
})();
"""

#: The state of every named control, across open shadow roots.
STATE_JS = r"""
() => {
  const out = {};
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      const id = el.getAttribute("data-id");
      if (!id) continue;
      const tag = el.localName;
      if (tag === "input" && (el.type === "checkbox" || el.type === "radio")) {
        out[id] = {checked: el.checked, group: el.type === "radio" ? el.name || null : null};
      } else if (tag === "select") {
        out[id] = {selected: [...el.selectedOptions].map((o) => o.value)};
      } else if (tag === "input" || tag === "textarea") {
        out[id] = {value: el.value};
      } else if (el.isContentEditable) {
        out[id] = {value: el.innerText.trim()};
      }
    }
  };
  visit(document);
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement)
    active = active.shadowRoot.activeElement;
  const focus = active && active.closest ? active.closest("[data-id]") : null;
  return {controls: out, focused: focus ? focus.getAttribute("data-id") : null,
          clicks: window.__corpusClicks || []};
}
"""


@dataclass(frozen=True)
class Step:
    """One expected step: ``kind`` on the element ``target`` (its ``data-id``)."""

    kind: str
    target: str
    value: Any = None


@dataclass(frozen=True)
class Case:
    id: str
    page: Path
    instruction: str
    cls: str
    steps: tuple[Step, ...] = ()
    handover: bool = False
    suite: str = ""


@dataclass
class Result:
    case: Case
    outcome: str
    detail: str = ""
    #: What the tool raised, if it raised.
    error: str = ""


class CorpusError(ValueError):
    """A corpus file that cannot be read as cases (with the file and the case)."""


def load_corpus(folder: Path) -> list[Case]:
    """Every case of every ``cases.yaml`` under ``folder``, in file order."""
    cases: list[Case] = []
    seen: set[str] = set()
    for file in sorted(folder.glob("*/cases.yaml")):
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        if not isinstance(raw, list):
            raise CorpusError(f"{file}: expected a list of cases")
        for item in raw:
            case = _case(file, item)
            if case.id in seen:
                raise CorpusError(f"{file}: case id {case.id!r} is used twice")
            seen.add(case.id)
            cases.append(case)
    return cases


def _case(file: Path, item: Any) -> Case:
    if not isinstance(item, dict) or not {"id", "page", "instruction", "expect"} <= item.keys():
        raise CorpusError(f"{file}: each case needs id, page, instruction and expect: {item!r}")
    page = (file.parent / str(item["page"])).resolve()
    if not page.is_file():
        raise CorpusError(f"{file}: case {item['id']!r}: no page {page.name}")
    expect = item["expect"]
    cls = str(item.get("class") or ("handover" if expect == "handover" else "other"))
    case = Case(str(item["id"]), page, str(item["instruction"]), cls, suite=file.parent.name)
    if expect == "handover":
        return dataclasses.replace(case, handover=True)
    if not isinstance(expect, list) or not expect:
        raise CorpusError(f"{file}: case {item['id']!r}: expect is 'handover' or a list of steps")
    return dataclasses.replace(case, steps=tuple(_steps(file, item["id"], expect)))


def _steps(file: Path, case_id: str, raw: list[Any]) -> Iterable[Step]:
    for entry in raw:
        if not isinstance(entry, dict) or len(entry) != 1:
            raise CorpusError(f"{file}: case {case_id!r}: a step is one 'kind: target' pair")
        (kind, arg), = entry.items()
        if kind not in STEP_KINDS:
            raise CorpusError(f"{file}: case {case_id!r}: unknown step {kind!r}; use {STEP_KINDS}")
        if kind in {"fill", "select"}:
            if not isinstance(arg, dict):
                raise CorpusError(f"{file}: case {case_id!r}: {kind} takes {{id: value}}")
            for target, value in arg.items():
                yield Step(kind, str(target), value)
        else:
            for target in arg if isinstance(arg, list) else [arg]:
                yield Step(kind, str(target))


# ----------------------------------------------------------------------------- running
async def install_recorder(page: Page) -> None:
    await page.context.add_init_script(script=RECORDER_JS)


async def page_state(page: Page) -> dict[str, Any]:
    """Controls, focus and clicks of the page and all its frames, merged."""
    merged: dict[str, Any] = {"controls": {}, "focused": None, "clicks": []}
    for frame in page.frames:
        try:
            state = await frame.evaluate(STATE_JS)
        except Exception:
            continue
        merged["controls"].update(state["controls"])
        merged["clicks"] += state["clicks"]
        if state["focused"] and (frame is page.main_frame or not merged["focused"]):
            merged["focused"] = state["focused"]
    return merged


async def run_case(
    page: Page, case: Case, act: Callable[[str], Awaitable[Any]], *, settle_ms: float = 100
) -> Result:
    """Open the case's page, run ``act(instruction)``, and judge what happened."""
    await page.goto(case.page.as_uri())
    before = await page_state(page)
    error = ""
    try:
        await act(case.instruction)
    except Exception as exc:
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
    await page.wait_for_timeout(settle_ms)
    after = await page_state(page)
    return judge(case, before, after, error)


def judge(case: Case, before: dict[str, Any], after: dict[str, Any], error: str) -> Result:
    """The outcome of one case from the page's state before and after."""
    expected_clicks = [s.target for s in case.steps if s.kind == "click"]
    clicks: list[str] = after["clicks"]
    changed = _changes(before["controls"], after["controls"])
    focused = after["focused"] if after["focused"] != before["focused"] else None
    acted = bool(clicks or changed or focused)
    if case.handover:
        if acted:
            return Result(case, "false-answer", _what(clicks, changed, focused), error)
        if not error:
            return Result(case, "false-answer", "claimed success without acting", error)
        return Result(case, "handover", "", error)
    wanted = _expected_controls(case.steps)
    controls = after["controls"]
    # Checking one radio unchecks the others of its group: no action of its own.
    groups = {controls[k].get("group") for k in wanted if controls.get(k, {}).get("group")}

    def unexpected(key: str) -> bool:
        if key in wanted:
            return not _matches(controls.get(key), wanted[key])
        control = controls[key]
        return not (control.get("group") in groups and control.get("checked") is False)

    wrong = [f"{k}: {controls.get(k)}" for k in changed if unexpected(k)]
    if clicks != expected_clicks[: len(clicks)]:
        wrong.append(f"clicks {clicks} (expected {expected_clicks})")
    focus_step = next((s.target for s in case.steps if s.kind == "focus"), None)
    if focused and focus_step is None and not _focus_ok(focused, case.steps):
        wrong.append(f"focused {focused}")
    if focus_step is not None and after["focused"] not in (None, focus_step) and focused:
        wrong.append(f"focused {after['focused']} (expected {focus_step})")
    if wrong:
        return Result(case, "wrong", "; ".join(wrong), error)
    done = (clicks == expected_clicks
            and all(_matches(after["controls"].get(k), v) for k, v in wanted.items())
            and (focus_step is None or after["focused"] == focus_step))
    if done and not error:
        return Result(case, "hit")
    if error:
        return Result(case, "partial" if acted else "handover", "", error)
    return Result(case, "miss", _what(clicks, changed, focused))


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [k for k in after if before.get(k) != after[k]]


def _expected_controls(steps: Iterable[Step]) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    for step in steps:
        if step.kind == "fill":
            wanted[step.target] = {"value": str(step.value)}
        elif step.kind in {"check", "uncheck"}:
            wanted[step.target] = {"checked": step.kind == "check"}
        elif step.kind == "select":
            value = step.value if isinstance(step.value, list) else [step.value]
            wanted[step.target] = {"selected": [str(v) for v in value]}
    return wanted


def _matches(actual: Any, wanted: dict[str, Any]) -> bool:
    if not isinstance(actual, dict):
        return False
    return all(actual.get(k) == v for k, v in wanted.items())


def _focus_ok(focused: str, steps: Iterable[Step]) -> bool:
    # Typing into or clicking an element focuses it.
    return any(s.target == focused for s in steps)


def _what(clicks: list[str], changed: list[str], focused: str | None) -> str:
    parts = []
    if clicks:
        parts.append(f"clicked {clicks}")
    if changed:
        parts.append(f"changed {changed}")
    if focused:
        parts.append(f"focused {focused}")
    return ", ".join(parts) or "nothing happened"


# ------------------------------------------------------------------------------ oracle
async def perform_expected(page: Page, case: Case) -> None:
    """Do the case's expected steps with plain Playwright (checks the case is right)."""
    for step in case.steps:
        locator = await _find(page, step.target)
        if step.kind == "click":
            await locator.click()
        elif step.kind == "fill":
            await locator.fill(str(step.value))
        elif step.kind in {"check", "uncheck"}:
            # A hidden checkbox behind a styled label is toggled the way a click on the
            # label would (Playwright refuses to check what is not visible).
            await locator.evaluate("(e, on) => { if (e.checked !== on) e.click(); }",
                                   step.kind == "check")
        elif step.kind == "select":
            await locator.select_option(step.value)
        elif step.kind == "focus":
            await locator.focus()


async def _find(page: Page, target: str) -> Any:
    selector = f"[data-id={json.dumps(target)}]"
    frames: list[Frame] = [page.main_frame, *[f for f in page.frames if f is not page.main_frame]]
    for frame in frames:
        locator = frame.locator(selector)
        if await locator.count():
            return locator.first
    raise CorpusError(f"no element with data-id {target!r} on the page")


# ----------------------------------------------------------------------------- summary
@dataclass
class Summary:
    by_class: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, result: Result) -> None:
        self.by_class[result.case.cls][result.outcome] += 1

    @property
    def answerable(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for cls, counts in self.by_class.items():
            if cls != "handover":
                total.update(counts)
        return total

    def coverage(self) -> float:
        total = self.answerable
        return total["hit"] / max(1, sum(total.values()))

    def wrong(self) -> int:
        return sum(c["wrong"] for c in self.by_class.values())

    def false_answers(self) -> int:
        return self.by_class.get("handover", Counter())["false-answer"]

    def table(self) -> str:
        rows = [
            "| class | cases | hit | coverage | wrong | handover | partial | miss "
            "| false answers |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for cls in sorted(self.by_class, key=lambda c: (c == "handover", c)):
            c = self.by_class[cls]
            n = sum(c.values())
            cover = "" if cls == "handover" else f"{c['hit'] / max(1, n):.0%}"
            rows.append(f"| {cls} | {n} | {c['hit']} | {cover} | {c['wrong']} | {c['handover']} | "
                        f"{c['partial']} | {c['miss']} | {c['false-answer']} |")
        total = self.answerable
        n = sum(total.values())
        rows.append(
            f"| **must answer** | {n} | {total['hit']} | {self.coverage():.1%} | {total['wrong']} "
            f"| {total['handover']} | {total['partial']} | {total['miss']} | |"
        )
        return "\n".join(rows)


# --------------------------------------------------------------------------------- CLI
async def run_corpus(
    folder: Path, *, suite: str | None = None, oracle: bool = False, verbose: bool = False,
    out: Callable[[str], None] = print,
) -> Summary:
    """Run every case (of one suite) in a local browser with no LLM; print what failed."""
    from pytest_skyvern.client import Skyvern

    cases = [c for c in load_corpus(folder) if suite in (None, c.suite, c.id)]
    summary = Summary()
    async with Skyvern.local() as client:
        browser = await client.launch_local_browser(headless=True, port=0)
        page = await browser.get_working_page()
        await install_recorder(page)
        for case in cases:
            if oracle and not case.handover:
                await page.goto(case.page.as_uri())
                before = await page_state(page)
                try:
                    await perform_expected(page, case)
                    await page.wait_for_timeout(50)
                    checked = judge(case, before, await page_state(page), "")
                    if checked.outcome != "hit":
                        out(f"ORACLE {case.suite}/{case.id}: {checked.outcome} {checked.detail}")
                except Exception as exc:
                    out(f"ORACLE {case.suite}/{case.id}: {type(exc).__name__}: {exc}"[:400])
            result = await run_case(page, case, page.act)
            summary.add(result)
            if result.outcome in {"wrong", "false-answer"} or (verbose and result.outcome != "hit"):
                out(f"  [{result.outcome}] {case.suite}/{case.id} {case.instruction!r} "
                    f"{result.detail} {result.error[:200]}")
        await browser.close()
    out(f"{len(cases)} cases\n{summary.table()}")
    return summary


def main(argv: list[str] | None = None) -> int:
    """``python -m pytest_skyvern.testing.corpus FOLDER [--suite NAME] [--oracle] [-v]``."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m pytest_skyvern.testing.corpus",
                                     description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--suite", help="only this suite (folder name) or case id")
    parser.add_argument("--oracle", action="store_true",
                        help="also check each case: its expected steps, done by hand, are a hit")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every non-hit")
    args = parser.parse_args(argv)
    summary = asyncio.run(run_corpus(args.folder, suite=args.suite, oracle=args.oracle,
                                     verbose=args.verbose))
    return 1 if summary.wrong() or summary.false_answers() else 0


if __name__ == "__main__":
    raise SystemExit(main())
