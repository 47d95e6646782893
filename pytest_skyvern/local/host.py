"""``LocalHost``: what the local back end needs from whoever runs it.

The back end never sees the client: it gets the settings, the engine that runs its
tasks, and two ways to launch a browser. ``Skyvern`` provides them (structurally).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pytest_skyvern.agent.engine import Engine
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser
    from pytest_skyvern.config import Settings


class LocalHost(Protocol):
    """The settings, the engine and the browser launcher of a local back end."""

    @property
    def settings(self) -> Settings: ...

    @property
    def engine(self) -> Engine: ...

    async def launch_local_browser(
        self, headless: bool = False, port: int = 9222, args: list[str] | None = None,
        user_data_dir: str | None = None,
    ) -> SkyvernBrowser:
        """A local Chromium with CDP on ``port`` (0: a free one), closed with the host."""
        ...

    async def launch_context_browser(self, **context_args: Any) -> SkyvernBrowser:
        """A fresh headless Chromium with one context made of ``context_args``."""
        ...
