"""The actions an AI step can perform, as plain data.

Produced by every tier (cache, resolver, LLM) and performed by the page, so the
tiers never touch the browser themselves. Pydantic models: they validate LLM output
and serialise to the action cache and the timeline as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActionType = Literal[
    "click",
    "fill",
    "select",
    "check",
    "uncheck",
    "press",
    "hover",
    "scroll",
    "upload",
    "goto",
    "wait",
    "focus",
]

#: Which tier answered an AI step.
Tier = Literal["cache", "resolver", "llm", "healed"]

#: Action types that need an element.
ELEMENT_ACTIONS: frozenset[str] = frozenset(
    {"click", "fill", "select", "check", "uncheck", "hover", "upload", "focus"}
)


class Action(BaseModel):
    """One browser action. ``ref`` names a snapshot element (``e12``)."""

    model_config = ConfigDict(extra="forbid")

    type: ActionType
    ref: str | None = None
    #: Text to type, option to select, or file path to upload. May be a secret
    #: placeholder such as ``{{password}}``, swapped for the real value only when typing.
    value: str | None = None
    #: Several options for one ``select`` (a multi-select list); ``value`` is then unset.
    values: list[str] | None = None
    #: Key for ``press`` (Playwright key names: ``Enter``, ``Control+A``).
    key: str | None = None
    #: Target of ``goto``.
    url: str | None = None
    #: ``scroll`` direction.
    direction: Literal["up", "down"] | None = None
    reasoning: str | None = None

    def needs_element(self) -> bool:
        return self.type in ELEMENT_ACTIONS


class ActionPlan(BaseModel):
    """What a tier decided for one instruction: the actions, in order, and why."""

    actions: list[Action] = Field(default_factory=list)
    reasoning: str | None = None
    tier: Tier = "llm"
