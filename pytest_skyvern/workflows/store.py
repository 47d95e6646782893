"""The embedded SQLite store of local mode: workflows, their versions, and runs.

One file (``<report_dir>/skyvern.sqlite3`` unless ``--skyvern-store-path`` says
otherwise), opened per call in WAL mode so pytest-xdist workers and a background run
can read while another writes. A workflow is a permanent id (``wpid_...``) with
numbered versions; each version has its own id (``w_...``). Deleting a workflow
marks all its versions deleted, so run history keeps its references.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pytest_skyvern.sdk.runs import WorkflowRunResponse, new_id, now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS workflows (
    workflow_id TEXT PRIMARY KEY,
    workflow_permanent_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    definition TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published',
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (workflow_permanent_id, version)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    workflow_permanent_id TEXT,
    run TEXT NOT NULL,
    timeline TEXT NOT NULL DEFAULT '[]',
    artifact_dir TEXT,
    created_at TEXT NOT NULL
);
"""


class Workflow(BaseModel):
    """One version of a workflow, as the SDK returns it."""

    workflow_id: str
    workflow_permanent_id: str
    version: int
    title: str
    description: str | None = None
    workflow_definition: dict[str, Any]
    status: str = "published"
    created_at: datetime
    modified_at: datetime
    deleted_at: datetime | None = None


class StoredRun(BaseModel):
    """A run as kept in the store, with its timeline and artifact folder."""

    run: WorkflowRunResponse
    workflow_permanent_id: str | None = None
    timeline: list[dict[str, Any]]
    artifact_dir: str | None = None


class WorkflowStore:
    """Workflows, versions and runs in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).absolute()
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=30)
            db.row_factory = sqlite3.Row
            try:
                with db:  # one transaction, committed on success
                    yield db
            finally:
                db.close()

    @property
    def runs_dir(self) -> Path:
        return self.path.parent / "runs"

    # --------------------------------------------------------------- workflows
    def create(self, title: str, description: str | None, definition: dict[str, Any]
               ) -> Workflow:
        """A new workflow (version 1) with a new permanent id."""
        return self._insert(new_id("wpid"), 1, title, description, definition)

    def add_version(self, permanent_id: str, title: str, description: str | None,
                    definition: dict[str, Any]) -> Workflow:
        """The next version of an existing workflow."""
        with self._connect() as db:
            row = db.execute(
                "SELECT MAX(version) FROM workflows WHERE workflow_permanent_id = ? "
                "AND deleted_at IS NULL", (permanent_id,)).fetchone()
        return self._insert(permanent_id, int(row[0]) + 1, title, description, definition)

    def _insert(self, permanent_id: str, version: int, title: str, description: str | None,
                definition: dict[str, Any]) -> Workflow:
        stamp = now()
        workflow = Workflow(
            workflow_id=new_id("w"), workflow_permanent_id=permanent_id, version=version,
            title=title, description=description, workflow_definition=definition,
            created_at=stamp, modified_at=stamp,
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO workflows (workflow_id, workflow_permanent_id, version, title, "
                "description, definition, status, created_at, modified_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (workflow.workflow_id, permanent_id, version, title, description,
                 json.dumps(definition), workflow.status, stamp.isoformat(), stamp.isoformat()))
        return workflow

    def get(self, workflow_id: str, version: int | None = None) -> Workflow | None:
        """A version by permanent id (the latest, or ``version``) or by version id."""
        query = ("SELECT * FROM workflows WHERE deleted_at IS NULL AND "
                 "(workflow_permanent_id = ? OR workflow_id = ?)")
        args: list[Any] = [workflow_id, workflow_id]
        if version is not None:
            query += " AND version = ?"
            args.append(version)
        with self._connect() as db:
            row = db.execute(query + " ORDER BY version DESC LIMIT 1", args).fetchone()
        return _workflow(row) if row is not None else None

    def versions(self, permanent_id: str) -> list[Workflow]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM workflows WHERE workflow_permanent_id = ? AND "
                              "deleted_at IS NULL ORDER BY version", (permanent_id,)).fetchall()
        return [_workflow(r) for r in rows]

    def latest(self, title: str | None = None, search_key: str | None = None
               ) -> list[Workflow]:
        """The latest version of every workflow, newest first, optionally filtered."""
        query = ("SELECT w.* FROM workflows w WHERE w.deleted_at IS NULL AND w.version = "
                 "(SELECT MAX(version) FROM workflows v WHERE v.workflow_permanent_id = "
                 "w.workflow_permanent_id AND v.deleted_at IS NULL)")
        args: list[Any] = []
        if title is not None:
            query += " AND w.title = ?"
            args.append(title)
        if search_key:
            query += " AND (w.title LIKE ? OR w.definition LIKE ?)"
            args += [f"%{search_key}%"] * 2
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY w.created_at DESC", args).fetchall()
        return [_workflow(r) for r in rows]

    def delete(self, permanent_id: str) -> bool:
        """Mark every version of the workflow deleted; False if there was none."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE workflows SET deleted_at = ? WHERE workflow_permanent_id = ? AND "
                "deleted_at IS NULL", (now().isoformat(), permanent_id))
        return cursor.rowcount > 0

    # -------------------------------------------------------------------- runs
    def save_run(self, run: WorkflowRunResponse, permanent_id: str | None,
                 timeline: list[dict[str, Any]] | None = None,
                 artifact_dir: str | None = None) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO runs (run_id, workflow_permanent_id, run, timeline, artifact_dir, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(run_id) DO UPDATE SET "
                "run = excluded.run, timeline = excluded.timeline, "
                "artifact_dir = excluded.artifact_dir",
                (run.run_id, permanent_id, run.model_dump_json(),
                 json.dumps(timeline or [], default=str), artifact_dir,
                 run.created_at.isoformat()))

    def get_run(self, run_id: str) -> StoredRun | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        return StoredRun(run=WorkflowRunResponse.model_validate_json(row["run"]),
                         workflow_permanent_id=row["workflow_permanent_id"],
                         timeline=json.loads(row["timeline"]), artifact_dir=row["artifact_dir"])


def _workflow(row: sqlite3.Row) -> Workflow:
    return Workflow(
        workflow_id=row["workflow_id"], workflow_permanent_id=row["workflow_permanent_id"],
        version=row["version"], title=row["title"], description=row["description"],
        workflow_definition=json.loads(row["definition"]), status=row["status"],
        created_at=row["created_at"], modified_at=row["modified_at"],
        deleted_at=row["deleted_at"],
    )


_OPEN: dict[Path, WorkflowStore] = {}
_DEFAULT: list[WorkflowStore] = []

DEFAULT_STORE = Path("skyvern-report") / "skyvern.sqlite3"


def open_store(path: Path | str | None = None) -> WorkflowStore:
    """The store at ``path`` (one object per file in this process); it becomes the
    default store that ``page.agent.run_workflow`` reads workflows from."""
    resolved = Path(path or DEFAULT_STORE).absolute()
    store = _OPEN.get(resolved)
    if store is None:
        store = _OPEN[resolved] = WorkflowStore(resolved)
    _DEFAULT[:] = [store]
    return store


def default_store() -> WorkflowStore:
    """The store last opened by a client in this process, else the default file."""
    return _DEFAULT[0] if _DEFAULT else open_store()
