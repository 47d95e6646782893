"""The action cache: AI steps that resolved once replay from reviewable files, LLM-free.

``keys`` says what identifies a step, ``entry`` what is stored for it, ``store`` keeps
one JSON file per test module (safe under pytest-xdist), and ``replay`` finds cached
elements again on the live page, or reports them stale so the engine can heal them;
``heals`` keeps each heal for review (``changes`` says what changed, in words).
"""

from __future__ import annotations

from pytest_skyvern.cache.changes import entry_changes, entry_diff
from pytest_skyvern.cache.entry import (
    CachedAction,
    CachedElement,
    CacheEntry,
    CheckProgram,
    EntryTier,
    Fingerprint,
    LocatorCandidate,
    UncacheablePlan,
    candidates_for,
    entry_from_plan,
    entry_from_steps,
)
from pytest_skyvern.cache.heals import HEAL_MODES, Heal, HealMode, heals_for, review_heals
from pytest_skyvern.cache.keys import STEP_KINDS, CacheKey, StepKind, normalize_url
from pytest_skyvern.cache.replay import (
    candidate_locator,
    find_cached_element,
    find_cached_match,
    replay_entry,
)
from pytest_skyvern.cache.store import CACHE_MODES, ActionCache, CacheFileError, CacheMode

__all__ = [
    "CACHE_MODES",
    "HEAL_MODES",
    "STEP_KINDS",
    "ActionCache",
    "CacheEntry",
    "CacheFileError",
    "CacheKey",
    "CacheMode",
    "CachedAction",
    "CachedElement",
    "CheckProgram",
    "EntryTier",
    "Fingerprint",
    "Heal",
    "HealMode",
    "LocatorCandidate",
    "StepKind",
    "UncacheablePlan",
    "candidate_locator",
    "candidates_for",
    "entry_changes",
    "entry_diff",
    "entry_from_plan",
    "entry_from_steps",
    "find_cached_element",
    "find_cached_match",
    "heals_for",
    "normalize_url",
    "replay_entry",
    "review_heals",
]
