"""``heals.md``: the run's heals as Markdown, ready to paste into a PR comment.

One section per healed step: the test, what changed in words, and the unified diff
of its cache entry. A run without heals still writes the file (saying so), so a CI
step that posts it never posts a stale one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_skyvern.cache.heals import reason_words

HEALS_MD = "heals.md"


def render_heals_md(heals: Sequence[dict[str, Any]]) -> str:
    """The Markdown text for ``heals``."""
    if not heals:
        return "# pytest-skyvern: cache heals\n\nNo cached step was healed in this run.\n"
    tests = len({h["nodeid"] for h in heals})
    lines = [
        "# pytest-skyvern: cache heals", "",
        f"{len(heals)} cached step{'s' if len(heals) != 1 else ''} healed in {tests} "
        f"test{'s' if tests != 1 else ''}. The healed entries are in the action cache "
        "(`.skyvern-cache/`); review them before you commit it.", "",
    ]
    for heal in heals:
        lines += [
            f"## `{heal['nodeid']}`", "",
            f"**{heal['kind']}** `{heal['instruction']}`: {reason_words(heal['reason'])} "
            f"(now answered by the {heal['tier']} tier).", "",
        ]
        lines += [f"- {change}" for change in heal.get("changes", [])]
        lines += ["", "<details><summary>cache entry diff</summary>", "", "```diff",
                  heal["diff"].rstrip("\n"), "```", "", "</details>", ""]
    return "\n".join(lines)


def write_heals_md(report_dir: Path, heals: Sequence[dict[str, Any]]) -> Path:
    path = report_dir / HEALS_MD
    path.write_text(render_heals_md(heals), encoding="utf-8")
    return path
