"""The Jinja2 environment of the report's templates (shipped inside the package)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pytest_skyvern.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_compact"] = lambda value: json.dumps(value, separators=(",", ":"))
    return env


def render(name: str, **context: Any) -> str:
    """Render one template of ``pytest_skyvern/report/templates``."""
    return environment().get_template(name).render(**context)
