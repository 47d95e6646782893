"""``@pytest.mark.skyvern_budget``: one test's caps on LLM use, checked at collection."""

from __future__ import annotations

import pytest

BUDGET_KEYS = ("max_llm_calls", "max_tokens", "max_cost")


def budget_marker(item: pytest.Item) -> dict[str, float]:
    """The caps of ``@pytest.mark.skyvern_budget`` on this test, checked."""
    marker = item.get_closest_marker("skyvern_budget")
    if marker is None:
        return {}
    unknown = set(marker.kwargs) - {*BUDGET_KEYS, "action"}
    if marker.args or unknown:
        raise pytest.UsageError(
            f"{item.nodeid}: skyvern_budget takes only the keywords "
            f"{', '.join(BUDGET_KEYS)} and action; got {sorted(unknown) or marker.args}"
        )
    caps: dict[str, float] = {}
    for key in BUDGET_KEYS:
        value = marker.kwargs.get(key)
        if value is None:
            continue
        if not isinstance(value, int | float) or value < 0:
            raise pytest.UsageError(f"{item.nodeid}: skyvern_budget({key}={value!r}) must be "
                                    "a number of 0 or more")
        caps[key] = float(value)
    action = marker.kwargs.get("action", "fail")
    if action not in ("fail", "warn"):
        raise pytest.UsageError(f"{item.nodeid}: skyvern_budget(action={action!r}): "
                                "valid values are 'fail' and 'warn'")
    if action == "warn":
        caps["warn"] = 1.0
    return caps
