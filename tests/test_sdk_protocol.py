"""``SkyvernSDK`` declares the SDK's client methods once; both back ends and the client
have each of them, with the same parameters (names and kinds, in order)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from pytest_skyvern import Skyvern
from pytest_skyvern.client.protocol import SkyvernSDK
from pytest_skyvern.cloud import CloudBackend
from pytest_skyvern.local.sessions import LocalBackend

MEMBERS = sorted(name for name, value in vars(SkyvernSDK).items()
                 if inspect.iscoroutinefunction(value))
#: Coroutine methods a back end has besides the SDK's: the client calls them itself.
OWN_METHODS = {
    CloudBackend: {"aclose"},
    LocalBackend: {"aclose", "close_all_browser_sessions", "session_page", "profile_page"},
}

Shape = list[tuple[str, inspect._ParameterKind]]


def shape(function: Callable[..., Any], declared: Callable[..., Any] | None = None) -> Shape:
    """Parameter names and kinds; given the ``declared`` method, less the keyword-only
    parameters with a default that it lacks (a back end's own, like ``totp_timeout``)."""
    known = inspect.signature(declared).parameters if declared else None
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()
            if known is None or p.name in known
            or not (p.kind is p.KEYWORD_ONLY and p.default is not p.empty)]


def test_the_protocol_lists_the_sdk() -> None:
    assert {"run_task", "run_workflow", "create_browser_session", "create_browser_profile",
            "create_credential", "login", "upload_file", "use_cloud_browser"} <= set(MEMBERS)


@pytest.mark.parametrize("backend", [CloudBackend, LocalBackend], ids=lambda b: b.__name__)
@pytest.mark.parametrize("name", MEMBERS)
def test_each_back_end_has_the_method_with_its_parameters(backend: type, name: str) -> None:
    method = getattr(backend, name, None)
    assert method is not None, f"{backend.__name__} has no {name}()"
    assert inspect.iscoroutinefunction(method)
    declared = getattr(SkyvernSDK, name)
    assert shape(method, declared) == shape(declared)


@pytest.mark.parametrize("name", MEMBERS)
def test_the_client_has_the_method_with_its_exact_signature(name: str) -> None:
    assert inspect.signature(getattr(Skyvern, name)) == inspect.signature(
        getattr(SkyvernSDK, name))


@pytest.mark.parametrize("backend", [CloudBackend, LocalBackend], ids=lambda b: b.__name__)
def test_a_back_end_has_no_sdk_method_the_protocol_lacks(backend: type) -> None:
    public = {name for name, _ in inspect.getmembers(backend, inspect.iscoroutinefunction)
              if not name.startswith("_")}
    assert public - OWN_METHODS[backend] == set(MEMBERS)


def test_a_drifting_parameter_is_caught() -> None:
    # The control: a method whose parameters differ from the Protocol's has another shape.
    async def get_run(self: object, run_id: str, **unused: Any) -> None: ...

    assert shape(get_run, SkyvernSDK.get_run) != shape(SkyvernSDK.get_run)
