"""Expected output as a subset of actual output, with a readable diff.

``match_subset(expected, actual)`` answers "is everything I expect in there?": a dict
matches when each expected key matches (extra actual keys are fine), a list when each
expected item matches an actual item (in order by default, in any order, or paired by
a key field), a number within a tolerance, a string exactly or ignoring case. The
mismatches come back as paths (``$.items[1].price``) with what was expected and what
was found, and ``render_diff`` adds a unified diff of the expected value against the
part of the actual output it was compared with.
"""

from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass
from typing import Any, Literal

ListOrder = Literal["in_order", "any_order"]
LIST_ORDERS: tuple[str, ...] = ("in_order", "any_order")


@dataclass(frozen=True)
class MatchOptions:
    """How leniently values are compared.

    ``tolerance`` is absolute, ``rel_tolerance`` relative (both for numbers);
    ``list_key`` pairs the items of lists of objects by that field instead of order.
    """

    tolerance: float = 0.0
    rel_tolerance: float = 0.0
    ignore_case: bool = False
    list_order: ListOrder = "in_order"
    list_key: str | None = None


#: The marker / YAML keywords that build a ``MatchOptions``.
OPTION_KEYS: tuple[str, ...] = ("tolerance", "rel_tolerance", "ignore_case", "list_order",
                                "list_key")


def options_from(values: dict[str, Any]) -> MatchOptions:
    """A ``MatchOptions`` from keyword values; raises ``ValueError`` naming a bad one."""
    for key in ("tolerance", "rel_tolerance"):
        value = values.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{key}={value!r} must be a number of 0 or more")
    if not isinstance(values.get("ignore_case", False), bool):
        raise ValueError(f"ignore_case={values['ignore_case']!r} must be True or False")
    order = values.get("list_order", "in_order")
    if order not in LIST_ORDERS:
        raise ValueError(f"list_order={order!r}: valid values are {', '.join(LIST_ORDERS)}")
    list_key = values.get("list_key")
    if list_key is not None and not isinstance(list_key, str):
        raise ValueError(f"list_key={list_key!r} must be the name of a field")
    return MatchOptions(
        tolerance=float(values.get("tolerance", 0.0)),
        rel_tolerance=float(values.get("rel_tolerance", 0.0)),
        ignore_case=bool(values.get("ignore_case", False)), list_order=order, list_key=list_key,
    )


