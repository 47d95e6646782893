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
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_ROLE = re.compile(r"[a-zA-Z]+")
_FLAG = re.compile(r"\s*\[([a-zA-Z-]+)(?:=([^\]\s]*))?\]")
_DECODER = json.JSONDecoder()
_ESCAPES = {"\\": "\\", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "/": "/"}


@dataclass
class AriaNode:
    """One node of the aria tree; ``children`` holds nodes and plain text strings."""

    role: str
    name: str = ""
    ref: str | None = None
    flags: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    children: list[AriaNode | str] = field(default_factory=list)


def parse_aria(text: str) -> list[AriaNode | str]:
    """Parse the snapshot text into top-level nodes (unknown lines are kept as text)."""
    root = AriaNode(role="fragment")
    stack: list[tuple[int, AriaNode]] = [(-1, root)]
    for raw in text.splitlines():
        stripped = raw.lstrip(" ")
        if not stripped.startswith("- "):
            continue
        depth = len(raw) - len(stripped)
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        item = stripped[2:]
        if item.startswith("text:"):
            parent.children.append(_unquote_value(item[5:].strip()))
        elif item.startswith("/") and ":" in item:
            key, _, value = item[1:].partition(":")
            parent.props[key.strip()] = _unquote_value(value.strip())
        else:
            node = _parse_node(item)
            parent.children.append(node)
            stack.append((depth, node))
    return root.children


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
        return _unescape(value[1:-1])
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
