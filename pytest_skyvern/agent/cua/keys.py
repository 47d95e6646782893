"""Key names as the providers spell them -> Playwright's.

OpenAI sends ``["CTRL", "A"]``, Anthropic xdotool combinations (``ctrl+a``,
``Return``, ``Page_Down``), UI-TARS space-separated hotkeys (``ctrl c``).
"""

from __future__ import annotations

_NAMES = {
    "enter": "Enter", "return": "Enter", "kp_enter": "Enter",
    "tab": "Tab", "space": "Space", "backspace": "Backspace",
    "delete": "Delete", "del": "Delete", "insert": "Insert",
    "esc": "Escape", "escape": "Escape",
    "up": "ArrowUp", "down": "ArrowDown", "left": "ArrowLeft", "right": "ArrowRight",
    "arrowup": "ArrowUp", "arrowdown": "ArrowDown", "arrowleft": "ArrowLeft",
    "arrowright": "ArrowRight",
    "home": "Home", "end": "End",
    "pageup": "PageUp", "page_up": "PageUp", "prior": "PageUp",
    "pagedown": "PageDown", "page_down": "PageDown", "next": "PageDown",
    "ctrl": "Control", "control": "Control", "control_l": "Control", "control_r": "Control",
    "shift": "Shift", "shift_l": "Shift", "shift_r": "Shift",
    "alt": "Alt", "alt_l": "Alt", "alt_r": "Alt", "option": "Alt",
    "cmd": "Meta", "command": "Meta", "meta": "Meta", "super": "Meta", "super_l": "Meta",
    "win": "Meta",
}


def playwright_key(name: str) -> str:
    """One key: ``ENTER`` -> ``Enter``, ``f5`` -> ``F5``, ``a`` -> ``a``."""
    key = name.strip()
    lowered = key.lower()
    if lowered in _NAMES:
        return _NAMES[lowered]
    if len(lowered) in (2, 3) and lowered[0] == "f" and lowered[1:].isdigit():
        return lowered.upper()
    return key


def split_combination(combination: str) -> tuple[str, ...]:
    """``ctrl+a`` or ``ctrl a`` -> ``("Control", "a")``; a lone ``+`` stays a key."""
    text = combination.strip()
    if not text:
        return ()
    parts = text.split("+") if "+" in text.strip("+") else text.split()
    return tuple(playwright_key(p) for p in parts if p.strip()) or (text,)


def chord(keys: tuple[str, ...]) -> str:
    """Playwright's ``press`` form of a combination: ``Control+a``."""
    return "+".join(keys)
