"""The plain data every computer-use engine speaks: screens, actions, turns.

Each engine's adapter turns its provider's answer into ``ComputerAction``s and a
``Turn``; the loop and the Playwright mapper only ever see these, so an engine is
one module that knows one API and nothing of the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from pytest_skyvern.llm import Usage

ActionKind = Literal[
    "click", "double_click", "triple_click", "move", "drag", "mouse_down", "mouse_up",
    "scroll", "type", "key", "wait", "screenshot",
]
Button = Literal["left", "right", "middle"]


@dataclass(frozen=True)
class Screen:
    """One viewport screenshot as the model is shown it (CSS pixels)."""

    png: bytes
    width: int
    height: int
    url: str = ""


@dataclass(frozen=True)
class ComputerAction:
    """One mouse or keyboard action, in viewport pixels.

    ``text`` may hold secret placeholders (``{{password}}``): they are swapped for the
    real values only when typing. ``keys`` are Playwright key names.
    """

    kind: ActionKind
    x: int | None = None
    y: int | None = None
    button: Button = "left"
    #: Keys held during a click or scroll, or the combination a ``key`` action presses.
    keys: tuple[str, ...] = ()
    text: str | None = None
    #: Points of a drag, the first one where the button goes down.
    path: tuple[tuple[int, int], ...] = ()
    scroll_x: int = 0
    scroll_y: int = 0
    seconds: float = 1.0


TurnStatus = Literal["continue", "completed", "failed", "terminated"]


@dataclass
class Turn:
    """One answer of the model: the actions to do, or the end of the task."""

    actions: list[ComputerAction] = field(default_factory=list)
    status: TurnStatus = "continue"
    #: What the model said (its reasoning, or its final answer when it ends).
    text: str = ""
    usage: Usage = field(default_factory=Usage)
    #: Safety checks the provider raised and the engine acknowledged, for the timeline.
    acknowledged: list[str] = field(default_factory=list)


class ComputerUseModel(Protocol):
    """A provider's computer-use model, one conversation per task."""

    @property
    def label(self) -> str:
        """The engine and model, for the timeline (``openai_cua/computer-use-preview``)."""
        ...

    async def start(self, goal: str, screen: Screen) -> Turn:
        """The first turn: the goal and the page as it is."""
        ...

    async def observe(self, screen: Screen) -> Turn:
        """The next turn: the screen after the last turn's actions."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
