"""Parse the text of ``page.aria_snapshot(mode="ai")`` into a tree.

The text is a YAML subset written by Playwright's ``renderAriaSnapshotAsYaml``: one node per
``- `` line, two spaces of indent per level. A line is one of::

    - role "name" [flag] [key=value] [ref=e5] [cursor=pointer]:    (children follow)
    - role "name" [ref=e5]: inline text or value
    - text: some text
    - /url: https://...        (also /placeholder)

Names are JSON strings; a key that needs YAML quoting is wrapped in single quotes (``''``
escapes a quote); values may be YAML double-quoted strings with backslash escapes.
Refs inside iframes carry the frame's prefix (``f1e3``) and sit under the ``iframe`` node.

One regular expression reads the common line shapes in a single pass (a 1,000-element page
is ~3,000 lines, parsed on every step); anything unusual (a quoted key, a regex name, an
escape) goes through the general, slower path, so both give the same tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_ROLE = re.compile(r"[a-zA-Z]+")
_FLAG = re.compile(r"\s*\[([a-zA-Z-]+)(?:=([^\]\s]*))?\]")
# Characters str.splitlines() breaks at: a line holding one is left to the general path.
_NOT_EOL = r"[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_FLAGS = r"(?: \[[a-zA-Z-]+(?:=[^\]\s]*)?\])*"
# The common line shapes, read in one pass over the whole text: "text: ...", "/key: ...",
# or role, a JSON name without escapes, flags as _FLAG reads them (the first ref on its
# own), then nothing, a bare colon or ": value". Lines it does not match exactly (quoted
# keys, escapes, regex names) go through the general path, so both give the same tree.
_LINE = re.compile(
    rf"^( *)- (?:(text|/[a-zA-Z-]+):({_NOT_EOL}*)"
    rf'|([a-zA-Z]+)(?: "([^"\\\x00-\x1f\x85\u2028\u2029]*)")?'
    rf"((?: \[(?!ref[\]=])[a-zA-Z-]+(?:=[^\]\s]*)?\])*)(?: \[ref=([^\]\s]*)\])?({_FLAGS})"
    rf"(?::(?: ({_NOT_EOL}*))?)?)$",
    re.MULTILINE,
)
# The "=" stays in the value group so that "[x]" ("true") and "[x=]" ("") differ.
_ONE_FLAG = re.compile(r"\[([a-zA-Z-]+)(=[^\]\s]*)?\]")
_DECODER = json.JSONDecoder()
_ESCAPES = {"\\": "\\", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "/": "/"}


@dataclass(slots=True)
class AriaNode:
    """One node of the aria tree; ``children`` holds nodes and plain text strings."""

    role: str
    name: str = ""
    ref: str | None = None
    flags: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    children: list[AriaNode | str] = field(default_factory=list)


class _Tree:
    """The node stack while parsing: the last node opened at each indent."""

    def __init__(self) -> None:
        self.root = AriaNode(role="fragment")
        self.depths = [-1]
        self.parents = [self.root]

    def parent_at(self, depth: int) -> AriaNode:
        depths = self.depths
        while depths[-1] >= depth:
            depths.pop()
            self.parents.pop()
        return self.parents[-1]

    def open(self, depth: int, parent: AriaNode, node: AriaNode) -> None:
        parent.children.append(node)
        self.depths.append(depth)
        self.parents.append(node)

    def add_lines(self, text: str) -> None:
        """The general path: any lines, one at a time."""
        for raw in text.splitlines():
            stripped = raw.lstrip(" ")
            if not stripped.startswith("- "):
                continue
            depth = len(raw) - len(stripped)
            parent = self.parent_at(depth)
            item = stripped[2:]
            if item.startswith("text:"):
                parent.children.append(_unquote_value(item[5:].strip()))
            elif item.startswith("/") and ":" in item:
                key, _, value = item[1:].partition(":")
                parent.props[key.strip()] = _unquote_value(value.strip())
            else:
                self.open(depth, parent, _parse_node(item))


def parse_aria(text: str) -> list[AriaNode | str]:
    """Parse the snapshot text into top-level nodes (unknown lines are kept as text)."""
    tree = _Tree()
    pos = 0
    for match in _LINE.finditer(text):
        start = match.start()
        if start != pos:
            tree.add_lines(text[pos:start])
        pos = match.end() + 1
        indent, keyword, rest, role, name, before, ref, after, value = match.groups()
        depth = len(indent)
        parent = tree.parent_at(depth)
        if keyword is not None:
            if keyword == "text":
                parent.children.append(_unquote_value(rest.strip()))
            else:
                parent.props[keyword[1:]] = _unquote_value(rest.strip())
            continue
        if name is None:
            name = ""
        elif ": " in name:
            # The general path splits a key at its first ": ", even inside a name.
            tree.open(depth, parent, _parse_node(match.group(0)[depth + 2 :]))
            continue
        node = AriaNode(role, name, ref)
        if before or after:
            for flag, flag_value in _ONE_FLAG.findall(before + after):
                if flag == "ref":
                    node.ref = flag_value[1:] if flag_value else None
                else:
                    node.flags[flag] = flag_value[1:] if flag_value else "true"
        if value:
            node.text = _unquote_value(value)
        tree.open(depth, parent, node)
    if pos < len(text):
        tree.add_lines(text[pos:])
    return tree.root.children


def _parse_node(item: str) -> AriaNode:
    key, value = _split_key(item)
    node = _parse_key(key)
    if value is not None and value != "":
        node.text = _unquote_value(value)
    return node


def _split_key(item: str) -> tuple[str, str | None]:
    """Split ``key: value`` / ``key:`` / ``key`` where the key may be single-quoted."""
    if item.startswith("'"):
        i = 1
        out: list[str] = []
        while i < len(item):
            if item[i] == "'":
                if item[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                break
            out.append(item[i])
            i += 1
        rest = item[i + 1 :]
        return "".join(out), _after_colon(rest)
    # An unquoted key holds no ": " (YAML would have forced quotes), so the first one splits.
    head, sep, tail = item.partition(": ")
    if sep:
        return head, tail
    if item.endswith(":"):
        return item[:-1], ""
    return item, None


def _after_colon(rest: str) -> str | None:
    rest = rest.strip()
    if not rest.startswith(":"):
        return None
    return rest[1:].strip()


def _parse_key(key: str) -> AriaNode:
    match = _ROLE.match(key)
    role = match.group(0) if match else "generic"
    pos = match.end() if match else 0
    name = ""
    rest = key[pos:].lstrip()
    if rest.startswith('"'):
        try:
            decoded, end = _DECODER.raw_decode(rest)
            name = str(decoded)
            rest = rest[end:]
        except ValueError:
            rest = rest[1:]
    elif rest.startswith("/"):
        # A regex name only appears in codegen mode; keep it verbatim rather than fail.
        end = rest.find("/", 1)
        name, rest = rest[: end + 1], rest[end + 1 :]
    node = AriaNode(role=role, name=name)
    for flag in _FLAG.finditer(rest):
        flag_name, flag_value = flag.group(1), flag.group(2)
        if flag_name == "ref":
            node.ref = flag_value
        else:
            node.flags[flag_name] = flag_value if flag_value is not None else "true"
    return node


def _unquote_value(value: str) -> str:
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        body = value[1:-1]
        return _unescape(body) if "\\" in body else body
    if len(value) >= 2 and value[0] == "'" and value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _unescape(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "x" and i + 3 < len(body):
            try:
                out.append(chr(int(body[i + 2 : i + 4], 16)))
                i += 4
                continue
            except ValueError:
                pass
        if nxt == "u" and i + 5 < len(body):
            try:
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            except ValueError:
                pass
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)
