"""Heals kept for review, and what ``--skyvern-heal`` makes of them.

In ``auto`` mode a step whose cached elements broke heals: the next tiers resolve it
again (``re-resolved``), or a later locator candidate still finds the element and
the broken ones are dropped (``candidates``). Either way the cache changes under the
team's feet, so every heal is kept with the entry before and after and a diff of
their cache-file text. The reporter writes them to ``summary.json``, ``index.html``
and ``heals.md``; ``review_heals`` applies the team's policy to the test.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict, get_args

from pytest_skyvern.cache.changes import entry_changes, entry_diff
from pytest_skyvern.cache.entry import CacheEntry
from pytest_skyvern.cache.keys import CacheKey
from pytest_skyvern.errors import HealedCacheError, SkyvernHealWarning

HealMode = Literal["allow", "warn", "fail"]
HEAL_MODES: tuple[str, ...] = get_args(HealMode)
HealReason = Literal["re-resolved", "candidates"]

_REASON_WORDS = {
    "re-resolved": "its cached elements were gone; resolved again",
    "candidates": "its first locators broke; a later one still found the element",
}


class Heal(TypedDict):
    """One healed cache entry (JSON data, placeholder form only)."""

    nodeid: str
    #: The entry's readable key in the cache file.
    key: str
    kind: str
    instruction: str
    reason: HealReason
    #: The tier the new entry came from (``cache`` when only candidates were dropped).
    tier: str
    healed_at: str
    before: dict[str, Any]
    after: dict[str, Any]
    #: What changed, one sentence each.
    changes: list[str]
    #: Unified diff of the entry's text in the cache file.
    diff: str


def _stored(entry: CacheEntry) -> dict[str, Any]:
    data: dict[str, Any] = entry.model_dump(mode="json", exclude_defaults=True)
    return data


def heal_record(nodeid: str, key: str, before: CacheEntry, after: CacheEntry,
                reason: HealReason, tier: str) -> Heal:
    """The review record of one heal."""
    old, new = _stored(before), _stored(after)
    return Heal(
        nodeid=nodeid, key=key, kind=after.kind, instruction=after.instruction,
        reason=reason, tier=tier,
        healed_at=(after.healed_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        before=old, after=new, changes=entry_changes(old, new),
        diff=entry_diff(old, new, label=key),
    )


#: Heals by test node id, this process only (the reporter carries them across xdist).
_BY_TEST: dict[str, list[Heal]] = {}


def heals_for(nodeid: str) -> list[Heal]:
    """The heals recorded for the test ``nodeid`` since ``forget_heals(nodeid)``."""
    return list(_BY_TEST.get(nodeid, []))


def forget_heals(nodeid: str) -> None:
    """Start a fresh record for ``nodeid`` (a test starting, or its rerun)."""
    _BY_TEST.pop(nodeid, None)


def stamped(entry: CacheEntry, *, position: int, healed: bool) -> CacheEntry:
    """``entry`` with its step position, and the heal time when it heals an older one."""
    update: dict[str, Any] = {"position": position}
    if healed:
        update["healed_at"] = datetime.now(UTC).replace(microsecond=0)
    return entry.model_copy(update=update)


def note_heal(key: CacheKey, before: CacheEntry | None, after: CacheEntry,
              *, reason: HealReason, tier: str, test: str | None = None) -> None:
    """Keep the heal of the entry at ``key`` for review by the running test ``test``
    (default ``key.nodeid``; a fixture's steps are keyed by the fixture's name)."""
    old = before or after.model_copy(update={"actions": [], "program": None})
    _BY_TEST.setdefault(test or key.nodeid, []).append(
        heal_record(key.nodeid, str(key), old, after, reason, tier))


def reason_words(reason: str) -> str:
    return _REASON_WORDS.get(reason, reason)


def heal_summary(heals: Sequence[Heal]) -> str:
    """A few lines naming each healed step and what changed."""
    lines = [f"{len(heals)} cached step{'s' if len(heals) != 1 else ''} healed:"]
    for heal in heals:
        lines.append(f"  - {heal['kind']} {heal['instruction']!r}: {reason_words(heal['reason'])}")
        lines.extend(f"      {change}" for change in heal["changes"])
    lines.append("The healed cache is written: review skyvern-report/heals.md and commit it.")
    return "\n".join(lines)


def review_heals(mode: str, heals: Sequence[Heal]) -> None:
    """Apply ``--skyvern-heal`` to a test that passed with ``heals``.

    ``allow`` does nothing, ``warn`` issues a ``SkyvernHealWarning`` and ``fail``
    raises ``HealedCacheError`` (an ``AssertionError``: the test fails).
    """
    if not heals or mode == "allow":
        return
    message = heal_summary(heals)
    if mode == "warn":
        warnings.warn(SkyvernHealWarning(message), stacklevel=2)
        return
    raise HealedCacheError(
        message + "\n(--skyvern-heal=fail: a person reviews every heal before it is committed)")
