"""Parsing Playwright's aria snapshot text (pure, no browser)."""

from __future__ import annotations

from pytest_skyvern.snapshot.aria import AriaNode, _Tree, parse_aria

SAMPLE = """\
- generic [active] [ref=e1]:
  - heading "Hello \\"quoted\\" world" [level=1] [ref=e2]
  - paragraph [ref=e3]: "Enter vina: and US"
  - textbox "Email" [ref=e5]:
    - /placeholder: you@example.com
    - text: bob
  - textbox "Password" [ref=e6]: hunter2
  - checkbox "Subscribe" [checked] [ref=e14]
  - checkbox "Some" [checked=mixed] [ref=e15]
  - button "Go" [disabled] [ref=e17]
  - link "Docs" [ref=e18] [cursor=pointer]:
    - /url: https://example.com/docs
  - 'button "a: b" [ref=e19]'
  - 'textbox "it''s" [ref=e20]': "line1\\nline2\\x41"
  - iframe [ref=e21]:
    - button "In frame" [ref=f1e2]
  - text: loose text
"""


def nodes(items: list[AriaNode | str]) -> list[AriaNode]:
    return [n for n in items if isinstance(n, AriaNode)]


def test_parse_tree() -> None:
    (root,) = nodes(parse_aria(SAMPLE))
    assert (root.role, root.ref, root.flags) == ("generic", "e1", {"active": "true"})
    kids = nodes(root.children)
    heading, para, email, password, checked, mixed, button, link, colon, quote, frame = kids
    assert heading.name == 'Hello "quoted" world'
    assert heading.flags["level"] == "1"
    assert para.text == "Enter vina: and US"
    assert email.props == {"placeholder": "you@example.com"}
    assert email.children == ["bob"]
    assert password.text == "hunter2"
    assert checked.flags["checked"] == "true"
    assert mixed.flags["checked"] == "mixed"
    assert button.flags["disabled"] == "true"
    assert link.props["url"] == "https://example.com/docs"
    assert link.flags["cursor"] == "pointer"
    assert link.ref == "e18"
    assert (colon.role, colon.name, colon.ref) == ("button", "a: b", "e19")
    assert (quote.name, quote.text) == ("it's", "line1\nline2A")
    assert nodes(frame.children)[0].ref == "f1e2"
    assert root.children[-1] == "loose text"


def test_blank_and_odd_lines_are_ignored() -> None:
    assert parse_aria("") == []
    assert nodes(parse_aria("garbage\n- button [ref=e1]"))[0].ref == "e1"


TRICKY = """\
- list [ref=e1]:
  - listitem [ref=e2]: "a \\"quoted\\" value"
  - button "x: y" [ref=e3]
  - button "tab\\there" [ref=e4]
  - checkbox "box" [checked=] [ref=e5] [ref=e6]
  - link [ref]
  - heading /regex/ [level=2]
  - text: "multi\\u0041"
  - /url: '/a''b'
- 'textbox "it''s"': v
"""


def test_fast_path_gives_the_general_paths_tree() -> None:
    # parse_aria reads common lines with one regex; _Tree.add_lines reads every line the
    # general way. Both must build the same tree, odd lines included.
    for text in (SAMPLE, TRICKY):
        general = _Tree()
        general.add_lines(text)
        assert parse_aria(text) == general.root.children
    items, quoted = nodes(parse_aria(TRICKY))
    assert (quoted.role, quoted.name, quoted.text) == ("textbox", "it's", "v")
    listitem, _colon, tab, box, link, heading = nodes(items.children)
    assert listitem.text == 'a "quoted" value'
    assert tab.name == "tab\there"
    assert (box.flags, box.ref, link.ref) == ({"checked": ""}, "e6", None)
    assert heading.name == "/regex/"
    assert items.children[-1] == "multiA"
    assert items.props == {"url": "/a'b"}
