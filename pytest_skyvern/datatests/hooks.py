"""The ``skyvern`` marker's hooks and the ``skyvern_result`` fixture.

A test marked ``@pytest.mark.skyvern(prompt=...)`` gets ``skyvern_result`` whether it
asks for it or not: the task runs during setup, after the test's own fixtures (so a
fixture can log in first), in the test's ``skyvern_page``. The verdict (status,
schema, ``expected``) is given at the start of the call phase, so a wrong output is a
test *failure* with a diff, reported before the test body adds its own assertions.

Bad marker arguments fail the collection of their module, like a bad
``@pytest.mark.parametrize`` does, naming the test and the argument.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest
import pytest_asyncio

from pytest_skyvern.browser.page import SkyvernBrowserPage
from pytest_skyvern.context import CONTEXT_KEY
from pytest_skyvern.datatests.spec import MarkerError, SkyvernMarker, parse_marker
from pytest_skyvern.datatests.verdict import check_run
from pytest_skyvern.sdk.runs import TaskRunResponse

MARKER = "skyvern"
RESULT_FIXTURE = "skyvern_result"
PLUGIN_NAME = "skyvern-marker"

SPEC_KEY = pytest.StashKey[SkyvernMarker]()
#: The prompt and expected output, with the test's parameters filled in.
FILLED_KEY = pytest.StashKey[tuple[str, Any]]()
RESULT_KEY = pytest.StashKey[TaskRunResponse]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    mark = metafunc.definition.get_closest_marker(MARKER)
    if mark is None:
        return
    try:
        parse_marker(mark, metafunc.fixturenames)
    except MarkerError as exc:
        pytest.fail(f"In {metafunc.definition.name}: @pytest.mark.skyvern: {exc}",
                    pytrace=False)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        mark = item.get_closest_marker(MARKER)
        if mark is None or not isinstance(item, pytest.Function):
            continue
        try:
            spec = parse_marker(mark, item.fixturenames)
        except MarkerError as exc:
            # Only a marker given per parameter (pytest.param(marks=...)) gets here; the
            # others failed their module's collection already.
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.skyvern: {exc}") from None
        item.stash[SPEC_KEY] = spec
        if RESULT_FIXTURE not in item.fixturenames:
            # A copy: parametrized siblings share the list, and may not all be marked.
            item.fixturenames = [*item.fixturenames, RESULT_FIXTURE]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    run = item.stash.get(RESULT_KEY, None)
    spec = item.stash.get(SPEC_KEY, None)
    if run is None or spec is None:
        return
    __tracebackhide__ = True
    prompt, expected = item.stash.get(FILLED_KEY, (spec.prompt, spec.expected))
    check_run(
        run, what=f"@pytest.mark.skyvern task {prompt!r}",
        schema=spec.json_schema, expected=expected,
        options=spec.match, context=item.stash.get(CONTEXT_KEY, None),
    )


def _placeholder_values(request: pytest.FixtureRequest, names: list[str]) -> dict[str, Any]:
    callspec = getattr(request.node, "callspec", None)
    params: dict[str, Any] = dict(callspec.params) if callspec is not None else {}
    return {name: params[name] if name in params else request.getfixturevalue(name)
            for name in names}


def _absolute(url: str | None, request: pytest.FixtureRequest) -> str | None:
    if not url or "://" in url:
        return url
    try:
        base = request.getfixturevalue("base_url")
    except pytest.FixtureLookupError:
        return url  # the page's context may still have a base_url of its own
    return urljoin(str(base), url) if base else url


@pytest_asyncio.fixture(loop_scope="session")
async def skyvern_result(
    request: pytest.FixtureRequest, skyvern_page: SkyvernBrowserPage
) -> TaskRunResponse:
    """The ``TaskRunResponse`` of this test's ``@pytest.mark.skyvern`` task."""
    spec = request.node.stash.get(SPEC_KEY, None)
    if spec is None:
        mark = request.node.get_closest_marker(MARKER)
        if mark is None:
            raise pytest.UsageError(
                f"{request.node.nodeid}: the skyvern_result fixture needs a "
                "@pytest.mark.skyvern(prompt=...) marker on the test")
        spec = parse_marker(mark)
    prompt, url, expected = spec.filled(_placeholder_values(request, spec.placeholders))
    request.node.stash[FILLED_KEY] = (prompt, expected)
    run: TaskRunResponse = await skyvern_page.agent.run_task(
        prompt, engine=spec.engine, url=_absolute(url, request),
        data_extraction_schema=spec.schema, max_steps=spec.max_steps,
        timeout=spec.timeout, error_code_mapping=spec.error_code_mapping, **spec.extra,
    )
    request.node.stash[RESULT_KEY] = run
    return run


def register(config: pytest.Config) -> None:
    """Register the marker plugin (idempotent: ``-p`` may have loaded it already)."""
    import sys

    module = sys.modules[__name__]
    if not config.pluginmanager.is_registered(module):
        config.pluginmanager.register(module, PLUGIN_NAME)
