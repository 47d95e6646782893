"""What a resolver tier says when it will not answer.

The resolver never guesses: when it is unsure it returns ``NotConfident`` with the
best candidates it saw, so the LLM tier (or, without one, a ``ResolutionError``)
takes over with something useful to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NotConfident:
    """The resolver declined to answer; ``candidates`` are human-readable, best first."""

    reason: str
    candidates: list[str] = field(default_factory=list)
    #: Several elements fit about equally well: acting on any of them would be a guess.
    ambiguous: bool = False
    #: Target phrases nothing in the snapshot matched; the page's visible text may still
    #: hold exactly one of them (the caller may look, then ask again).
    wanted_texts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        # Falsy, so ``if result := resolver.resolve_act(...)`` reads naturally.
        return False
