"""One step of an instruction, as the grammar reads it (see :mod:`.instructions`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pytest_skyvern.resolve.phrases import Reading

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Intent:
    """One step of an instruction.

    ``action`` is an action type of ``pytest_skyvern.actions``, or one the resolver turns
    into those: ``choose`` (check a radio or click an option, by the element), ``expand``
    and ``collapse`` (click a disclosure), ``close`` (click a dialog's close control),
    ``fill_all`` (the same value into every text field), ``none`` ("select nothing"),
    ``view`` (a click that does not toggle: "open order 1004"), ``login`` and ``open``
    (a menu item on the way of "File > Save as": hovered, or clicked if it is not a menu
    item; ``values`` then holds the items after it).
    ``value`` of a ``scroll`` is ``"top"``/``"bottom"`` for "scroll to the bottom".
    ``readings`` are all readings of the target, the first being ``target``,
    ``role_hint`` and ``ordinal``; ``parts`` are the readings of each item when the
    target may be a list ("A, B and C"); ``text`` is the clause this came from.
    """

    action: str
    target: str | None = None
    value: str | None = None
    role_hint: str | None = None
    key: str | None = None
    url: str | None = None
    direction: Direction | None = None
    ordinal: int | None = None
    readings: tuple[Reading, ...] = field(default=(), compare=False)
    parts: tuple[tuple[Reading, ...], ...] = field(default=(), compare=False)
    values: tuple[str, ...] = ()
    text: str = field(default="", compare=False)
    #: Clicks to try when the step as parsed finds nothing: the clause as the label of a
    #: control ("Clear completed"), or an action on a record ("follow Ken Thompson").
    otherwise: tuple[Reading, ...] = field(default=(), compare=False)
    #: Refs this step must not take: the items already shown before a menu on its way
    #: opened ("Rita > Lara" means the Lara inside Rita, not the Lara beside it).
    not_refs: frozenset[str] = field(default=frozenset(), compare=False)
    #: No pattern matched: the clause is read only as a label or an action on a record.
    guessed: bool = field(default=False, compare=False)
    #: A click the words imply ("search for shoes" runs the search), dropped when the
    #: instruction goes on to click or press something itself.
    implied: bool = field(default=False, compare=False)

    def all_readings(self) -> tuple[Reading, ...]:
        if self.readings:
            return self.readings
        if self.target is None and self.role_hint is None:
            return ()
        return (Reading(self.target, self.role_hint, self.ordinal),)

    @classmethod
    def on(cls, action: str, readings: tuple[Reading, ...], **fields: object) -> Intent:
        """An intent whose target is ``readings`` (the first gives target/hint/ordinal)."""
        first = readings[0] if readings else Reading(None)
        return cls(action, first.phrase, role_hint=first.role_hint, ordinal=first.ordinal,
                   readings=readings, **fields)  # type: ignore[arg-type]
