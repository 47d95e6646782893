"""Secret values known to this process, and masking them out of anything we write.

A value becomes secret when it is registered: credentials, ``page.secret(...)``,
values typed into password fields, and ``SKYVERN_SECRET_<NAME>`` environment
variables. Everything that leaves the process through us (LLM prompts, logs, the
timeline, reports, the action cache) goes through ``mask``. The model and the cache
see placeholders like ``{{password}}``; the real value is swapped in only when typing.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")
#: Shorter values are too likely to appear in ordinary text to be masked safely.
MIN_SECRET_LENGTH = 4


class SecretRegistry:
    """Name -> value of the secrets known to this process. Thread-safe."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def add(self, name: str, value: str) -> str:
        """Register a secret; returns its placeholder (``{{name}}``)."""
        if not PLACEHOLDER.fullmatch("{{" + name + "}}"):
            raise ValueError(f"secret name {name!r} must be an identifier like 'password'")
        with self._lock:
            self._values[name] = value
        return "{{" + name + "}}"

    def add_anonymous(self, value: str) -> str:
        """Register a value that has no name yet (e.g. typed into a password field)."""
        with self._lock:
            for name, known in self._values.items():
                if known == value:
                    return "{{" + name + "}}"
            name = f"secret_{len(self._values) + 1}"
            self._values[name] = value
        return "{{" + name + "}}"

    def load_env(self, env: Mapping[str, str]) -> None:
        for key, value in env.items():
            if key.startswith("SKYVERN_SECRET_") and value:
                self.add(key.removeprefix("SKYVERN_SECRET_").lower(), value)

    def values(self) -> list[str]:
        with self._lock:
            return [v for v in self._values.values() if len(v) >= MIN_SECRET_LENGTH]

    def names(self) -> list[str]:
        with self._lock:
            return list(self._values)

    def resolve(self, text: str) -> str:
        """Swap placeholders for their real values (only right before typing)."""
        with self._lock:
            values = dict(self._values)

        def swap(match: re.Match[str]) -> str:
            return values.get(match.group(1), match.group(0))

        return PLACEHOLDER.sub(swap, text)

    def mask(self, text: str) -> str:
        """Replace every known secret value in ``text`` by its placeholder."""
        with self._lock:
            items = sorted(self._values.items(), key=lambda kv: -len(kv[1]))
        for name, value in items:
            if len(value) >= MIN_SECRET_LENGTH and value in text:
                text = text.replace(value, "{{" + name + "}}")
        return text

    def is_secret(self, value: str) -> bool:
        return value in self.values()

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def placeholder_names(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order, without duplicates."""
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(text)))


def mask_all(registry: SecretRegistry, texts: Iterable[str]) -> list[str]:
    return [registry.mask(t) for t in texts]


_REGISTRY = SecretRegistry()
_REGISTRY_ENV_LOADED = False


def secrets() -> SecretRegistry:
    """The process-wide registry (loads ``SKYVERN_SECRET_*`` on first use)."""
    global _REGISTRY_ENV_LOADED
    if not _REGISTRY_ENV_LOADED:
        _REGISTRY_ENV_LOADED = True
        _REGISTRY.load_env(os.environ)
    return _REGISTRY


def register_secret(name: str, value: str) -> str:
    """Register a secret for this process; returns its placeholder, e.g. ``{{password}}``.

    Pass the placeholder wherever a value is typed (``fill``, ``act`` instructions,
    task prompts): the model, the logs, the reports and the action cache only ever
    see the placeholder; the real value is typed into the browser and nowhere else.
    """
    return secrets().add(name, value)
