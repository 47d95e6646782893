"""Turn the parsed aria tree plus probe facts into elements and reading-order blocks.

Two passes: :func:`plan_probe` says which refs to ask the DOM about (full description for
elements, only the viewport for the rest), then :func:`build_outline` makes one
:class:`Block` per future output line, in reading order, each knowing whether it is in the
visible area.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .aria import AriaNode
from .context import Surroundings
from .elements import (
    VALUE_ROLES,
    aria_states,
    child_nodes,
    make_element,
    make_probe_element,
    node_content,
    node_strings,
    squash,
)
from .model import Element
from .probe import RefInfo, RefRequest

INTERACTIVE = frozenset(
    {
        "button", "link", "textbox", "searchbox", "combobox", "listbox", "option",
        "checkbox", "radio", "switch", "slider", "spinbutton", "menuitem",
        "menuitemcheckbox", "menuitemradio", "tab", "treeitem",
    }
)  # fmt: skip
#: Roles whose only content is their value: their children repeat it (or a password).
#: Non-interactive nodes still worth a ref: the model reads or waits for them.
NOTABLE = frozenset({"heading", "dialog", "alertdialog", "alert", "iframe"})
#: Roles that are often only a frame around one control with the same words (a jQuery UI
#: tab around its link, a menu item around its anchor): the two are one target.
WRAPPER_ROLES = frozenset({"tab", "menuitem", "option", "treeitem", "listitem", "row", "cell",
                           "gridcell", "generic"})
_FRAME_PREFIX = re.compile(r"^f\d+")


class Block(NamedTuple):
    """One line-to-be: an element, or a run of visible text (a tuple: thousands per page)."""

    in_viewport: bool
    element: Element | None = None
    text: str = ""
    list_item: bool = False


@dataclass
class Outline:
    blocks: list[Block] = field(default_factory=list)
    elements: dict[str, Element] = field(default_factory=dict)
    #: Values the page printed for secret fields, to scrub wherever else they show up.
    leaked: set[str] = field(default_factory=set)


def is_element(node: AriaNode, info: RefInfo | None = None) -> bool:
    if node.ref is None or "aria-hidden" in node.flags:
        return False
    if node.role in INTERACTIVE or node.role in NOTABLE or node.flags.get("cursor") == "pointer":
        return True
    if info is not None and "ck" in info:
        return True  # the probe found a click handler, tabindex or the like on it
    return node.role == "img" and bool(node.name)


def plan_probe(tree: list[AriaNode | str]) -> dict[str | None, RefRequest]:
    """Refs to probe, grouped by the iframe ref holding them (``None`` = the page)."""
    plan: dict[str | None, RefRequest] = {}

    def visit(nodes: list[AriaNode | str], frame: str | None) -> None:
        request: RefRequest | None = None
        for node in nodes:
            if isinstance(node, str):
                continue
            ref = node.ref
            if ref:
                if request is None:
                    request = plan.setdefault(frame, {})
                request[ref] = is_element(node) and node.role not in NOTABLE
            if node.children:
                visit(node.children, ref if node.role == "iframe" and ref else frame)

    visit(tree, None)
    return plan


def _has_element(nodes: list[AriaNode | str]) -> bool:
    return any(
        not isinstance(node, str) and (is_element(node) or _has_element(node.children))
        for node in nodes
    )


class _Builder:
    def __init__(self, infos: dict[str, RefInfo], extra: Iterable[tuple[str | None, RefInfo]]
                 ) -> None:
        self.infos = infos
        self.out = Outline()
        self.in_viewport = True
        self.dialogs = 0
        #: The frames each aria node visited so far sits in.
        self.frames_of: dict[str, tuple[str, ...]] = {}
        self.around = Surroundings()
        # Clickables with no aria node go right after the aria node before them: at the
        # start of the node around them (``entry``), or after a whole earlier sibling.
        self.entry: dict[str, list[RefInfo]] = {}
        self.after: dict[str, list[RefInfo]] = {}
        self.loose: list[tuple[str | None, RefInfo]] = []
        for iframe, info in extra:
            anchor, previous = info.get("a"), info.get("p")
            if previous and previous in infos and anchor and anchor in infos:
                self.after.setdefault(previous, []).append(info)
            elif anchor and anchor in infos:
                self.entry.setdefault(anchor, []).append(info)
            else:
                self.loose.append((iframe, info))

    def visit_children(
        self, nodes: list[AriaNode | str], frames: tuple[str, ...], elements_only: bool
    ) -> None:
        last = len(nodes) - 1
        for i, node in enumerate(nodes):
            if not isinstance(node, str):
                self.visit(node, frames, elements_only)
                continue
            if elements_only:
                continue
            text = squash(node)
            if not text:
                continue
            # Label text next to its control repeats the control's name: say it once.
            before = nodes[i - 1] if i > 0 else None
            after = nodes[i + 1] if i < last else None
            if isinstance(before, AriaNode) and before.name == text:
                continue
            if isinstance(after, AriaNode) and after.name == text:
                continue
            self.out.blocks.append(Block(self.in_viewport, text=text))

    def visit(self, node: AriaNode, frames: tuple[str, ...], elements_only: bool) -> None:
        if "aria-hidden" in node.flags:
            return
        self.around.stack.append(node)
        self._visit(node, frames, elements_only)
        self.around.stack.pop()
        if node.ref is not None and node.ref in self.after:
            for info in self.after.pop(node.ref):
                self.probe_element(info, frames, node.ref)

    def entered(self, node: AriaNode, frames: tuple[str, ...]) -> None:
        """Called once a node's own line is out, before its children."""
        if node.ref is not None and node.ref in self.entry:
            for info in self.entry.pop(node.ref):
                self.probe_element(info, frames, node.ref)

    def probe_element(self, info: RefInfo, frames: tuple[str, ...], anchor: str | None) -> None:
        """A clickable the aria tree has no node for."""
        prefix = _FRAME_PREFIX.match(anchor or "")
        ref = (prefix.group(0) if prefix else "") + info.get("r", "")
        in_viewport = info.get("iv", True) and (not frames or self._frame_visible(frames))
        element = make_probe_element(ref, info, frames, in_viewport, self.dialogs > 0,
                                     self.around.around(info.get("tx", "")))
        self.out.elements[ref] = element
        block = Block(in_viewport, element=element)
        last = self.out.blocks[-1] if self.out.blocks else None
        if last is not None and last.element is None and element.text and last.text == element.text:
            self.out.blocks[-1] = block  # the text was all of it: say it once
        else:
            self.out.blocks.append(block)

    def finish(self) -> None:
        """Clickables whose surroundings the tree did not show, at the end.

        In a frame, a ref needs the frame's prefix, which only an aria node around the
        element tells: such rare orphans are left out.
        """
        for iframe, info in self.loose:
            if iframe is None:
                self.probe_element(info, (), None)
        for anchor, infos in [*self.entry.items(), *self.after.items()]:
            if anchor in self.frames_of:
                for info in infos:
                    self.probe_element(info, self.frames_of[anchor], anchor)
        self.entry.clear()
        self.after.clear()

    def _visit(self, node: AriaNode, frames: tuple[str, ...], elements_only: bool) -> None:
        if node.ref is not None:
            self.frames_of[node.ref] = frames
            info = self.infos.get(node.ref)
            if info is not None and info.get("ah"):
                return  # inside aria-hidden: no element a user is meant to use
            if info is not None:
                iv = info.get("iv", True)
                self.in_viewport = iv and (not frames or self._frame_visible(frames))
            if is_element(node, info):
                self.element(node, frames)
                return
        if elements_only:
            self.entered(node, frames)
            self.visit_children(node.children, frames, True)
            return
        if node.role == "row" and not _has_element(node.children) and not self._holds_extra(node):
            cells = [squash(c.name or c.text or " ".join(node_strings(c)))
                     for c in child_nodes(node)]
            text = " | ".join(c for c in cells if c)
            if text:
                self.out.blocks.append(Block(self.in_viewport, text=text))
            return
        start = len(self.out.blocks)
        if node.text:
            self.out.blocks.append(Block(self.in_viewport, text=squash(node.text)))
        elif node.name and not node.children:
            # A leaf that carries its words in its name (a table cell).
            self.out.blocks.append(Block(self.in_viewport, text=squash(node.name)))
        self.entered(node, frames)
        self.visit_children(node.children, frames, False)
        if node.role == "listitem" and start < len(self.out.blocks):
            first = self.out.blocks[start]
            if first.element is None:
                self.out.blocks[start] = Block(first.in_viewport, text=first.text, list_item=True)

    def _holds_extra(self, node: AriaNode) -> bool:
        """Whether a clickable without an aria node sits in this subtree."""
        if node.ref is not None and (node.ref in self.entry or node.ref in self.after):
            return True
        return any(isinstance(c, AriaNode) and self._holds_extra(c) for c in node.children)

    def _frame_visible(self, frames: tuple[str, ...]) -> bool:
        return all(self.infos.get(f, {}).get("iv", True) for f in frames)

    def element(self, node: AriaNode, frames: tuple[str, ...]) -> None:
        assert node.ref is not None
        info = self.infos.get(node.ref, {})
        inner = self._wrapped(node)
        if inner is not None:
            # One target: the control itself, known also by the role around it.
            self._visit(inner, frames, True)
            merged = self.out.elements.get(inner.ref or "")
            if merged is not None and self.out.blocks and self.out.blocks[-1].element is merged:
                merged = dataclasses.replace(
                    merged, wrapper_role=node.role if node.role != "generic" else None,
                    states=tuple(dict.fromkeys((*merged.states, *aria_states(node)))),
                )
                self.out.elements[merged.ref] = merged
                self.out.blocks[-1] = self.out.blocks[-1]._replace(element=merged)
            return
        own = node.name or node.text or ""
        element = make_element(node, info, frames, self.in_viewport, self.dialogs > 0,
                               self.around.around(own, skip=node))
        if element.secret:
            self.out.leaked.update(s for s in [node.text or "", *node_strings(node)] if s)
        self.out.elements[element.ref] = element
        self.out.blocks.append(Block(self.in_viewport, element=element))
        self.entered(node, frames)
        if node.role == "iframe":
            self.visit_children(node.children, (*frames, node.ref), False)
        elif node.role in ("dialog", "alertdialog", "alert"):
            self.dialogs += node.role != "alert"
            self.visit_children(node.children, frames, False)
            self.dialogs -= node.role != "alert"
        elif node.role not in VALUE_ROLES and info.get("tag") != "select":
            # Nested controls (a link in a heading, options of a custom listbox) still count.
            self.visit_children(node.children, frames, True)


    def _wrapped(self, node: AriaNode) -> AriaNode | None:
        """The one control ``node`` only frames, when both say the same words."""
        if node.role not in WRAPPER_ROLES or node.role in VALUE_ROLES:
            return None
        found: list[AriaNode] = []

        def collect(children: list[AriaNode | str]) -> None:
            for child in children:
                if isinstance(child, AriaNode) and "aria-hidden" not in child.flags:
                    if is_element(child, self.infos.get(child.ref or "")):
                        found.append(child)
                    else:
                        collect(child.children)

        collect(node.children)
        if len(found) != 1 or found[0].role not in INTERACTIVE or found[0].role == "iframe":
            return None
        inner = found[0]
        words = squash(node.name) or node_content(node)
        inner_words = squash(inner.name) or node_content(inner)
        return inner if words and words == inner_words else None


def build_outline(
    tree: list[AriaNode | str], infos: dict[str, RefInfo],
    extra: Iterable[tuple[str | None, RefInfo]] = (),
) -> Outline:
    """Elements and reading-order blocks of the whole page (iframes inline).

    ``extra`` holds the probe's clickables without an aria node, with the ref of the
    iframe they are in; each goes right after the aria node around it.
    """
    builder = _Builder(infos, extra)
    builder.visit_children(tree, (), False)
    builder.finish()
    return builder.out