@dataclass(frozen=True)
class Mismatch:
    """One place where the actual output does not have what was expected."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def match_subset(expected: Any, actual: Any, options: MatchOptions | None = None
                 ) -> list[Mismatch]:
    """Every way ``actual`` fails to contain ``expected`` (empty when it does)."""
    return _Matcher(options or MatchOptions()).match(expected, actual, "$")


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


class _Matcher:
    def __init__(self, options: MatchOptions) -> None:
        self.options = options

    def match(self, expected: Any, actual: Any, path: str) -> list[Mismatch]:
        if isinstance(expected, dict):
            if not isinstance(actual, dict):
                return [Mismatch(path, f"expected an object, got {_show(actual)}")]
            return self._dict(expected, actual, path)
        if isinstance(expected, list):
            if not isinstance(actual, list):
                return [Mismatch(path, f"expected a list, got {_show(actual)}")]
            return self._list(expected, actual, path)
        if self._scalar_equal(expected, actual):
            return []
        return [Mismatch(path, f"expected {_show(expected)}, got {_show(actual)}"
                         + self._hint(expected, actual))]

    def _dict(self, expected: dict[str, Any], actual: dict[str, Any], path: str
              ) -> list[Mismatch]:
        found: list[Mismatch] = []
        for key, value in expected.items():
            where = f"{path}.{key}"
            if key not in actual:
                keys = ", ".join(map(str, actual)) or "none"
                found.append(Mismatch(where, f"missing (actual keys: {keys})"))
            else:
                found.extend(self.match(value, actual[key], where))
        return found

    def _list(self, expected: list[Any], actual: list[Any], path: str) -> list[Mismatch]:
        key = self.options.list_key
        if key is not None and all(isinstance(e, dict) and key in e for e in expected):
            return self._list_by_key(expected, actual, path, key)
        if self.options.list_order == "any_order":
            return self._list_any_order(expected, actual, path)
        return self._list_in_order(expected, actual, path)

    def _list_in_order(self, expected: list[Any], actual: list[Any], path: str
                       ) -> list[Mismatch]:
        found: list[Mismatch] = []
        position = 0
        for index, item in enumerate(expected):
            hit = next((j for j in range(position, len(actual))
                        if not self.match(item, actual[j], "")), None)
            if hit is not None:
                position = hit + 1
                continue
            # Show why the item at the same position differs: the likeliest intent.
            if index < len(actual) and position <= index:
                found.extend(self.match(item, actual[index], f"{path}[{index}]"))
            else:
                found.append(Mismatch(
                    f"{path}[{index}]",
                    f"expected item {_show(item)} not found in order after {path}"
                    f"[{position - 1}] (actual has {len(actual)} items)"))
        return found

    def _list_any_order(self, expected: list[Any], actual: list[Any], path: str
                        ) -> list[Mismatch]:
        used: set[int] = set()
        found: list[Mismatch] = []
        for index, item in enumerate(expected):
            hit = next((j for j in range(len(actual))
                        if j not in used and not self.match(item, actual[j], "")), None)
            if hit is None:
                found.append(Mismatch(f"{path}[{index}]",
                                      f"expected item {_show(item)} not found in any order"))
            else:
                used.add(hit)
        return found

    def _list_by_key(self, expected: list[Any], actual: list[Any], path: str, key: str
                     ) -> list[Mismatch]:
        found: list[Mismatch] = []
        for item in expected:
            wanted = item[key]
            where = f"{path}[{key}={_show(wanted)}]"
            pair = next((a for a in actual if isinstance(a, dict) and key in a
                         and self._scalar_equal(wanted, a[key])), None)
            if pair is None:
                present = [a.get(key) for a in actual if isinstance(a, dict)]
                found.append(Mismatch(where, f"no item with {key}={_show(wanted)} "
                                             f"(actual {key}s: {_show(present)})"))
            else:
                found.extend(self.match(item, pair, where))
        return found

    def _scalar_equal(self, expected: Any, actual: Any) -> bool:
        # bool is an int in Python; True must not match 1 in test data.
        if isinstance(expected, bool) or isinstance(actual, bool):
            return type(expected) is type(actual) and expected == actual
        if isinstance(expected, int | float) and isinstance(actual, int | float):
            opts = self.options
            return math.isclose(expected, actual, abs_tol=opts.tolerance,
                                rel_tol=opts.rel_tolerance) or expected == actual
        if isinstance(expected, str) and isinstance(actual, str) and self.options.ignore_case:
            return expected.casefold() == actual.casefold()
        return bool(expected == actual)

    def _hint(self, expected: Any, actual: Any) -> str:
        if isinstance(expected, str) and isinstance(actual, str) and not self.options.ignore_case \
                and expected.casefold() == actual.casefold():
            return " (differs only in case; ignore_case=True accepts it)"
        if isinstance(expected, int | float) and isinstance(actual, int | float) \
                and not isinstance(expected, bool):
            allowed = self.options.tolerance
            return f" (difference {abs(expected - actual):g}, tolerance {allowed:g})"
        if isinstance(expected, int | float) and isinstance(actual, str):
            return " (a string, not a number: give the schema a number type)"
        return ""


def projection(expected: Any, actual: Any) -> Any:
    """The part of ``actual`` that ``expected`` talks about (for a focused diff)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: projection(expected[k], actual[k]) for k in actual if k in expected}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [projection(e, a) for e, a in zip(expected, actual, strict=True)]
    return actual


def render_diff(expected: Any, actual: Any, mismatches: list[Mismatch]) -> str:
    """The mismatches, then a unified diff of expected vs. the matching part of actual."""
    lines = ["expected output is not a subset of the actual output:"]
    lines.extend(f"  {m}" for m in mismatches)
    want = json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    got = json.dumps(projection(expected, actual), indent=2, sort_keys=True,
                     ensure_ascii=False, default=str)
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                     "expected", "actual", lineterm="", n=2))
    if diff:
        lines.append("diff (expected -> actual, actual keys not expected are left out):")
        lines.extend(f"  {line}" for line in diff)
    return "\n".join(lines)
