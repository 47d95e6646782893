"""What surrounds an element: the words of the rows, cards and items around it.

"Delete Grace Hopper's order" names a button by the record it sits in. The snapshot
keeps, for each element, the words of up to :data:`LEVELS` enclosing aria nodes that
say more than the element itself (its table row, then the table...), innermost first,
each cut to :data:`CAP` characters. A node's words are collected once per snapshot and
the collection stops at the cap, so a page-sized container costs no more than a row.
"""

from __future__ import annotations

from .aria import AriaNode

LEVELS = 3
CAP = 300


class Surroundings:
    """The stack of aria nodes around the element being built, and their words."""

    def __init__(self) -> None:
        self.stack: list[AriaNode] = []
        self._words: dict[int, str] = {}

    def around(self, own: str, skip: AriaNode | None = None) -> tuple[str, ...]:
        """The words of the enclosing nodes that say more than ``own``, innermost first
        (``skip``: the element's own node, when it is on the stack)."""
        out: list[str] = []
        for node in reversed(self.stack):
            if node is skip:
                continue
            if node.role == "iframe":
                break
            words = self.words(node)
            if len(words) <= len(own) or (out and words == out[-1]):
                continue
            out.append(words)
            if len(out) == LEVELS or len(words) >= CAP:
                break
        return tuple(out)

    def words(self, node: AriaNode) -> str:
        key = id(node)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = collect_words(node, CAP)
        return found


def collect_words(node: AriaNode, cap: int) -> str:
    """A node's words in reading order (names of leaf nodes too), at most ``cap`` chars."""
    parts: list[str] = []
    size = 0
    pending: list[AriaNode | str] = [node]
    while pending and size < cap:
        item = pending.pop()
        if isinstance(item, str):
            text = item
        else:
            leaf_name = item.name and not any(isinstance(c, str) for c in item.children)
            text = item.name if leaf_name and item is not node else item.text or ""
            if not leaf_name or item is node:
                pending.extend(reversed(item.children))
        text = " ".join(text.split())
        if text:
            parts.append(text)
            size += len(text) + 1
    return " ".join(parts)[:cap]
