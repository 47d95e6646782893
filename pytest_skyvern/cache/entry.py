"""What the cache stores for one AI step, and how a resolved plan becomes that.

Snapshot refs (``e12``) die with the page, so each element is stored as several
ways to find it again (test id first, XPath last) plus a fingerprint that tells
whether what was found is still the same element. Values are stored in placeholder
form only: a secret typed as a literal is masked before it reaches an entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field

from pytest_skyvern.actions import Action, ActionPlan, ActionType
from pytest_skyvern.cache.keys import StepKind, normalize_url
from pytest_skyvern.resolve.assertions import Condition, Op
from pytest_skyvern.secrets import SecretRegistry, placeholder_names
from pytest_skyvern.snapshot.model import Element, Snapshot

EntryTier = Literal["resolver", "llm"]
CandidateKind = Literal["test_id", "role", "label", "placeholder", "text", "css", "xpath"]
#: Longer texts change too often to find an element by.
MAX_TEXT_CANDIDATE = 80

#: Attributes the snapshot probe reads a test id from (``snapshot/probe.js``).
TEST_ID_ATTRIBUTES = ("data-testid", "data-test-id", "data-test", "data-qa", "data-cy")


class UncacheablePlan(ValueError):
    """A plan that cannot be stored so it replays (an element missing from the snapshot).

    The step itself succeeded; the caller should skip caching it, not fail the test.
    """


class _Model(BaseModel):
    # Cache files are hand-reviewed and may be hand-edited: unknown fields are typos.
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocatorCandidate(_Model):
    """One way to find an element again. ``name`` is the accessible name of a ``role``."""

    kind: CandidateKind
    value: str
    name: str | None = None


class Fingerprint(_Model):
    """What must still hold of an element found by a candidate for it to be the same one."""

    role: str
    name: str = ""
    tag: str = ""
    input_type: str | None = None


class CachedElement(_Model):
    candidates: list[LocatorCandidate]
    fingerprint: Fingerprint
    #: Candidates of each enclosing iframe, outermost first (empty on the main page).
    frames: list[list[LocatorCandidate]] = Field(default_factory=list)


class CachedAction(_Model):
    type: ActionType
    #: Placeholder form only (``{{password}}``), never a secret value.
    value: str | None = None
    #: Several options of one multi-select, placeholder form only like ``value``.
    values: list[str] | None = None
    key: str | None = None
    url: str | None = None
    direction: Literal["up", "down"] | None = None
    element: CachedElement | None = None


_OP_WORDS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class CheckProgram(_Model):
    """The check a compiled assertion is stored as: a locator plus a condition.

    The locator is a ``CachedElement`` (found again, and healed, like an action's) or
    nothing: then the check reads the page (its text, its URL). Never a verdict: each
    run decides again.
    """

    condition: Condition
    #: The element read (None: the page). Its fingerprint never pins asserted text.
    element: CachedElement | None = None
    #: Page text that must be shown (``visible``) or not (``hidden``) when no element.
    text: str | None = None
    #: CSS of the items counted inside ``element`` (or the page), for ``count``.
    items: str | None = None
    #: Words before the number in the element's text, for ``number`` ("Total").
    label: str | None = None
    #: Expected text or value; for ``url`` a regular expression searched in the URL.
    expected: str | None = None
    number: float | None = None
    op: Op = "eq"

    def describe(self) -> str:
        """The check in one line, e.g. ``button "Sign in" is disabled``."""
        where = self.element_words()
        c = self.condition
        if c == "url":
            return f"URL matches /{self.expected}/"
        if c in ("visible", "hidden") and self.element is None:
            return f"text {self.text!r} is {c}"
        if c == "count":
            inside = f" in {where}" if self.element is not None else ""
            return f"count of {self.items!r}{inside} {_OP_WORDS[self.op]} {self.number:g}"
        if c == "number":
            return f"number in {where} {_OP_WORDS[self.op]} {self.number:g}"
        if c in ("has_text", "contains_text", "value"):
            verb = {"has_text": "has text", "contains_text": "contains text",
                    "value": "has value"}[c]
            return f"{where} {verb} {self.expected!r}"
        return f"{where} is {c}"

    def element_words(self) -> str:
        if self.element is None:
            return "the page"
        fp = self.element.fingerprint
        first = self.element.candidates[0] if self.element.candidates else None
        name = f' "{fp.name}"' if fp.name else (
            f" ({first.kind} {first.value!r})" if first is not None else "")
        return f"{fp.role or fp.tag or 'element'}{name}"



class CacheEntry(_Model):
    kind: StepKind
    instruction: str
    #: Normalised URL of the page the step was recorded on.
    url: str
    variables: list[str] = Field(default_factory=list)
    tier: EntryTier
    recorded_at: datetime
    actions: list[CachedAction] = Field(default_factory=list)
    #: Extraction program (``resolve.extract.run_program``) for ``extract`` steps.
    program: dict[str, Any] | None = None
    #: Compiled check of a ``validate`` step; a ``validate``
    #: entry without one marks an assertion only the LLM can judge.
    check: CheckProgram | None = None
    #: The step's index among its test's steps when recorded: orders the steps of a
    #: test for ``pytest-skyvern export`` (keys count occurrences, not positions).
    position: int | None = None
    #: When the entry was last healed (None: as recorded), for ``pytest-skyvern cache``.
    healed_at: datetime | None = None


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def selector_for_test_id(test_id: str) -> str:
    """CSS matching ``test_id`` under any attribute the probe reads test ids from."""
    value = _css_string(test_id)
    return ", ".join(f"[{attr}={value}]" for attr in TEST_ID_ATTRIBUTES)


def candidates_for(element: Element) -> list[LocatorCandidate]:
    """Ways to find ``element`` again, most stable first; missing ones are skipped."""
    out: list[LocatorCandidate] = []
    if element.test_id:
        out.append(LocatorCandidate(kind="test_id", value=element.test_id))
    # A role without a name matches every element of that role: not a way to find one.
    if element.role and element.name:
        out.append(LocatorCandidate(kind="role", value=element.role, name=element.name))
    if element.label:
        out.append(LocatorCandidate(kind="label", value=element.label))
    if element.placeholder:
        out.append(LocatorCandidate(kind="placeholder", value=element.placeholder))
    # An element clickable only by script has no role to find it by; its words may do.
    if element.clickable and element.text and len(element.text) <= MAX_TEXT_CANDIDATE:
        out.append(LocatorCandidate(kind="text", value=element.text))
    # The probe writes a unique test id as its CSS; trying it twice would only cost time.
    if element.css and not (element.test_id and _is_test_id_css(element.css, element.test_id)):
        out.append(LocatorCandidate(kind="css", value=element.css))
    if element.xpath:
        out.append(LocatorCandidate(kind="xpath", value=element.xpath))
    return out


def _is_test_id_css(css: str, test_id: str) -> bool:
    return any(css == f"[{attr}={json.dumps(test_id)}]" for attr in TEST_ID_ATTRIBUTES)


def _same_origin_relative(target: str, page_url: str) -> str:
    # The app may run on another port next time: keep same-origin targets relative
    # (replay joins them onto the live page's URL).
    to, at = urlsplit(target), urlsplit(page_url)
    if to.scheme in ("http", "https") and (to.scheme, to.netloc) == (at.scheme, at.netloc):
        return urlunsplit(("", "", to.path or "/", to.query, to.fragment))
    return target


def fingerprint_of(element: Element) -> Fingerprint:
    return Fingerprint(
        role=element.tree_role, name=element.name, tag=element.tag, input_type=element.input_type
    )


def cached_element(element: Element, snapshot: Snapshot) -> CachedElement:
    """``element`` (and the iframes around it) in the form the cache stores."""
    frames: list[list[LocatorCandidate]] = []
    for ref in element.frame_path:
        frame = snapshot.element(ref)
        if frame is None:
            raise UncacheablePlan(f"iframe {ref} around {element.describe()} is not in snapshot")
        frames.append(candidates_for(frame))
    candidates = candidates_for(element)
    if not candidates:
        raise UncacheablePlan(f"{element.describe()} has no stable way to be found again")
    return CachedElement(candidates=candidates, fingerprint=fingerprint_of(element), frames=frames)


def entry_from_plan(
    plan: ActionPlan,
    snapshot: Snapshot,
    *,
    kind: StepKind,
    instruction: str,
    url: str,
    secrets: SecretRegistry,
    tier: EntryTier | None = None,
    program: dict[str, Any] | None = None,
) -> CacheEntry:
    """The cache entry for ``plan``, resolved on ``snapshot``.

    Raises :class:`UncacheablePlan` when an action's element cannot be described.
    ``tier`` defaults to the plan's (anything but the resolver counts as ``llm``).
    """
    return entry_from_steps(
        [(action, snapshot) for action in plan.actions], kind=kind, instruction=instruction,
        url=url, secrets=secrets, tier=tier or ("resolver" if plan.tier == "resolver" else "llm"),
        program=program,
    )


def entry_from_steps(
    steps: Sequence[tuple[Action, Snapshot]],
    *,
    kind: StepKind,
    instruction: str,
    url: str,
    secrets: SecretRegistry,
    tier: EntryTier,
    program: dict[str, Any] | None = None,
) -> CacheEntry:
    """The cache entry for actions each resolved on its own snapshot (a step whose later
    actions were resolved on the page its earlier ones led to)."""
    actions: list[CachedAction] = []
    for action, snapshot in steps:
        element: CachedElement | None = None
        if action.ref is not None:
            found = snapshot.element(action.ref)
            if found is None:
                raise UncacheablePlan(f"{action.type} refers to {action.ref}, not in snapshot")
            element = cached_element(found, snapshot)
        elif action.needs_element():
            raise UncacheablePlan(f"action {action.type} has no element ref")
        target = None if action.url is None else _same_origin_relative(action.url, url)
        actions.append(
            CachedAction(
                type=action.type,
                value=None if action.value is None else secrets.mask(action.value),
                values=None if action.values is None else [secrets.mask(v) for v in action.values],
                key=action.key,
                url=None if target is None else secrets.mask(target),
                direction=action.direction,
                element=element,
            )
        )
    instruction = secrets.mask(instruction)
    values = [a.value for a in actions if a.value]
    variables = placeholder_names(" ".join([instruction, *values]))
    return CacheEntry(
        kind=kind,
        instruction=instruction,
        url=normalize_url(url),
        variables=variables,
        tier=tier,
        recorded_at=datetime.now(UTC).replace(microsecond=0),
        actions=actions,
        program=program,
    )
