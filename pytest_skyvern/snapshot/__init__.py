"""Page snapshots: what the AI tiers see of a page, within a token budget."""

from __future__ import annotations

from .capture import capture_snapshot
from .hooks import install_listener_hooks
from .locate import element_exists, locator_for
from .model import REDACTED, Element, Snapshot
from .probe import install_probe
from .render import render_element
from .tokens import count_tokens

__all__ = [
    "REDACTED",
    "Element",
    "Snapshot",
    "capture_snapshot",
    "count_tokens",
    "element_exists",
    "install_listener_hooks",
    "install_probe",
    "locator_for",
    "render_element",
]
