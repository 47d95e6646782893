"""One snapshot element from an aria node and what the probe found out about it.

The aria tree gives the role, name, states and text; the probe adds the DOM's facts
(label, placeholder, test id, selectors, value, clickable signals, popups). Values of
secret fields never get here: only whether they are filled.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .aria import AriaNode
from .model import REDACTED, Element
from .probe import RefInfo

VALUE_ROLES = frozenset({"textbox", "searchbox", "combobox", "spinbutton", "slider"})
CHECKABLE = frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"})
_HIDDEN_FLAGS = frozenset({"ref", "cursor", "checked", "disabled", "active", "box", "aria-hidden"})


def squash(text: str) -> str:
    return " ".join(text.split())


def aria_states(node: AriaNode) -> tuple[str, ...]:
    return tuple(
        key if value == "true" else f"{key}={value}"
        for key, value in node.flags.items()
        if key not in _HIDDEN_FLAGS
    )


def child_nodes(node: AriaNode) -> list[AriaNode]:
    return [c for c in node.children if isinstance(c, AriaNode)]


def node_strings(node: AriaNode) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        else:
            if child.text:
                out.append(child.text)
            out.extend(node_strings(child))
    return out


def _value(node: AriaNode, info: RefInfo, secret: bool) -> str | None:
    if secret:
        return REDACTED if info.get("hv") or node.text or node_strings(node) else None
    if info.get("tag") == "select":
        return ", ".join(info.get("sel", [])) or None
    if "v" in info:
        return info["v"] or None
    if node.role in VALUE_ROLES:
        # Without DOM facts we cannot tell a password field apart: show no value at all.
        if not info:
            return None
        return node.text or " ".join(node_strings(node)) or None
    return None


def make_element(
    node: AriaNode, info: RefInfo, frames: tuple[str, ...], in_viewport: bool,
    in_dialog: bool = False, context: tuple[str, ...] = (),
) -> Element:
    """Build the :class:`Element` for one aria node and its probe facts."""
    assert node.ref is not None
    input_type = info.get("type")
    secret = bool(info.get("sec")) or input_type == "password"
    checked_flag = node.flags.get("checked")
    role = info.get("rl") or node.role
    if "chk" in info:
        checked_flag = "true" if info["chk"] else "false"
    checkable = role in CHECKABLE and checked_flag != "mixed"
    states = aria_states(node)
    if info.get("ex") == "false" and "expanded" not in node.flags:
        # Playwright shows only [expanded]; a closed disclosure says so in its attribute.
        states = (*states, "expanded=false")
    if checked_flag == "mixed":
        states = ("checked=mixed", *states)
    if node.flags.get("active") == "true":
        states = (*states, "focused")
    text = ""
    if role not in VALUE_ROLES and node.role != "iframe" and not secret:
        text = squash(node.text or " ".join(node_strings(node)))
        if "ck" in info:
            text = node_content(node)  # a clickable card reads as all its words
    name = node.name
    if not name and "ck" in info and role == "generic":
        name = _first_heading(node)  # a clickable card is known by its heading
    return _new_element(
        {
            "ref": node.ref,
            "role": role,
            "name": name,
            "tag": info.get("tag") or "",
            "label": info.get("lab"),
            "placeholder": info.get("ph") or node.props.get("placeholder"),
            "title": info.get("ti"),
            "test_id": info.get("tid"),
            "element_id": info.get("id"),
            "input_type": input_type,
            "value": _value(node, info, secret),
            "checked": (checked_flag == "true") if checkable else None,
            "disabled": node.flags.get("disabled") == "true" or bool(info.get("dis")),
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
            "clickable": tuple(info.get("ck", "").split()),
            "aria_role": node.role if role != node.role else None,
            "wrapper_role": None,
            "in_dialog": in_dialog,
            "context": context,
            "submits": bool(info.get("sb")),
            "covered": bool(info.get("cov")),
            "lazy_popup": bool(info.get("lz")),
            "has_popup": bool(info.get("hp")),
        }
    )


def make_probe_element(
    ref: str, info: RefInfo, frames: tuple[str, ...], in_viewport: bool, in_dialog: bool = False,
    context: tuple[str, ...] = (),
) -> Element:
    """The :class:`Element` of a clickable the aria tree has no node for."""
    role = info.get("rl") or "generic"
    input_type = info.get("type")
    secret = bool(info.get("sec")) or input_type == "password"
    checked = info.get("chk") if role in CHECKABLE else None
    value = REDACTED if secret and info.get("hv") else info.get("v") if not secret else None
    return Element(
        ref=ref,
        role=role,
        tag=info.get("tag") or "",
        label=info.get("lab"),
        placeholder=info.get("ph"),
        title=info.get("ti"),
        test_id=info.get("tid"),
        element_id=info.get("id"),
        input_type=input_type,
        value=value,
        checked=checked,
        text="" if secret or role in VALUE_ROLES else squash(info.get("tx", "")),
        in_viewport=in_viewport,
        secret=secret,
        frame_path=frames,
        css=info.get("css"),
        xpath=info.get("xp"),
        clickable=tuple(info.get("ck", "").split()) or ("text",),
        aria_role="generic",
        states=("expanded=false",) if info.get("ex") == "false" else (),
        in_dialog=in_dialog,
        context=context,
        disabled=bool(info.get("dis")),
    )


def _first_heading(node: AriaNode) -> str:
    for child in child_nodes(node):
        if child.role == "heading" and child.name:
            return squash(child.name)
        found = _first_heading(child)
        if found:
            return found
    return ""


def node_content(node: AriaNode) -> str:
    """All the words inside a node in reading order, names of leaf nodes included (the
    cells of a row, the heading of a card)."""
    out: list[str] = []

    def collect(current: AriaNode) -> None:
        if current.text:
            out.append(current.text)
        for child in current.children:
            if isinstance(child, str):
                out.append(child)
            elif child.name and not any(isinstance(c, str) for c in child.children):
                out.append(child.name)
            else:
                collect(child)

    collect(node)
    return squash(" ".join(out))


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
