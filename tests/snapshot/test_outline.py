"""Building elements and blocks from a parsed tree plus probe facts (pure, no browser)."""

from __future__ import annotations

import dataclasses

from pytest_skyvern.snapshot.aria import AriaNode, parse_aria
from pytest_skyvern.snapshot.elements import make_element
from pytest_skyvern.snapshot.model import Element
from pytest_skyvern.snapshot.outline import build_outline, plan_probe
from pytest_skyvern.snapshot.probe import RefInfo
from pytest_skyvern.snapshot.tokens import count_tokens, line_tokens

TREE = """\
- main [ref=e1]:
  - textbox "Email" [ref=e2]:
    - /placeholder: you@example.com
  - checkbox "Keep" [checked] [active] [ref=e3]
  - link "Docs" [ref=e4] [cursor=pointer]:
    - /url: /docs
  - heading "Title" [level=2] [ref=e5]
  - iframe [ref=e6]:
    - button "Inner" [ref=f1e1]
"""
INFOS: dict[str, RefInfo] = {
    "e2": {"iv": True, "tag": "input", "type": "email", "lab": "Email", "id": "mail"},
    "e3": {"iv": False, "tag": "input", "type": "checkbox", "css": "#keep"},
    "e4": {"iv": False, "tag": "a", "xp": "/html/body/a"},
    "e5": {"iv": False},
}


def test_elements_equal_ones_built_by_their_constructor() -> None:
    # make_element fills the instance dict directly; the result must be the same object
    # the dataclass constructor builds from the same fields.
    outline = build_outline(parse_aria(TREE), INFOS)
    assert list(outline.elements) == ["e2", "e3", "e4", "e5", "e6", "f1e1"]
    for element in outline.elements.values():
        fields = {f.name: getattr(element, f.name) for f in dataclasses.fields(Element)}
        assert element == Element(**fields)
        assert repr(element) == repr(Element(**fields))
        assert hash(element.describe())
    keep = outline.elements["e3"]
    assert (keep.checked, keep.states, keep.in_viewport, keep.css) == (
        True, ("focused",), False, "#keep",
    )  # fmt: skip
    assert outline.elements["f1e1"].frame_path == ("e6",)


def test_missing_fields_fall_back_to_the_constructor() -> None:
    node = AriaNode("button", "Go", "e9")
    element = make_element(node, {}, (), True)
    assert element == Element(ref="e9", role="button", name="Go")


def test_probe_plan_groups_refs_by_frame() -> None:
    plan = plan_probe(parse_aria(TREE))
    assert plan == {
        None: {"e1": False, "e2": True, "e3": True, "e4": True, "e5": False, "e6": False},
        "e6": {"f1e1": True},
    }


def test_line_tokens_match_count_tokens() -> None:
    for line in ("", '[e5] button "Sign in"', "… (3 more lines of text)", "x" * 500):
        assert line_tokens(line) == count_tokens(line)
