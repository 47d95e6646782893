"""What changed between two versions of one cache entry, in words and as a diff.

Used for heal review (the report and ``heals.md``) and by ``pytest-skyvern cache
diff``. Entries are compared as stored (JSON data), so a file from an older commit
compares the same way as one written a moment ago.
"""

from __future__ import annotations

import difflib
from typing import Any

from pytest_skyvern.cache.store import render

#: Bookkeeping fields: when an entry was written says nothing about what it does.
_TIMESTAMPS = ("recorded_at", "healed_at")
_KIND_WORDS = {
    "test_id": "test id", "role": "role", "label": "label", "placeholder": "placeholder",
    "text": "text", "css": "CSS", "xpath": "XPath",
}


def describe_candidate(candidate: dict[str, Any]) -> str:
    """``role button "Sign in"``, ``test id "email"``, ``CSS #email``."""
    kind, value = str(candidate.get("kind")), str(candidate.get("value"))
    if kind == "role":
        return f'role {value} "{candidate.get("name") or ""}"'
    if kind in ("css", "xpath"):
        return f"{_KIND_WORDS[kind]} {value}"
    return f'{_KIND_WORDS.get(kind, kind)} "{value}"'


def describe_element(element: dict[str, Any] | None) -> str:
    """The element as a person would name it: its role and accessible name."""
    if not element:
        return "no element"
    fp = element.get("fingerprint", {})
    return f'the {fp.get("role") or fp.get("tag") or "element"} "{fp.get("name", "")}"'


def _without_timestamps(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in _TIMESTAMPS}


def entry_diff(before: dict[str, Any] | None, after: dict[str, Any] | None,
               *, label: str = "entry") -> str:
    """A unified diff of the two entries' cache-file text (timestamps left out)."""
    old = render(_without_timestamps(before)).splitlines(keepends=True) if before else []
    new = render(_without_timestamps(after)).splitlines(keepends=True) if after else []
    return "".join(difflib.unified_diff(old, new, f"{label} (before)", f"{label} (after)"))


def _element_changes(index: int, kind: str, old: dict[str, Any] | None,
                     new: dict[str, Any] | None) -> list[str]:
    where = f"action {index + 1} ({kind})"
    if old == new:
        return []
    if not old or not new:
        return [f"{where}: now acts on {describe_element(new)} (was {describe_element(old)})"]
    out = []
    if old.get("fingerprint") != new.get("fingerprint"):
        out.append(f"{where}: now acts on {describe_element(new)} "
                   f"(was {describe_element(old)})")
    old_c = [describe_candidate(c) for c in old.get("candidates", [])]
    new_c = [describe_candidate(c) for c in new.get("candidates", [])]
    if old_c != new_c:
        dropped = [c for c in old_c if c not in new_c]
        added = [c for c in new_c if c not in old_c]
        text = f"{where}: found by {new_c[0] if new_c else 'nothing'}"
        if old_c and (not new_c or old_c[0] != new_c[0]):
            text += f" instead of {old_c[0]}"
        details = []
        if dropped:
            details.append("dropped " + ", ".join(dropped))
        if added:
            details.append("added " + ", ".join(added))
        if details:
            text += f" ({'; '.join(details)})"
        out.append(text)
    if old.get("frames") != new.get("frames"):
        out.append(f"{where}: inside other iframes")
    return out


def entry_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """What differs between two stored versions of an entry, one sentence each."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [f"recorded ({after.get('tier', '?')}, {len(after.get('actions', []))} actions)"]
    if after is None:
        return ["removed"]
    out: list[str] = []
    if before.get("tier") != after.get("tier"):
        out.append(f"answered by the {after.get('tier')} tier (was {before.get('tier')})")
    if before.get("url") != after.get("url"):
        out.append(f"recorded on {after.get('url')} (was {before.get('url')})")
    old_a: list[dict[str, Any]] = before.get("actions", [])
    new_a: list[dict[str, Any]] = after.get("actions", [])
    if [a.get("type") for a in old_a] != [a.get("type") for a in new_a]:
        out.append("actions " + " → ".join(str(a.get("type")) for a in new_a)
                   + " (were " + " → ".join(str(a.get("type")) for a in old_a) + ")")
    for index, (old, new) in enumerate(zip(old_a, new_a, strict=False)):
        kind = str(new.get("type"))
        for field in ("value", "values", "key", "url", "direction"):
            if old.get(field) != new.get(field):
                out.append(f"action {index + 1} ({kind}): {field} {new.get(field)!r} "
                           f"(was {old.get(field)!r})")
        out.extend(_element_changes(index, kind, old.get("element"), new.get("element")))
    if before.get("program") != after.get("program"):
        out.append("extraction program changed")
    if before.get("position") != after.get("position") and not out:
        out.append(f"now step {after.get('position')} of its test "
                   f"(was {before.get('position')})")
    return out
