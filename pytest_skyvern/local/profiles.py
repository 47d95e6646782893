"""Local browser profiles: a session's cookies and local storage, saved to start logged in.

``LocalProfilesMixin`` adds the SDK's ``create_browser_profile`` & co to the local back
end. A profile is the Playwright ``storage_state()`` of a browser session's context,
kept as one JSON file per profile in ``profile_dir()``: outside the repository
(``~/.local/share/pytest-skyvern/profiles/``, or ``$SKYVERN_PROFILE_DIR``) and
readable by its owner only, since session cookies are as good as a password.
``new_context_from_profile`` opens a browser context that starts from a profile.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.async_api import Browser, BrowserContext, StorageState
from pydantic import BaseModel

from pytest_skyvern.config import data_dir
from pytest_skyvern.errors import BadRequestError, NotFoundError, SkyvernError
from pytest_skyvern.sdk.models import BrowserProfile
from pytest_skyvern.sdk.runs import new_id, now

if TYPE_CHECKING:
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.local.live import LiveSession
    from pytest_skyvern.local.runs import LocalRuns

    _Base = LocalRuns
else:
    _Base = object

PROFILE_DIR_ENV = "SKYVERN_PROFILE_DIR"


class StoredProfile(BaseModel):
    """One profile file: the public record and the browser state it restores."""

    profile: BrowserProfile
    storage_state: dict[str, Any]


def profile_dir() -> Path:
    """Where profiles live: ``$SKYVERN_PROFILE_DIR``, else ``profiles`` in the data folder
    (``config.data_dir()``)."""
    configured = os.environ.get(PROFILE_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return data_dir() / "profiles"


def profile_path(profile_id: str) -> Path:
    """The file of ``profile_id`` (it may not exist)."""
    if not profile_id.startswith("bp_") or Path(profile_id).name != profile_id:
        raise NotFoundError({"detail": f"Browser profile {profile_id} not found"})
    return profile_dir() / f"{profile_id}.json"


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    # Created 0600 (not chmod-ed after): the cookies are never readable by others.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temp, 0o600)  # an older temp file may have had other bits
    os.replace(temp, path)


def _save(stored: StoredProfile) -> None:
    _write_private(profile_path(stored.profile.browser_profile_id),
                   stored.model_dump_json(indent=2))


def _load(profile_id: str) -> StoredProfile:
    path = profile_path(profile_id)
    try:
        return StoredProfile.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError({"detail": f"Browser profile {profile_id} not found"}) from None


def _all_profiles() -> list[StoredProfile]:
    folder = profile_dir()
    found = [StoredProfile.model_validate_json(path.read_text(encoding="utf-8"))
             for path in sorted(folder.glob("bp_*.json"))] if folder.is_dir() else []
    return sorted(found, key=lambda s: s.profile.created_at or now())


def find_profile(name_or_id: str) -> StoredProfile:
    """A live profile by id, or else the newest live profile with that name."""
    if name_or_id.startswith("bp_") and profile_path(name_or_id).exists():
        stored = _load(name_or_id)
        if stored.profile.deleted_at is None:
            return stored
    named = [s for s in _all_profiles()
             if s.profile.name == name_or_id and s.profile.deleted_at is None]
    if not named:
        raise NotFoundError({"detail": f"Browser profile {name_or_id} not found"})
    return named[-1]


def profile_storage_state(name_or_id: str) -> StorageState:
    """The Playwright ``storage_state`` of a profile (by id or name)."""
    state: StorageState = json.loads(json.dumps(find_profile(name_or_id).storage_state))
    return state


async def new_context_from_profile(browser: Browser, name_or_id: str,
                                   **context_args: Any) -> BrowserContext:
    """A new context of ``browser`` that starts with the profile's cookies and storage."""
    state = await asyncio.to_thread(profile_storage_state, name_or_id)
    return await browser.new_context(**{**context_args, "storage_state": state})


class LocalProfilesMixin(_Base):
    """``create_browser_profile``, ``list_browser_profiles``, ``get_browser_profile``,
    ``delete_browser_profile``, and pages that start from a profile."""

    #: From the sessions part it is composed with (``LocalSessionsPart._live``).
    _live: Callable[[str], LiveSession]

    async def create_browser_profile(
        self,
        name: str,
        description: str | None = None,
        workflow_run_id: str | None = None,
        browser_session_id: str | None = None,
        *,
        request_options: object = None,
    ) -> BrowserProfile:
        """Save the cookies and local storage of a running browser session as ``name``
        (without a session: an empty profile, as a Skyvern server makes one)."""
        del request_options
        if workflow_run_id is not None:
            raise SkyvernError(
                "create_browser_profile(workflow_run_id=...) is not available in local "
                "mode (local runs do not keep their browser); create it from a "
                "browser_session_id: log in within a browser session, then save that.")
        if not name.strip():
            raise BadRequestError({"detail": "A browser profile needs a name"})
        state: Any = {"cookies": [], "origins": []}
        if browser_session_id is not None:
            live = self._live(browser_session_id)
            if live.browser is None or live.browser.closed:
                raise BadRequestError({"detail": f"Browser session {browser_session_id} is "
                                                 f"{live.record.status}"})
            state = await live.browser.browser_context.storage_state()
        created = now()
        profile = BrowserProfile(browser_profile_id=new_id("bp"), name=name,
                                 description=description, created_at=created,
                                 modified_at=created)
        await asyncio.to_thread(_save, StoredProfile(profile=profile, storage_state=dict(state)))
        return profile.model_copy(deep=True)

    async def list_browser_profiles(
        self, include_deleted: bool | None = None, *, request_options: object = None,
    ) -> list[BrowserProfile]:
        """The saved profiles, oldest first (deleted ones only with ``include_deleted``)."""
        del request_options
        stored = await asyncio.to_thread(_all_profiles)
        return [s.profile for s in stored if include_deleted or s.profile.deleted_at is None]

    async def get_browser_profile(self, profile_id: str, *, request_options: object = None
                                  ) -> BrowserProfile:
        del request_options
        stored = await asyncio.to_thread(_load, profile_id)
        if stored.profile.deleted_at is not None:
            raise NotFoundError({"detail": f"Browser profile {profile_id} not found"})
        return stored.profile

    async def delete_browser_profile(self, profile_id: str, *, request_options: object = None
                                     ) -> None:
        """Mark the profile deleted and erase its cookies and storage at once."""
        del request_options
        stored = await asyncio.to_thread(_load, profile_id)
        if stored.profile.deleted_at is not None:
            raise NotFoundError({"detail": f"Browser profile {profile_id} not found"})
        stored.profile.deleted_at = stored.profile.modified_at = now()
        stored.storage_state = {}
        await asyncio.to_thread(_save, stored)

    async def profile_page(self, name_or_id: str) -> SkyvernBrowserPage:
        """A page in a fresh headless browser that starts from the profile; closing the
        page closes that browser."""
        state = await asyncio.to_thread(profile_storage_state, name_or_id)
        # Owned by the host: if the page is never closed, the host still closes it.
        owner = await self._host.launch_context_browser(storage_state=state)
        page = await owner.browser_context.new_page()
        closing: set[asyncio.Task[None]] = getattr(self, "_profile_closing", set())
        self._profile_closing = closing

        def close_browser(_: object) -> None:
            task = asyncio.get_running_loop().create_task(owner.close())
            closing.add(task)
            task.add_done_callback(closing.discard)

        page.once("close", close_browser)
        return owner.wrap(page)
