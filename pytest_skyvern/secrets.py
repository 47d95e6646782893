"""Secret values known to this process, and masking them out of anything we write.

A value becomes secret when it is registered: credentials, ``register_secret(...)``,
and ``SKYVERN_SECRET_<NAME>`` environment variables. The model and the cache see
placeholders like ``{{password}}``; the real value is swapped in only when typing.

Two views of the same values:

- the process's ``SecretVault`` (``secrets()``) knows every value ever registered. What
  leaves the process for people or other programs (LLM snapshots, logs, the timeline,
  reports, traces, stores) is masked with it: a value registered anywhere is masked
  everywhere.
- a ``SecretScope`` is one test's view: the values that test registered, over the
  *shared* ones (the environment's, and those registered outside any test). Action-cache
  keys and entries are masked with the scope only, so they are a pure function of the
  test and its own steps, never of which credentials other tests registered before it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping

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
        known = self.items()
        for name, existing in known.items():
            if existing == value:
                return "{{" + name + "}}"
        return self.add(f"secret_{len(known) + 1}", value)

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
            values = dict(self._values)
        return _mask(text, values)

    def items(self) -> dict[str, str]:
        """A copy of name -> value, short values included."""
        with self._lock:
            return dict(self._values)

    def is_secret(self, value: str) -> bool:
        return value in self.values()

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


class SecretScope(SecretRegistry):
    """One test's secrets over the shared ones; masks and resolves with both."""

    def __init__(self, shared: SecretRegistry | None = None) -> None:
        super().__init__()
        self.shared = shared if shared is not None else SecretRegistry()

    def _items(self) -> dict[str, str]:
        return {**self.shared.items(), **super().items()}

    def values(self) -> list[str]:
        return [v for v in self._items().values() if len(v) >= MIN_SECRET_LENGTH]

    def names(self) -> list[str]:
        return list(self._items())

    def resolve(self, text: str) -> str:
        values = self._items()
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def mask(self, text: str) -> str:
        return _mask(text, self._items())


class SecretVault(SecretRegistry):
    """Every secret of this process. A value registered while a test runs is also put
    in that test's scope; one registered outside any test in the shared scope."""

    def __init__(self) -> None:
        super().__init__()
        self.shared = SecretRegistry()
        self._scope_source: Callable[[], SecretRegistry | None] = lambda: None

    def set_scope_source(self, source: Callable[[], SecretRegistry | None]) -> None:
        """Where ``add`` finds the running test's scope (set by ``pytest_skyvern.context``)."""
        self._scope_source = source

    def add(self, name: str, value: str) -> str:
        placeholder = super().add(name, value)
        (self._scope_source() or self.shared).add(name, value)
        return placeholder

    def add_shared(self, name: str, value: str) -> str:
        """Register a secret every test sees in its scope (the environment's)."""
        placeholder = super().add(name, value)
        self.shared.add(name, value)
        return placeholder

    def load_env(self, env: Mapping[str, str]) -> None:
        for key, value in env.items():
            if key.startswith("SKYVERN_SECRET_") and value:
                self.add_shared(key.removeprefix("SKYVERN_SECRET_").lower(), value)

    def new_scope(self) -> SecretScope:
        """An empty scope for a new test, over the shared secrets."""
        return SecretScope(self.shared)

    def clear(self) -> None:
        super().clear()
        self.shared.clear()


def _mask(text: str, values: Mapping[str, str]) -> str:
    for name, value in sorted(values.items(), key=lambda kv: -len(kv[1])):
        if len(value) >= MIN_SECRET_LENGTH and value in text:
            text = text.replace(value, "{{" + name + "}}")
    return text


def placeholder_names(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order, without duplicates."""
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(text)))


def mask_all(registry: SecretRegistry, texts: Iterable[str]) -> list[str]:
    return [registry.mask(t) for t in texts]


_REGISTRY = SecretVault()
_REGISTRY_ENV_LOADED = False


def secrets() -> SecretVault:
    """The process's vault of every secret (loads ``SKYVERN_SECRET_*`` on first use)."""
    global _REGISTRY_ENV_LOADED
    if not _REGISTRY_ENV_LOADED:
        _REGISTRY_ENV_LOADED = True
        _REGISTRY.load_env(os.environ)
    return _REGISTRY


def register_secret(name: str, value: str) -> str:
    """Register a secret; returns its placeholder, e.g. ``{{password}}``.

    It is masked everywhere from now on, and belongs to the running test's scope (or,
    outside any test, to every test's).

    Pass the placeholder wherever a value is typed (``fill``, ``act`` instructions,
    task prompts): the model, the logs, the reports and the action cache only ever
    see the placeholder; the real value is typed into the browser and nowhere else.
    """
    return secrets().add(name, value)
