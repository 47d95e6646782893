"""download_files into the test's artifact folder, and upload_file."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from examples.demo_app import DEMO_USERS
from pytest_skyvern import Skyvern
from pytest_skyvern.context import artifact_dir
from pytest_skyvern.local.downloads import link_named_by
from pytest_skyvern.local.sessions import LocalBackend
from pytest_skyvern.sdk.runs import TaskRunResponse


async def _finished(client: Skyvern, run_id: str) -> TaskRunResponse:
    for _ in range(200):
        run = await client.get_run(run_id)
        if run.is_terminal:
            return run
        await asyncio.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


async def _logged_in_session(client: Skyvern, demo_url: str) -> str:
    user = DEMO_USERS[0]
    cred = await client.create_credential(
        "demo", "password", {"username": user["email"], "password": user["password"]})
    session = await client.create_browser_session()
    run = await client.login(credential_type="skyvern", credential_id=cred.credential_id,
                             url=f"{demo_url}/login", wait_for_completion=True,
                             browser_session_id=session.browser_session_id)
    assert run.status == "completed", run.failure_reason
    return session.browser_session_id


def test_the_goal_names_one_link() -> None:
    links = [{"href": f"/invoices/INV-100{i}.{ext}", "text": ext.upper()}
             for i in (1, 2) for ext in ("pdf", "csv")]
    assert link_named_by("Download INV-1001.csv", links) == "/invoices/INV-1001.csv"
    assert link_named_by("Download the CSV of INV-1002", links) == "/invoices/INV-1002.csv"
    assert link_named_by("Download the CSV", links) is None


async def test_download_the_invoice_csv(client: Skyvern, backend: LocalBackend,
                                        demo_url: str) -> None:
    session_id = await _logged_in_session(client, demo_url)
    started = await client.download_files(
        "Download the CSV of invoice INV-1001", url=f"{demo_url}/invoices",
        browser_session_id=session_id, download_suffix=".csv", download_timeout=20)
    assert started.status in ("queued", "running")
    run = await _finished(client, started.run_id)
    assert run.status == "completed", run.failure_reason
    assert run.downloaded_files is not None
    assert len(run.downloaded_files) == 1
    info = run.downloaded_files[0]
    assert info.filename == "INV-1001.csv"
    path = Path(str(info.path))
    assert path.parent == Path(artifact_dir()) / "downloads"
    assert info.url == path.resolve().as_uri()  # noqa: ASYNC240
    assert info.checksum == hashlib.sha256(path.read_bytes()).hexdigest()  # noqa: ASYNC240
    assert b"INV-1001" in path.read_bytes()  # noqa: ASYNC240


async def test_wrong_suffix_fails_the_run(client: Skyvern, backend: LocalBackend,
                                          demo_url: str) -> None:
    session_id = await _logged_in_session(client, demo_url)
    started = await client.download_files(
        "Download INV-1002.csv", url=f"{demo_url}/invoices",
        browser_session_id=session_id, download_suffix=".pdf")
    run = await _finished(client, started.run_id)
    assert run.status == "failed"
    assert "'.pdf'" in (run.failure_reason or "")


async def test_upload_file_copies_to_the_uploads_folder(
        client: Skyvern, backend: LocalBackend, tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    source.write_text("a,b\n1,2\n")
    upload = await client.upload_file(source)
    assert upload.s3uri.startswith("file://")
    assert upload.s3uri.endswith("/data.csv")
    copied = Path(upload.s3uri.removeprefix("file://"))
    assert copied.read_text() == "a,b\n1,2\n"  # noqa: ASYNC240
    assert copied.is_relative_to(tmp_path / "uploads")
