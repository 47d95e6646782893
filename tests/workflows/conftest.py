"""Child pytest runs against the demo app, with the tests-as-data plugins loaded.

``-p`` loads the marker and YAML plugins explicitly so these tests do not depend on
how ``pytest_skyvern.plugin`` registers them (registration is idempotent).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from examples.demo_app import DemoApp

PLUGINS = ("-p", "pytest_skyvern.datatests.hooks", "-p", "pytest_skyvern.datatests.yamlfile")

#: The child's base_url is the demo app, like the example suite's.
CHILD_CONFTEST = '''
import os
import pytest

@pytest.fixture(scope="session")
def base_url():
    return os.environ["DEMO_URL"]
'''

RunChild = Callable[..., pytest.RunResult]


@pytest.fixture
def run_child(pytester: pytest.Pytester, app: DemoApp) -> RunChild:
    """Run pytest in ``pytester.path`` with no LLM configured and the URL of the demo app
    (``app``, from ``tests/conftest.py``)."""
    pytester.makeconftest(CHILD_CONFTEST)

    def run(*args: str, env: dict[str, str] | None = None) -> pytest.RunResult:
        with pytest.MonkeyPatch.context() as mp:
            for name in list(os.environ):
                if name.startswith(("SKYVERN_LLM_", "OPENAI_")):
                    mp.delenv(name)
            mp.setenv("DEMO_URL", app.url)
            for name, value in (env or {}).items():
                mp.setenv(name, value)
            return pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGINS, *args)

    return run
