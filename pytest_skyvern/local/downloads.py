"""``download_files`` and ``upload_file`` in local mode; part of ``LocalSessionsMixin``.

Downloads are caught from Playwright's ``download`` event and saved in the running
test's artifact folder (``<artifacts>/downloads/``), so they sit next to the rest of
the test's evidence. A goal that names a file or link on the page (``INV-1001.csv``)
is carried out without any model; any other goal goes to the engine.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from pytest_skyvern.context import artifact_dir
from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.local.runs import LocalRuns
from pytest_skyvern.sdk.models import RequestOptions, UploadFileResponse, UploadSource
from pytest_skyvern.sdk.runs import FileInfo, WorkflowRunResponse, new_id, now

if TYPE_CHECKING:
    from playwright.async_api import Download

    from pytest_skyvern.agent.engine import Engine
    from pytest_skyvern.browser.page import SkyvernBrowserPage
    from pytest_skyvern.local.host import LocalHost

    _Base = LocalRuns
else:
    _Base = object

DEFAULT_DOWNLOAD_TIMEOUT_S = 30.0
UPLOAD_DIR_ENV = "SKYVERN_UPLOAD_DIR"

_LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(
  (a) => ({href: a.getAttribute('href'), text: (a.innerText || '').trim()}))"""


def _words(text: str) -> set[str]:
    return {w.strip(".,;:'\"()").casefold() for w in text.split()} - {""}


def link_named_by(goal: str, links: list[dict[str, str]]) -> str | None:
    """The href of the one link the goal names by file name (``INV-1001.csv``), or by
    file stem plus link text (``the CSV of INV-1001``); None if unsure."""
    words = _words(goal)
    scored: list[tuple[int, str]] = []
    for link in links:
        name = link["href"].rstrip("/").rsplit("/", 1)[-1].casefold()
        stem = name.rsplit(".", 1)[0]
        score = 3 if name and name in words else 0
        if stem and stem in words and link["text"].casefold() in words:
            score = max(score, 2)
        if score:
            scored.append((score, link["href"]))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    hrefs = {href for score, href in scored if score == best}
    return hrefs.pop() if len(hrefs) == 1 else None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class LocalDownloadsPart(_Base):
    """``download_files`` and ``upload_file``."""

    _host: LocalHost

    async def download_files(
        self,
        navigation_goal: str,
        url: str | None = None,
        browser_session_id: str | None = None,
        browser_profile_id: str | None = None,
        download_suffix: str | None = None,
        download_timeout: float | None = None,
        max_steps_per_run: int | None = None,
        *,
        request_options: RequestOptions | None = None,
    ) -> WorkflowRunResponse:
        """Start a run that downloads files; it returns at once (poll with ``get_run``)."""
        del request_options
        run = WorkflowRunResponse.model_validate({
            "status": "queued", "run_with": "agent", "browser_session_id": browser_session_id})
        self._runs[run.run_id] = run
        folder = Path(artifact_dir()) / "downloads"  # now: the background task has no test
        page = await (self.session_page(browser_session_id) if browser_session_id
                      else self.profile_page(browser_profile_id) if browser_profile_id
                      else self._task_page())
        task = asyncio.create_task(download_on_page(
            self._host.engine, run, page, navigation_goal, url, folder, download_suffix,
            download_timeout or DEFAULT_DOWNLOAD_TIMEOUT_S, max_steps_per_run,
            close_page=browser_session_id is None))
        self._tasks[run.run_id] = task  # type: ignore[assignment,unused-ignore]
        return run.model_copy(deep=True)

    async def upload_file(self, file: UploadSource, *,
                          request_options: RequestOptions | None = None
                          ) -> UploadFileResponse:
        """Copy a file into the local uploads folder; its ``file://`` URL is what runs use."""
        del request_options
        folder = Path(os.environ.get(UPLOAD_DIR_ENV)
                      or Path(tempfile.gettempdir()) / "pytest-skyvern-uploads") / new_id("file")
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(file, str | Path):
            target = folder / Path(file).name
            await asyncio.to_thread(shutil.copyfile, file, target)
        else:
            data = file if isinstance(file, bytes) else await asyncio.to_thread(file.read)
            name = "upload.bin" if isinstance(file, bytes) else Path(
                str(getattr(file, "name", "upload.bin"))).name
            target = folder / name
            await asyncio.to_thread(target.write_bytes, data)
        uri = target.resolve().as_uri()
        return UploadFileResponse(s3_uri=uri, presigned_url=uri, file_id=folder.name)

    async def session_page(self, browser_session_id: str) -> SkyvernBrowserPage:
        raise NotImplementedError  # provided by LocalSessionsPart (same class in the end)

    async def profile_page(self, name_or_id: str) -> SkyvernBrowserPage:
        raise NotImplementedError  # provided by LocalProfilesMixin (same class in the end)


async def _save(download: Download, folder: Path) -> FileInfo:
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]", "_", download.suggested_filename) or "download"
    target = folder / name
    counter = 1
    while target.exists():  # a second file of the same name must not overwrite the first
        target = folder / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        counter += 1
    await download.save_as(target)
    return FileInfo(url=target.resolve().as_uri(), filename=target.name, path=str(target),
                    checksum=await asyncio.to_thread(_sha256, target), modified_at=now())


async def download_on_page(
    engine: Engine, run: WorkflowRunResponse, page: SkyvernBrowserPage, goal: str,
    url: str | None, folder: Path, suffix: str | None, wait_s: float, max_steps: int | None,
    *, close_page: bool,
) -> WorkflowRunResponse:
    """Navigate to ``goal`` on ``page``, save what it downloads into ``folder``, and
    finish ``run`` with the files (or a failure reason; it never raises)."""
    run.status = "running"
    downloads: list[Download] = []

    def on_download(download: Download) -> None:  # Playwright needs a real function
        downloads.append(download)

    page.on("download", on_download)
    try:
        if url:
            await page.goto(url)
        await navigate_to_download(engine, page, goal, max_steps)
        if not downloads:
            await page.wait_for_event("download", timeout=wait_s * 1000)
        run.downloaded_files = [await _save(d, folder) for d in downloads]
        wrong = [f.filename for f in run.downloaded_files
                 if suffix and not (f.filename or "").endswith(suffix)]
        if wrong:
            run.status = "failed"
            run.failure_reason = f"downloaded {wrong}, expected files ending in {suffix!r}"
        else:
            run.status = "completed"
    except PlaywrightTimeoutError:
        run.status, run.failure_reason = "failed", f"no download started within {wait_s:g} s"
    except Exception as exc:  # a background run must end with a status, never hang
        run.status, run.failure_reason = "failed", str(exc)
    finally:
        page.remove_listener("download", on_download)
        run.finished_at = run.modified_at = now()
        if close_page:
            await page.close()
    return run


async def navigate_to_download(
    engine: Engine, page: SkyvernBrowserPage, goal: str, max_steps: int | None
) -> None:
    """Start the download ``goal`` describes: a named link directly, else the engine."""
    href = link_named_by(goal, await page.evaluate(_LINKS))
    if href is not None:
        await page.locator(f'a[href="{href}"]').first.click()
        return
    if engine.runner.llm is None:
        await engine.act(page, goal)  # the resolver; fails loudly if it cannot
        return
    result = await engine.run_task(page, goal, max_steps=max_steps)
    if result.status != "completed":
        raise SkyvernError(f"the navigation did not finish: {result.failure_reason}")
