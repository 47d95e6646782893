"""The LLM-free tier on the live page: steps in order, a fresh snapshot between them.

Some steps can only be resolved on the page the earlier ones lead to ("expand the
section, then click Submit": the button shows only once the section is open). The
resolver says how far one snapshot takes it; the steps it resolved are performed, the
page is snapshotted again, and the rest is resolved there. When nothing in a snapshot
matches a click target, the page's visible text is asked once for it (an element that
only script makes clickable), and the resolver decides again with those elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from pytest_skyvern.actions import Action
from pytest_skyvern.resolve import NotConfident, parse_instruction
from pytest_skyvern.resolve.instructions import Intent
from pytest_skyvern.snapshot import Snapshot
from pytest_skyvern.snapshot.text_targets import with_text_targets

if TYPE_CHECKING:
    from playwright.async_api import Page

    from pytest_skyvern.agent.parts import EngineParts
    from pytest_skyvern.events import StepRecord

#: Snapshots one instruction may take; each one follows at least one performed action.
MAX_ROUNDS = 12
#: How long to let a page that an action made navigate reach DOMContentLoaded.
SETTLE_MS = 5_000.0
#: After an action, what a later step needs may appear only after an animation or a
#: request (a submenu, an accordion, a list loaded on click): look again this often.
REVEAL_WAITS_MS = (100.0, 250.0, 500.0)
#: A target named on a page that shows nothing like it may still come (a button shown
#: once a request returns): look again this often before handing the step over.
LATE_WAITS_MS = (250.0, 500.0, 1000.0)


@dataclass
class Outcome:
    """What the resolver did on the page, and why it stopped if it did not finish."""

    snapshot: Snapshot
    #: Each performed action with the snapshot its element came from.
    done: list[tuple[Action, Snapshot]] = field(default_factory=list)
    #: ``None`` when every step was performed.
    reason: NotConfident | None = None
    #: The words of the steps not performed, for the next tier.
    remaining: str = ""


async def resolve_on_page(
    engine: EngineParts, page: Page, step: StepRecord, prompt: str
) -> Outcome:
    """Carry out as much of ``prompt`` as the resolver is sure of, in order."""
    snapshot = await engine.snapshot(page)
    intents = parse_instruction(prompt)
    if intents is None:
        reason = NotConfident(f"instruction not understood without an LLM: {prompt!r}")
        return Outcome(snapshot, reason=reason, remaining=prompt)
    outcome = Outcome(snapshot)
    remaining: tuple[Intent, ...] = intents
    looked = False
    waits: tuple[float, ...] = ()
    # What closes a list opened to look into it, the steps from that opening on, and how
    # many actions were done before it: a list that lacks the option is closed again,
    # and the next tier starts from the page as it was before the opening.
    undo: tuple[Action, ...] = ()
    opened_at: tuple[tuple[Intent, ...], int] = ((), 0)
    late: tuple[float, ...] = LATE_WAITS_MS
    for _ in range(MAX_ROUNDS + len(REVEAL_WAITS_MS) + 2 * len(LATE_WAITS_MS)):
        result = engine.resolver.plan_steps(remaining, outcome.snapshot, exact_first=bool(waits),
                                            may_open=not outcome.done and not undo)
        if isinstance(result, NotConfident) and waits and not result.ambiguous:
            # Something was done and what comes next is not there yet (or only something
            # like it): give it a moment; once the waits are over, a loose match will do.
            await page.wait_for_timeout(waits[0])
            waits = waits[1:]
            outcome.snapshot = await engine.snapshot(page)
            continue
        if isinstance(result, NotConfident):
            if result.wanted_texts and not looked:
                looked = True
                richer = await with_text_targets(page, outcome.snapshot, result.wanted_texts,
                                                 secrets=engine.secrets.values())
                if richer is not outcome.snapshot:
                    outcome.snapshot = richer
                    continue
            if result.wanted_texts and late and not undo:
                await page.wait_for_timeout(late[0])
                late = late[1:]
                outcome.snapshot = await engine.snapshot(page)
                looked = False
                continue
            outcome.reason, outcome.remaining = result, _words(remaining, prompt)
            if undo:
                for action in undo:
                    await engine.perform_in(page, step, action, outcome.snapshot)
                steps, count = opened_at
                del outcome.done[count:]
                outcome.remaining = _words(steps, prompt)
                outcome.snapshot = await engine.snapshot(page)
            return outcome
        if result.undo:
            opened_at = (remaining, len(outcome.done))
        for action in result.actions:
            await engine.perform_in(page, step, action, outcome.snapshot)
            outcome.done.append((action, outcome.snapshot))
        remaining, undo = result.remaining, result.undo
        if not remaining:
            return outcome
        await _settle(page)
        outcome.snapshot = await engine.snapshot(page)
        looked = False
        waits = REVEAL_WAITS_MS
    outcome.reason = NotConfident(f"the instruction took more than {MAX_ROUNDS} page states")
    outcome.remaining = _words(remaining, prompt)
    return outcome


async def locate_on_page(
    engine: EngineParts, page: Page, prompt: str, intent: str
) -> tuple[object, Snapshot]:
    """The element ``prompt`` names (or why not), looking at visible text if needed."""
    snapshot = await engine.snapshot(page)
    found = engine.resolver.resolve_target(prompt, snapshot, intent)
    if isinstance(found, NotConfident) and found.wanted_texts:
        richer = await with_text_targets(page, snapshot, found.wanted_texts,
                                         secrets=engine.secrets.values())
        if richer is not snapshot:
            snapshot = richer
            found = engine.resolver.resolve_target(prompt, snapshot, intent)
    return found, snapshot


async def _settle(page: Page) -> None:
    try:
        await page.wait_for_load_state("domcontentloaded", timeout=SETTLE_MS)
    except PlaywrightError:
        pass  # a slow page: the next snapshot shows whatever is there


def _words(remaining: tuple[Intent, ...], prompt: str) -> str:
    texts = [i.text for i in remaining if i.text]
    return ", then ".join(dict.fromkeys(texts)) or prompt
