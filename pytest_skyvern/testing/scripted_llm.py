"""One scripted LLM for a whole test session, fresh for every test.

Starting a ``ScriptedLLMServer`` per test costs a thread and a port each time; one per
session is enough when every test starts from an empty script. This is how the
project's own suite does it (``tests/conftest.py``), and a project can do the same:

    @pytest.fixture(scope="session")
    def llm_server():
        with ScriptedLLMServer() as server:
            yield server

    @pytest.fixture
    def llm(llm_server):
        with fresh_script(llm_server):
            yield llm_server

    def test_child_run(pytester, llm, monkeypatch):
        for name, value in scripted_llm_env(llm).items():
            monkeypatch.setenv(name, value)
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytest_skyvern.llm import ScriptedLLMServer, clear_capability_cache

__all__ = ["SCRIPTED_MODEL", "fresh_script", "scripted_llm_env"]

#: The model name the scripted server is asked for (it answers to any name).
SCRIPTED_MODEL = "scripted-model"


def scripted_llm_env(server: ScriptedLLMServer) -> dict[str, str]:
    """The ``SKYVERN_LLM_*`` variables that point Skyvern, or a child pytest, at ``server``."""
    return {"SKYVERN_LLM_BASE_URL": server.base_url, "SKYVERN_LLM_MODEL": SCRIPTED_MODEL}


@contextmanager
def fresh_script(server: ScriptedLLMServer) -> Iterator[ScriptedLLMServer]:
    """``server`` with no answers, no recorded requests and no remembered capability
    probe; its script is dropped again on the way out, so the next test starts empty."""
    server.reset()
    # The probe cache is keyed by base URL: a test that probed this server with other
    # expectations must not decide for the next one.
    clear_capability_cache()
    try:
        yield server
    finally:
        server.reset()
