"""Test-suite settings (no test may call a model endpoint outside this machine) and the
suite's one scripted LLM and demo app.

The plugin is loaded before this file, so importing the package here changes nothing
the settings below are read by.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from examples.demo_app import DemoApp
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.testing.scripted_llm import fresh_script

# Read by the LLM client: a base URL that is not loopback is refused.
os.environ.setdefault("SKYVERN_LLM_LOOPBACK_ONLY", "1")
# The suite's own browser tests must not record into the repository's action cache;
# the tests of the cache itself turn it on explicitly.
os.environ.setdefault("SKYVERN_CACHE", "off")
# Credentials, their key and browser profiles go to a folder of this run, never $HOME
# (child pytest processes inherit it).
os.environ.setdefault("SKYVERN_DATA_DIR", tempfile.mkdtemp(prefix="pytest-skyvern-data-"))


@pytest.fixture(scope="session")
def llm_server() -> Iterator[ScriptedLLMServer]:
    """The session's one scripted OpenAI-compatible LLM on 127.0.0.1 (use ``llm``)."""
    with ScriptedLLMServer() as server:
        yield server


@pytest.fixture
def llm(llm_server: ScriptedLLMServer) -> Iterator[ScriptedLLMServer]:
    """The scripted LLM with no answers and an empty request log, for one test."""
    with fresh_script(llm_server) as server:
        yield server


@pytest.fixture
def app(demo_app: DemoApp) -> Iterator[DemoApp]:
    """The session's demo app (the root conftest starts it), in variant "a" with no
    orders, downloads or sessions; put back so after the test."""
    demo_app.variant = "a"
    demo_app.reset()
    yield demo_app
    demo_app.variant = "a"
    demo_app.reset()
