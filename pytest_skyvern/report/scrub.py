"""Masking secrets inside artifacts Playwright wrote itself (the trace zip).

A trace records every call's parameters, so a password typed with ``fill`` is in it
verbatim; DOM snapshots can hold input values too. Before the trace is kept or
attached anywhere, entries holding a known secret are rewritten with its placeholder.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from pytest_skyvern.secrets import secrets


def _replacements() -> list[tuple[bytes, bytes]]:
    pairs: list[tuple[bytes, bytes]] = []
    registry = secrets()
    for name in registry.names():
        placeholder = ("{{" + name + "}}").encode()
        value = registry.resolve(placeholder.decode())
        if value not in registry.values():
            continue  # too short to mask safely (see MIN_SECRET_LENGTH)
        # The raw value and its JSON-escaped form (how trace events store strings).
        for form in {value, json.dumps(value)[1:-1]}:
            pairs.append((form.encode(), placeholder))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _mask(data: bytes, pairs: list[tuple[bytes, bytes]]) -> bytes:
    for secret, placeholder in pairs:
        data = data.replace(secret, placeholder)
    return data


def scrub_zip(path: Path) -> bool:
    """Rewrite ``path`` without secrets; True when something was masked."""
    pairs = _replacements()
    if not pairs or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as source:
            entries = [(info, source.read(info)) for info in source.infolist()]
    except zipfile.BadZipFile:
        return False
    if not any(secret in data for _, data in entries for secret, _ in pairs):
        return False
    staging = path.with_suffix(".scrubbing")
    with zipfile.ZipFile(staging, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            target.writestr(info, _mask(data, pairs), compress_type=info.compress_type)
    os.replace(staging, path)
    return True


def scrub_text_file(path: Path) -> bool:
    """Mask secrets in a text artifact in place; True when something was masked."""
    pairs = _replacements()
    if not pairs or not path.is_file():
        return False
    data = path.read_bytes()
    cleaned = _mask(data, pairs)
    if cleaned == data:
        return False
    path.write_bytes(cleaned)
    return True
