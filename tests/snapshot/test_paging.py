"""Budget helpers on plain lines (pure, no browser)."""

from __future__ import annotations

from pytest_skyvern.snapshot import count_tokens
from pytest_skyvern.snapshot.budget import arrange, collapse_text_runs, paginate
from pytest_skyvern.snapshot.render import VISIBLE_END, Line


def test_arrange_puts_visible_lines_first() -> None:
    lines = [Line("a", False), Line("b", True), Line("c", False), Line("d", True)]
    assert [line.text for line in arrange(lines)] == ["b", "d", VISIBLE_END, "a", "c"]
    assert [line.text for line in arrange(lines[1:2])] == ["b"]


def test_collapse_text_runs_keeps_elements() -> None:
    lines = [Line(f"t{i}", True) for i in range(10)] + [Line("[e1] button", True, "e1")]
    out = [line.text for line in collapse_text_runs(lines, keep=3)]
    assert out == ["t0", "t1", "t2", "… (7 more lines of text)", "[e1] button"]


def test_paginate_respects_limit() -> None:
    lines = [Line(f'[e{i}] button "Button number {i}"', True, f"e{i}") for i in range(500)]
    chunks = paginate(lines, 200)
    assert len(chunks) > 1
    assert sum(len(c) for c in chunks) == 500
    for chunk in chunks:
        assert count_tokens("\n".join(line.text for line in chunk)) <= 200
