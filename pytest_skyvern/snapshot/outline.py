"""Turn the parsed aria tree plus probe facts into elements and reading-order blocks.

Two passes: :func:`plan_probe` says which refs to ask the DOM about (full description for
elements, only the viewport for the rest), then :func:`build_outline` makes one
:class:`Block` per future output line, in reading order, each knowing whether it is in the
visible area.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .aria import AriaNode
from .model import REDACTED, Element
from .probe import RefInfo, RefRequest

INTERACTIVE = frozenset(
    {
        "button", "link", "textbox", "searchbox", "combobox", "listbox", "option",
        "checkbox", "radio", "switch", "slider", "spinbutton", "menuitem",
        "menuitemcheckbox", "menuitemradio", "tab", "treeitem",
    }
)  # fmt: skip
#: Roles whose only content is their value: their children repeat it (or a password).
VALUE_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton", "slider"})
CHECKABLE = frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"})
#: Non-interactive nodes still worth a ref: the model reads or waits for them.
NOTABLE = frozenset({"heading", "dialog", "alertdialog", "alert", "iframe"})
_HIDDEN_FLAGS = frozenset({"ref", "cursor", "checked", "disabled", "active", "box", "aria-hidden"})


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


def is_element(node: AriaNode) -> bool:
    if node.ref is None or "aria-hidden" in node.flags:
        return False
    if node.role in INTERACTIVE or node.role in NOTABLE or node.flags.get("cursor") == "pointer":
        return True
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


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Builder:
    def __init__(self, infos: dict[str, RefInfo]) -> None:
        self.infos = infos
        self.out = Outline()
        self.in_viewport = True

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
            text = _norm(node)
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
        if node.ref is not None:
            info = self.infos.get(node.ref)
            if info is not None:
                iv = info.get("iv", True)
                self.in_viewport = iv and (not frames or self._frame_visible(frames))
            if is_element(node):
                self.element(node, frames)
                return
        if elements_only:
            self.visit_children(node.children, frames, True)
            return
        if node.role == "row" and not _has_element(node.children):
            cells = [_norm(c.name or c.text or " ".join(_strings(c))) for c in _nodes(node)]
            text = " | ".join(c for c in cells if c)
            if text:
                self.out.blocks.append(Block(self.in_viewport, text=text))
            return
        start = len(self.out.blocks)
        if node.text:
            self.out.blocks.append(Block(self.in_viewport, text=_norm(node.text)))
        self.visit_children(node.children, frames, False)
        if node.role == "listitem" and start < len(self.out.blocks):
            first = self.out.blocks[start]
            if first.element is None:
                self.out.blocks[start] = Block(first.in_viewport, text=first.text, list_item=True)

    def _frame_visible(self, frames: tuple[str, ...]) -> bool:
        return all(self.infos.get(f, {}).get("iv", True) for f in frames)

    def element(self, node: AriaNode, frames: tuple[str, ...]) -> None:
        assert node.ref is not None
        info = self.infos.get(node.ref, {})
        element = make_element(node, info, frames, self.in_viewport)
        if element.secret:
            self.out.leaked.update(s for s in [node.text or "", *_strings(node)] if s)
        self.out.elements[element.ref] = element
        self.out.blocks.append(Block(self.in_viewport, element=element))
        if node.role == "iframe":
            self.visit_children(node.children, (*frames, node.ref), False)
        elif node.role in ("dialog", "alertdialog", "alert"):
            self.visit_children(node.children, frames, False)
        elif node.role not in VALUE_ROLES and info.get("tag") != "select":
            # Nested controls (a link in a heading, options of a custom listbox) still count.
            self.visit_children(node.children, frames, True)


def _nodes(node: AriaNode) -> list[AriaNode]:
    return [c for c in node.children if isinstance(c, AriaNode)]


def _strings(node: AriaNode) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        else:
            if child.text:
                out.append(child.text)
            out.extend(_strings(child))
    return out


def _value(node: AriaNode, info: RefInfo, secret: bool) -> str | None:
    if secret:
        return REDACTED if info.get("hv") or node.text or _strings(node) else None
    if info.get("tag") == "select":
        return ", ".join(info.get("sel", [])) or None
    if "v" in info:
        return info["v"] or None
    if node.role in VALUE_ROLES:
        # Without DOM facts we cannot tell a password field apart: show no value at all.
        if not info:
            return None
        return node.text or " ".join(_strings(node)) or None
    return None


def make_element(
    node: AriaNode, info: RefInfo, frames: tuple[str, ...], in_viewport: bool
) -> Element:
    """Build the :class:`Element` for one aria node and its probe facts."""
    assert node.ref is not None
    input_type = info.get("type")
    secret = bool(info.get("sec")) or input_type == "password"
    checked_flag = node.flags.get("checked")
    checkable = node.role in CHECKABLE and checked_flag != "mixed"
    states = tuple(
        key if value == "true" else f"{key}={value}"
        for key, value in node.flags.items()
        if key not in _HIDDEN_FLAGS
    )
    if checked_flag == "mixed":
        states = ("checked=mixed", *states)
    if node.flags.get("active") == "true":
        states = (*states, "focused")
    text = ""
    if node.role not in VALUE_ROLES and node.role != "iframe" and not secret:
        text = _norm(node.text or " ".join(_strings(node)))
    return _new_element(
        {
            "ref": node.ref,
            "role": node.role,
            "name": node.name,
            "tag": info.get("tag") or "",
            "label": info.get("lab"),
            "placeholder": info.get("ph") or node.props.get("placeholder"),
            "title": info.get("ti"),
            "test_id": info.get("tid"),
            "element_id": info.get("id"),
            "input_type": input_type,
            "value": _value(node, info, secret),
            "checked": (checked_flag == "true") if checkable else None,
            "disabled": node.flags.get("disabled") == "true",
            "options": tuple(info.get("opt", ())),
            "selected": tuple(info.get("sel", ())),
            "text": text,
            "in_viewport": in_viewport,
            "secret": secret,
            "frame_path": frames,
            "css": info.get("css"),
            "xpath": info.get("xp"),
            "href": node.props.get("url"),
            "states": states,
        }
    )


# Element is frozen, so its generated __init__ sets each of its 23 fields through
# object.__setattr__ (with keyword passing, ~3 us an element: most of the outline's time on
# a big page). Filling the instance dict gives an equal object (a test checks it) in a
# third of that, as long as every field is given and there is no __post_init__ to run.
_ELEMENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Element))
_DIRECT = not hasattr(Element, "__post_init__")


def _new_element(values: dict[str, Any]) -> Element:
    if not _DIRECT or values.keys() != _ELEMENT_FIELDS:
        return Element(**values)  # the real constructor fills defaults or objects
    element: Element = object.__new__(Element)
    element.__dict__.update(values)
    return element


def build_outline(tree: list[AriaNode | str], infos: dict[str, RefInfo]) -> Outline:
    """Elements and reading-order blocks of the whole page (iframes inline)."""
    builder = _Builder(infos)
    builder.visit_children(tree, (), False)
    return builder.out
