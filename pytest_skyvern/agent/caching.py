"""The engine's first tier: replay from the action cache, record what other tiers found.

A hit replays the cached actions with no resolver and no LLM. A recorded entry whose
elements can no longer be found is *stale*: the step is re-resolved by the next tiers,
the entry is replaced (never appended) and the step is marked ``healed``. In
replay-only mode a miss or a stale entry fails the step at once, before any other
tier runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from pytest_skyvern.actions import Action
from pytest_skyvern.cache import (
    ActionCache,
    CacheEntry,
    CacheKey,
    UncacheablePlan,
    entry_from_steps,
    find_cached_match,
)
from pytest_skyvern.cache.entry import CachedElement
from pytest_skyvern.cache.heals import note_heal, stamped
from pytest_skyvern.cache.keys import StepKind as CacheStepKind
from pytest_skyvern.context import current_context
from pytest_skyvern.errors import CacheMissError
from pytest_skyvern.events import ElementInfo, StepRecord
from pytest_skyvern.resolve import ExtractionResult, run_program
from pytest_skyvern.sdk.schema import validation_errors
from pytest_skyvern.snapshot import Element, Snapshot

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

    from pytest_skyvern.agent.checks import CheckResult
    from pytest_skyvern.cache import CheckProgram

_ACTION_FOR_KIND = {"fill": "fill", "select_option": "select", "upload_file": "upload"}


class ActionCacheTier:
    """Implements ``CacheTier`` on an ``ActionCache``.

    Keys and entries are scoped by the running context (``current_context()``): the
    test's cache scope names them, and only the test's own secret scope masks them.
    """

    def __init__(self, cache: ActionCache) -> None:
        self.cache = cache

    # ------------------------------------------------------------------ helpers
    def _key(self, step: StepRecord, prompt: str, url: str) -> CacheKey:
        """The step's key. Its index is the occurrence of this same instruction in the
        test (0 for the first), not its position among all steps: a selector that
        starts falling back to AI elsewhere in the test must not shift every key."""
        context = current_context()
        kind = cast(CacheStepKind, "act" if step.kind == "task" else step.kind)
        occurrence = context.cache_scope.occurrence(step)
        return CacheKey.build(context.cache_scope.name, occurrence, kind,
                              context.secrets.mask(prompt), url)

    def _lookup(self, step: StepRecord, key: CacheKey) -> CacheEntry | None:
        entry = self.cache.get(key)
        if entry is None and self.cache.mode == "replay-only":
            raise CacheMissError(self.cache.replay_only_miss_message(key),
                                 instruction=step.instruction)
        return entry

    def _went_stale(self, step: StepRecord, key: CacheKey) -> None:
        if self.cache.mode == "replay-only":
            raise CacheMissError(
                "The cached elements of this step are no longer on the page (the app "
                "changed), and replay-only mode does not heal. Re-record with "
                f"--skyvern-cache=auto. Step key: {key}", instruction=step.instruction,
            )
        current_context().cache_scope.stale.add(step.index)

    def _store(self, step: StepRecord, key: CacheKey, entry: CacheEntry) -> None:
        healed = step.index in current_context().cache_scope.stale
        before = self.cache.get(key) if healed else None  # still the stored one
        entry = stamped(entry, position=current_context().cache_scope.position(step),
                        healed=healed)
        self.cache.put(key, entry)
        if healed:
            step.tier = "healed"
            note_heal(key, before, entry, reason="re-resolved", tier=entry.tier,
                      test=current_context().nodeid)

    # ------------------------------------------------------------------ locate
    async def locate(
        self, page: Page, step: StepRecord, prompt: str
    ) -> tuple[Locator, ElementInfo] | None:
        key = self._key(step, prompt, step.url)
        entry = self._lookup(step, key)
        if entry is None or not entry.actions or entry.actions[0].element is None:
            return None
        element = entry.actions[0].element
        match = await find_cached_match(page, element)
        if match is None:
            self._went_stale(step, key)
            return None
        step.tier = "cache"
        entry = self._placed(step, key, entry)
        self._refresh(step, key, entry, {0: match[1]})
        fp = element.fingerprint
        return match[0], ElementInfo(role=fp.role, name=fp.name, locator=str(match[0]))

    def record_locate(
        self, step: StepRecord, prompt: str, snapshot: Snapshot, element: Element
    ) -> None:
        action = Action(type=cast(Any, _ACTION_FOR_KIND.get(step.kind, "click")),
                        ref=element.ref)
        self._record(step, prompt, [(action, snapshot)])

    # --------------------------------------------------------------------- act
    async def replay_act(self, page: Page, step: StepRecord, prompt: str, engine: Any) -> bool:
        key = self._key(step, prompt, step.url)
        entry = self._lookup(step, key)
        if entry is None or not entry.actions:
            return False
        first = entry.actions[0]
        if first.element is not None and await find_cached_match(page, first.element) is None:
            self._went_stale(step, key)
            return False
        step.tier = "cache"
        entry = self._placed(step, key, entry)
        matched: dict[int, int] = {}
        for index, cached in enumerate(entry.actions):
            target = None
            if cached.element is not None:
                # Later elements are looked up only when their turn comes: an earlier
                # action may have changed the page they are on.
                match = await find_cached_match(page, cached.element)
                if match is not None:
                    target, matched[index] = match
                if target is None:
                    raise CacheMissError(
                        f"Action {index + 1} of this cached step ({cached.type}) found no "
                        "element after the earlier ones ran; re-record the step with "
                        f"--skyvern-cache=refresh. Step key: {key}",
                        instruction=step.instruction,
                    )
            action = Action(type=cached.type, value=cached.value, values=cached.values,
                            key=cached.key, url=cached.url, direction=cached.direction)
            info = None
            if cached.element is not None:
                fp = cached.element.fingerprint
                info = ElementInfo(role=fp.role, name=fp.name, locator=str(target))
            await engine.perform_one(page, step, action, target, info)
        self._refresh(step, key, entry, matched)
        return True

    def _placed(self, step: StepRecord, key: CacheKey, entry: CacheEntry) -> CacheEntry:
        """The hit ``entry`` with its step position kept current (it orders the test's
        steps for ``pytest-skyvern export``); rewritten only when the position moved."""
        position = current_context().cache_scope.position(step)
        if entry.position == position:
            return entry
        placed = entry.model_copy(update={"position": position})
        self.cache.put(key, placed)
        return placed

    def _refresh(
        self, step: StepRecord, key: CacheKey, entry: CacheEntry, matched: dict[int, int]
    ) -> None:
        """After a replay that needed a later candidate (the app's markup changed but the
        element is still recognisable), drop the broken candidates: a heal with no LLM."""
        if not any(matched.values()):
            return
        actions = list(entry.actions)
        for index, first_good in matched.items():
            element = actions[index].element
            if first_good and element is not None:
                trimmed = CachedElement(candidates=element.candidates[first_good:],
                                        fingerprint=element.fingerprint, frames=element.frames)
                actions[index] = actions[index].model_copy(update={"element": trimmed})
        healed = stamped(entry.model_copy(update={"actions": actions,
                                                  "recorded_at": datetime.now(UTC)}),
                         position=current_context().cache_scope.position(step), healed=True)
        self.cache.put(key, healed)
        step.tier = "healed"
        note_heal(key, entry, healed, reason="candidates", tier="cache",
                  test=current_context().nodeid)

    def record_act(
        self, step: StepRecord, prompt: str, performed: Sequence[tuple[Action, Snapshot]]
    ) -> None:
        self._record(step, prompt, performed)

    def _record(
        self, step: StepRecord, prompt: str, performed: Sequence[tuple[Action, Snapshot]]
    ) -> None:
        if not performed:
            return  # nothing to replay ("select nothing"): the next run resolves it again
        key = self._key(step, prompt, step.url)
        try:
            entry = entry_from_steps(
                performed, kind=key.kind, instruction=prompt, url=step.url,
                secrets=current_context().secrets,
                tier="resolver" if step.tier == "resolver" else "llm",
            )
        except UncacheablePlan:
            return  # e.g. an element only the model could describe; the next run re-resolves
        self._store(step, key, entry)

    # ----------------------------------------------------------------- extract
    async def replay_extract(
        self, page: Page, step: StepRecord, prompt: str, schema: dict[str, Any]
    ) -> tuple[bool, Any]:
        key = self._key(step, prompt, step.url)
        entry = self._lookup(step, key)
        if entry is None or entry.program is None:
            return False, None
        result = await run_program(page, entry.program, schema)
        if not isinstance(result, ExtractionResult) or validation_errors(result.data, schema):
            self._went_stale(step, key)
            return False, None
        step.tier = "cache"
        self._placed(step, key, entry)
        return True, result.data

    def record_extract(
        self, step: StepRecord, prompt: str, schema: dict[str, Any], program: dict[str, Any]
    ) -> None:
        del schema  # the program is replayed against the schema given at replay time
        key = self._key(step, prompt, step.url)
        entry = CacheEntry(
            kind=key.kind, instruction=current_context().secrets.mask(prompt), url=key.url,
            tier="resolver" if step.tier == "resolver" else "llm",
            recorded_at=datetime.now(UTC), program=program,
        )
        self._store(step, key, entry)

    # ---------------------------------------------------------------- validate
    async def replay_check(
        self, page: Page, step: StepRecord, prompt: str
    ) -> tuple[CheckProgram | None, CheckResult | None] | None:
        from pytest_skyvern.agent.checks import run_check

        key = self._key(step, prompt, step.url)
        entry = self._lookup(step, key)
        if entry is None:
            return None
        if entry.check is None:
            self._placed(step, key, entry)
            return None, None
        check = entry.check
        result = await run_check(page, check)
        if result.stale:
            self._went_stale(step, key)
            return None
        step.tier = "cache"
        entry = self._placed(step, key, entry)
        if result.candidate and check.element is not None:
            # Its first locators broke but a later one still finds the element.
            element = check.element
            trimmed = element.model_copy(update={"candidates": element.candidates[
                result.candidate:]})
            update = {"check": check.model_copy(update={"element": trimmed}),
                      "recorded_at": datetime.now(UTC)}
            healed = stamped(entry.model_copy(update=update),
                             position=current_context().cache_scope.position(step), healed=True)
            self.cache.put(key, healed)
            step.tier = "healed"
            note_heal(key, entry, healed, reason="candidates", tier="cache",
                      test=current_context().nodeid)
        return check, result

    def record_check(self, step: StepRecord, prompt: str, program: CheckProgram | None
                     ) -> None:
        key = self._key(step, prompt, step.url)
        entry = CacheEntry(
            kind=key.kind, instruction=current_context().secrets.mask(prompt), url=key.url,
            tier="resolver" if step.tier == "resolver" else "llm",
            recorded_at=datetime.now(UTC).replace(microsecond=0), check=program,
        )
        self._store(step, key, entry)
