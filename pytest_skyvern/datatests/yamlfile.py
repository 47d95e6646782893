"""Collecting workflow YAML files as tests: ``test_*.yaml`` and ``*.skyvern.yaml``.

A file is a Skyvern workflow definition plus an optional ``tests:`` list; each test
case is one pytest item (``test_order.yaml::ada-in-germany``), and a file without
``tests:`` is one item that runs the workflow with its defaults.

``WorkflowFile`` is a ``pytest.Module`` whose "module" is built from the YAML instead
of imported: every case becomes an async test function of that module, so fixtures,
``-k``, markers, pytest-asyncio (auto and strict) and our session-loop handling all
work exactly as for a Python test, with no private pytest or pytest-asyncio API.
A file with a schema error fails its collection with ``file:line: field: message``.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Coroutine
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest

from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.config import SETTINGS_KEY
from pytest_skyvern.context import CONTEXT_KEY
from pytest_skyvern.datatests.expect import options_from
from pytest_skyvern.datatests.verdict import check_run
from pytest_skyvern.sdk.runs import WorkflowRunResponse
from pytest_skyvern.workflows.loading import WorkflowFileError, parse_yaml
from pytest_skyvern.workflows.models import WorkflowSpec, WorkflowTestCase
from pytest_skyvern.workflows.runner import run_definition

PLUGIN_NAME = "skyvern-yaml"
DEFAULT_PATTERNS = "test_*.yaml test_*.yml *.skyvern.yaml *.skyvern.yml"


def patterns(config: pytest.Config) -> list[str]:
    """The file-name globs of workflow test files (``--skyvern-yaml-pattern``)."""
    settings = config.stash.get(SETTINGS_KEY, None)
    configured = getattr(settings, "yaml_pattern", None) if settings is not None else None
    return re.split(r"[\s,]+", (configured or DEFAULT_PATTERNS).strip())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if not any(fnmatch(file_path.name, p) for p in patterns(parent.config)):
        return None
    collector: WorkflowFile = WorkflowFile.from_parent(parent, path=file_path)
    return collector


def case_ids(spec: WorkflowSpec) -> list[str]:
    """Readable, unique ids: the case's ``id``, else its parameter values."""
    if not spec.tests:
        return ["workflow"]
    ids: list[str] = []
    for index, case in enumerate(spec.tests):
        base = case.id or "-".join(str(v) for v in case.parameters.values()) or f"case{index}"
        candidate, n = base, 1
        while candidate in ids:
            n += 1
            candidate = f"{base}-{n}"
        ids.append(candidate)
    return ids


def _case_function(
    spec: WorkflowSpec, case: WorkflowTestCase, case_id: str
) -> Callable[..., Coroutine[Any, Any, None]]:
    async def run_workflow_case(skyvern_page: SkyvernBrowserPage,
                                request: pytest.FixtureRequest) -> None:
        __tracebackhide__ = True
        run = await run_definition(skyvern_page, skyvern_page.ai_backend,
                                   spec.workflow_definition, case.parameters,
                                   WorkflowRunResponse(run_with="agent"))
        request.node.stash[RUN_KEY] = run
        output = run.output if isinstance(run.output, dict) else {}
        expected = case.expected
        check_run(
            run, what=f"workflow {spec.title!r} case {case_id!r}", status=case.status,
            expected=expected, output={k: output.get(k) for k in expected or {}},
            options=options_from(case.model_dump(include={"tolerance", "rel_tolerance",
                                                          "ignore_case", "list_order",
                                                          "list_key"})),
            context=request.node.stash.get(CONTEXT_KEY, None),
        )

    run_workflow_case.__name__ = run_workflow_case.__qualname__ = case_id
    marked: Callable[..., Coroutine[Any, Any, None]] = pytest.mark.asyncio(
        loop_scope="session")(run_workflow_case)
    return marked


#: The finished run of a YAML test, for hooks and reporters.
RUN_KEY = pytest.StashKey[WorkflowRunResponse]()


class WorkflowFile(pytest.Module):
    """A workflow YAML file; its test cases are its test functions."""

    _case_names: frozenset[str] = frozenset()

    def _getobj(self) -> types.ModuleType:
        try:
            spec = parse_yaml(self.path.read_text(encoding="utf-8"), self._display_path())
        except WorkflowFileError as exc:
            raise self.CollectError(str(exc)) from None
        except OSError as exc:
            raise self.CollectError(f"{self.path}: cannot read: {exc}") from None
        module = types.ModuleType(f"skyvern_workflow_{abs(hash(self.path))}")
        module.__file__ = str(self.path)
        module.__doc__ = spec.description or spec.title
        ids = case_ids(spec)
        cases = spec.tests or [WorkflowTestCase()]
        for case_id, case in zip(ids, cases, strict=True):
            setattr(module, case_id, _case_function(spec, case, case_id))
        self._case_names = frozenset(ids)
        self.spec = spec
        # pytest-asyncio and pytest read a test function's module by name.
        sys.modules.setdefault(module.__name__, module)
        return module

    def _display_path(self) -> str:
        try:
            return str(self.path.relative_to(self.config.invocation_params.dir))
        except ValueError:
            return str(self.path)

    def funcnamefilter(self, name: str) -> bool:
        # The cases are the tests, whatever ``python_functions`` says.
        return name in self._case_names


def register(config: pytest.Config) -> None:
    """Register the YAML collector (idempotent: ``-p`` may have loaded it already)."""
    module = sys.modules[__name__]
    if not config.pluginmanager.is_registered(module):
        config.pluginmanager.register(module, PLUGIN_NAME)
