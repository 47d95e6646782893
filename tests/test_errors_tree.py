"""The error tree drawn in ``pytest_skyvern.errors`` names every error class we define."""

from __future__ import annotations

import importlib
import pkgutil

import pytest_skyvern
from pytest_skyvern import errors

#: Modules that need an optional extra (``[serve]``) to import.
OPTIONAL = ("pytest_skyvern.serve",)


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_every_error_class_is_in_the_tree() -> None:
    for module in pkgutil.walk_packages(pytest_skyvern.__path__, "pytest_skyvern."):
        if module.name.endswith("__main__"):
            continue  # runs a command when imported
        try:
            importlib.import_module(module.name)
        except ImportError:
            assert module.name.startswith(OPTIONAL), module.name
    ours = {cls for cls in _all_subclasses(errors.SkyvernError)
            if cls.__module__.startswith("pytest_skyvern")}
    doc = errors.__doc__ or ""
    missing = sorted(cls.__name__ for cls in ours if cls.__name__ not in doc)
    assert not missing, f"add these to the tree in errors.py: {missing}"
    assert len(ours) >= 35  # the walk really imported the package
