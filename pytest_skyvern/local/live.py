"""``LiveSession``: a local browser session's record and the browser behind it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pytest_skyvern.sdk.models import BrowserSessionResponse

if TYPE_CHECKING:
    from pytest_skyvern.browser.skyvern_browser import SkyvernBrowser


@dataclass
class LiveSession:
    """A session's record and the browser behind it."""

    record: BrowserSessionResponse
    browser: SkyvernBrowser | None
    user_data_dir: str | None = None
    expiry: asyncio.Task[None] | None = field(default=None, repr=False)
