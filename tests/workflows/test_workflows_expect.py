"""Subset matching and its diff (pure)."""

from __future__ import annotations

import pytest

from pytest_skyvern.datatests.expect import MatchOptions, match_subset, options_from, render_diff


def paths(expected: object, actual: object, **options: object) -> list[str]:
    return [str(m) for m in match_subset(expected, actual, options_from(dict(options)))]


def test_dict_subset_ignores_extra_keys_and_names_missing_ones() -> None:
    assert paths({"a": 1}, {"a": 1, "b": 2}) == []
    assert paths({"a": 1, "c": {"d": "x"}}, {"a": 2, "c": {}}) == [
        "$.a: expected 1, got 2 (difference 1, tolerance 0)",
        "$.c.d: missing (actual keys: none)",
    ]


def test_lists_in_order_any_order_and_by_key() -> None:
    actual = [{"n": "a", "p": 1.0}, {"n": "b", "p": 2.0}, {"n": "c", "p": 3.0}]
    assert paths([{"n": "a"}, {"n": "c"}], actual) == []
    assert paths([{"n": "c"}, {"n": "a"}], actual) != []
    assert paths([{"n": "c"}, {"n": "a"}], actual, list_order="any_order") == []
    assert paths([{"n": "c", "p": 3.004}], actual, list_key="n", tolerance=0.01) == []
    assert paths([{"n": "z"}], actual, list_key="n") == [
        '$[n="z"]: no item with n="z" (actual ns: ["a", "b", "c"])']


def test_tolerance_case_and_types() -> None:
    assert paths(10, 10.4, tolerance=0.5) == []
    assert paths(10, 11, rel_tolerance=0.2) == []
    assert paths("Ada", "ada") == [
        '$: expected "Ada", got "ada" (differs only in case; ignore_case=True accepts it)']
    assert paths("Ada", "ADA", ignore_case=True) == []
    assert paths(True, 1) != []
    assert paths(1, "1") == ['$: expected 1, got "1" (a string, not a number: give the '
                             'schema a number type)']


def test_diff_shows_only_what_was_expected() -> None:
    expected = {"country": "France"}
    actual = {"country": "Germany", "name": "Ada"}
    text = render_diff(expected, actual, match_subset(expected, actual, MatchOptions()))
    assert '-  "country": "France"' in text
    assert '+  "country": "Germany"' in text
    assert "Ada" not in text


@pytest.mark.parametrize("bad", [{"tolerance": -1}, {"list_order": "random"},
                                 {"ignore_case": "yes"}, {"list_key": 3}])
def test_bad_options_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        options_from(bad)
