"""The running test's own state: one ``TestContext`` per test, in a ``ContextVar``.

A context holds what belongs to one test and nothing else: its node id, its artifact
folder, its LLM budget, the secrets it registered (its *secret scope*) and the name its
action-cache keys are scoped by (its *cache scope*), plus the ``EventBus`` its steps are
told to. The plugin makes one in ``pytest_runtest_setup``; the reporter only subscribes
to its bus, so a test runs the same with ``-p no:skyvern-reporter``.

Why a ``ContextVar``: a background run (``run_workflow(..., wait_for_completion=False)``)
is an asyncio task, and a task runs in a copy of the context it was created in. The run
sets its own context inside its task (``use_context``), so its steps and cache keys
never reach the test that started it, and the test's never reach the run.
pytest-asyncio (1.x) runs every test and fixture coroutine in a copy of the main
thread's context, so the value the plugin's setup hook sets is the one they see.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_playwright_asyncio.pytest_playwright import _truncate_file_name
from slugify import slugify

from pytest_skyvern.events import EventBus, StepKind, StepRecord
from pytest_skyvern.secrets import SecretScope, secrets


@dataclass
class CacheScope:
    """What the action-cache keys of one test (or fixture, or workflow) are scoped by."""

    #: The first part of every key: the test's node id, ``<file>::<fixture>`` for a
    #: module- or session-scoped fixture, or ``workflows/<id>``.
    name: str
    #: Indexes of steps whose cached entry went stale (re-resolved: marked "healed").
    stale: set[int] = field(default_factory=set)
    #: Step index -> (kind, instruction) of the steps keyed in this scope, in order.
    _steps: dict[int, tuple[str, str]] = field(default_factory=dict)

    def position(self, step: StepRecord) -> int:
        """The step's place among the steps keyed in this scope (0 for the first): unlike
        ``step.index``, the same with the reporter off (it records navigations as steps)
        and for a fixture whichever test set it up."""
        self._steps.setdefault(step.index, (step.kind, step.instruction))
        return sorted(self._steps).index(step.index)

    def occurrence(self, step: StepRecord) -> int:
        """How many earlier steps of this scope had the same kind and instruction."""
        this = (step.kind, step.instruction)
        self._steps.setdefault(step.index, this)
        return sum(1 for index, seen in self._steps.items()
                   if index < step.index and seen == this)


@dataclass
class TestContext:
    """Everything that belongs to one running test (or one background run)."""

    __test__ = False  # not a test class, whatever pytest's collection thinks

    nodeid: str = ""
    #: The test's artifact folder (pytest-playwright's ``--output/<slug>``), if known.
    artifact_dir: str | None = None
    #: Per-test LLM caps from ``@pytest.mark.skyvern_budget`` (``max_llm_calls``,
    #: ``max_tokens``, ``max_cost``, ``warn``), over the configured ones.
    budget: dict[str, float] = field(default_factory=dict)
    #: The secrets registered while this test runs, over the shared ones.
    secrets: SecretScope = field(default_factory=lambda: secrets().new_scope())
    cache_scope: CacheScope = field(default_factory=lambda: CacheScope(""))
    #: Where this test's steps are recorded and announced to listeners.
    bus: EventBus = field(default_factory=EventBus)

    @classmethod
    def for_test(
        cls, nodeid: str, artifact_dir: str | None = None,
        budget: dict[str, float] | None = None,
    ) -> TestContext:
        """A fresh context for the test ``nodeid``."""
        return cls(nodeid=nodeid, artifact_dir=artifact_dir, budget=dict(budget or {}),
                   cache_scope=CacheScope(nodeid))

    def for_fixture(self, name: str) -> TestContext:
        """The context of a module- or session-scoped fixture set up for this test: the
        test's timeline and budget, but its own secret and cache scopes, so its steps
        key the same whichever test happened to set it up."""
        return TestContext(nodeid=self.nodeid, artifact_dir=self.artifact_dir,
                           budget=self.budget, cache_scope=CacheScope(name), bus=self.bus)

    def new_step(self, kind: StepKind, instruction: str, url: str = "") -> StepRecord:
        return self.bus.new_step(kind, instruction, url)


# Outside pytest (a script using Skyvern.local()) there is no test: one context for
# everything that runs outside a test or a background run.
_OUTSIDE = TestContext()
_CURRENT: contextvars.ContextVar[TestContext | None] = contextvars.ContextVar(
    "pytest_skyvern_test_context", default=None
)


def current_context() -> TestContext:
    """The context of the running test or background run (a shared one outside both)."""
    return _CURRENT.get() or _OUTSIDE


def fixture_scope_name(baseid: str, argname: str) -> str:
    """``examples/test_sessions.py::logged_in``: where a fixture is visible (its
    ``FixtureDef.baseid``; a conftest's fixtures are named after the conftest), and its name."""
    where = baseid.split("::", 1)[0]
    if not where.endswith(".py"):
        where = f"{where}/conftest.py" if where else "conftest.py"
    return f"{where}::{argname}"


def running_context() -> TestContext | None:
    """The context of the running test or background run, None outside both."""
    return _CURRENT.get()


def current_bus() -> EventBus:
    """The running test's event bus (``current_context().bus``)."""
    return current_context().bus


def enter_context(context: TestContext | None) -> contextvars.Token[TestContext | None]:
    """Make ``context`` current from here on (``leave_context`` undoes it)."""
    return _CURRENT.set(context)


def leave_context(token: contextvars.Token[TestContext | None]) -> None:
    try:
        _CURRENT.reset(token)
    except ValueError:  # set in another context (a hook pair split across contexts)
        _CURRENT.set(None)


@contextlib.contextmanager
def use_context(context: TestContext) -> Iterator[TestContext]:
    """``context`` is current inside the block (in this task or thread only)."""
    token = enter_context(context)
    try:
        yield context
    finally:
        leave_context(token)


def _current_scope() -> SecretScope | None:
    context = _CURRENT.get()
    return context.secrets if context is not None else None


# A secret registered while a test runs belongs to that test's scope.
secrets().set_scope_source(_current_scope)


#: The running test's context, on its item's stash.
CONTEXT_KEY = pytest.StashKey[TestContext]()


# Where evidence files of the running test go: the one place that names its folder.

def test_artifact_dir(item: pytest.Item) -> Path:
    """pytest-playwright's per-test folder, ``--output/<slug of nodeid>[-retryN]``
    (its ``output_path`` fixture, computed the same way for a hook)."""
    output = item.config.getoption("--output", default=None) or "test-results"
    name = slugify(item.nodeid)
    retry = int(getattr(item, "execution_count", 1)) - 1
    if retry > 0:
        name += f"-retry{retry}"
    return Path(output).absolute() / _truncate_file_name(name)


def artifact_dir() -> str:
    """The running test's artifact folder (created), or a temp folder outside pytest."""
    folder = current_context().artifact_dir or os.path.join(
        tempfile.gettempdir(), "pytest-skyvern")
    os.makedirs(folder, exist_ok=True)
    return folder


def failure_screenshot_path(step: StepRecord) -> str:
    return os.path.join(artifact_dir(), f"step-{step.index:02d}-{step.kind}-failed.png")
