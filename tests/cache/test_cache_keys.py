"""Cache keys are stable across runs: random ports, query values and variable values."""

from __future__ import annotations

import pytest

from pytest_skyvern.cache import CacheKey, normalize_url

NODE = "examples/test_login.py::test_login"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5123/login", "/login"),
        ("https://example.test/login/", "/login/"),
        ("http://localhost:8000", "/"),
        ("http://127.0.0.1:5123/search?q=shoes&page=2#results", "/search?page&q"),
        ("http://127.0.0.1:5123/a?z=1&a=2&z=3&flag", "/a?a&flag&z"),
        ("about:blank", "about:"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_port_change_gives_the_same_key() -> None:
    first = CacheKey.build(
        NODE, 3, "act", "Click the Sign in button", "http://127.0.0.1:5123/login"
    )
    second = CacheKey.build(
        NODE, 3, "act", "Click the Sign in button", "http://127.0.0.1:61001/login"
    )
    assert first == second
    assert str(first) == "3:act:/login:Click the Sign in button"


def test_query_values_and_fragment_are_ignored() -> None:
    a = CacheKey.build(NODE, 0, "click", "Next", "http://h:1/list?page=1&sid=abc#top")
    b = CacheKey.build(NODE, 0, "click", "Next", "http://h:2/list?sid=zzz&page=9")
    assert a == b
    assert a.url == "/list?page&sid"


def test_path_and_query_names_matter() -> None:
    base = CacheKey.build(NODE, 0, "click", "Next", "http://h/list")
    assert base != CacheKey.build(NODE, 0, "click", "Next", "http://h/other")
    assert base != CacheKey.build(NODE, 0, "click", "Next", "http://h/list?page=1")


def test_step_kind_instruction_and_test_are_part_of_the_key() -> None:
    base = CacheKey.build(NODE, 1, "click", "Sign in", "http://h/login")
    assert base != CacheKey.build(NODE, 2, "click", "Sign in", "http://h/login")
    assert base != CacheKey.build(NODE, 1, "locator", "Sign in", "http://h/login")
    assert base != CacheKey.build(NODE, 1, "click", "Sign up", "http://h/login")
    assert base != CacheKey.build(NODE + "2", 1, "click", "Sign in", "http://h/login")


def test_variable_names_are_in_the_key_values_are_not() -> None:
    with_var = CacheKey.build(NODE, 2, "fill", "Password", "http://h/login", value="{{password}}")
    assert with_var.variables == ("password",)
    assert str(with_var) == "2:fill:/login:Password [password]"
    other_var = CacheKey.build(NODE, 2, "fill", "Password", "http://h/login", value="{{pin}}")
    assert with_var != other_var
    # A literal value never reaches the key: two different values, one key.
    literal_a = CacheKey.build(NODE, 2, "fill", "Name", "http://h/login", value="Ada")
    literal_b = CacheKey.build(NODE, 2, "fill", "Name", "http://h/login", value="Grace")
    assert literal_a == literal_b
    assert "Ada" not in str(literal_a)


def test_placeholders_in_the_instruction_are_variables() -> None:
    k = CacheKey.build(NODE, 0, "act", "Log in as {{user}} with {{ password }}", "http://h/")
    assert k.variables == ("user", "password")


def test_whitespace_in_the_instruction_is_normalised() -> None:
    a = CacheKey.build(NODE, 0, "act", "Click   the\n button", "http://h/")
    assert a.instruction == "Click the button"


def test_bad_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown step kind"):
        CacheKey.build(NODE, 0, "dance", "x", "http://h/")  # type: ignore[arg-type]


def test_module_is_the_file_part_of_the_nodeid() -> None:
    k = CacheKey.build("examples/test_login.py::TestA::test_b[x]", 0, "act", "x", "http://h/")
    assert k.module == "examples/test_login.py"
