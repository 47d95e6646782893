"""Jinja templating of workflow fields, always sandboxed, never lenient.

Workflow files are data that may come from anyone, so templates run in Jinja's
``SandboxedEnvironment`` (no attribute access to internals, no imports), and an
unknown variable is an error (``StrictUndefined``) instead of an empty string that
would send the browser somewhere wrong. Registered secrets stay ``{{name}}``
placeholders: the secret machinery fills them at the last moment, in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.secrets import secrets

ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                           keep_trailing_newline=True)

#: Names every template may use besides parameters and ``<label>_output``.
LOOP_NAMES = frozenset({"current_value", "current_item", "current_index"})


class TemplateProblem(SkyvernError):
    """A template could not be parsed or rendered (the message names the variable)."""


def _with_secrets(context: Mapping[str, Any]) -> dict[str, Any]:
    placeholders = {name: "{{" + name + "}}" for name in secrets().names()}
    return {**placeholders, **context}


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text


def render(text: str, context: Mapping[str, Any]) -> str:
    """``text`` with its ``{{ ... }}`` filled from ``context``."""
    if not is_template(text):
        return text
    try:
        return ENV.from_string(text).render(_with_secrets(context))
    except TemplateError as exc:
        raise TemplateProblem(f"template {text!r}: {exc}") from None


def render_value(value: Any, context: Mapping[str, Any]) -> Any:
    """Strings rendered; dicts and lists rendered item by item; anything else as is."""
    if isinstance(value, str):
        return render(value, context)
    if isinstance(value, dict):
        return {k: render_value(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [render_value(v, context) for v in value]
    return value


def evaluate(source: str, context: Mapping[str, Any]) -> Any:
    """The value ``source`` names: a bare name, or one ``{{ expression }}`` evaluated to
    its native value (a list stays a list, not its text)."""
    text = source.strip()
    if text.startswith("{{") and text.endswith("}}") and text.count("{{") == 1:
        text = text[2:-2].strip()
    try:
        return ENV.compile_expression(text, undefined_to_none=False)(**_with_secrets(context))
    except TemplateError as exc:
        raise TemplateProblem(f"expression {source!r}: {exc}") from None


def variables(text: str) -> set[str]:
    """The variables a template uses; raises ``TemplateProblem`` on a syntax error."""
    if not is_template(text):
        return set()
    try:
        return set(meta.find_undeclared_variables(ENV.parse(text)))
    except TemplateError as exc:
        raise TemplateProblem(f"template {text!r}: {exc}") from None


def expression_variables(source: str) -> set[str]:
    """The variables of a ``loop_over`` source (a bare name or ``{{ expression }}``)."""
    text = source.strip()
    return variables(text if is_template(text) else "{{ " + text + " }}")
