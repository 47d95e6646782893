"""The snapshot package's public surface and the token counter."""

from __future__ import annotations

import pytest

import pytest_skyvern.snapshot as snapshot
from pytest_skyvern.snapshot import tokens


def test_all_is_complete() -> None:
    # Its order is ruff's RUF022 (constants, classes, functions), checked by the linter.
    assert len(set(snapshot.__all__)) == len(snapshot.__all__)
    public = {n for n in vars(snapshot) if n.isidentifier() and not n.startswith("_")}
    modules = {
        "aria", "budget", "capture", "hooks", "locate", "model", "outline", "probe", "redact",
        "text_targets", "context", "elements",
    }
    assert public - modules - {"annotations", "render", "tokens"} == set(snapshot.__all__)


def test_count_tokens_uses_o200k_offline() -> None:
    assert tokens.exact_tokens_available()
    assert tokens.count_tokens("hello world") == 2
    assert tokens.count_tokens("") == 0


def test_count_tokens_falls_back_to_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_encoder", lambda: None)
    assert tokens.count_tokens("x" * 40) == 10
