"""``@pytest.mark.skyvern(...)``: its arguments, checked once, at collection.

Everything that can be known before a browser starts is checked here: unknown
keywords (with a "did you mean"), the prompt, the schema (a JSON Schema dict or a
pydantic model), ``expected`` against the schema, the engine, the numbers, the match
options and the ``{placeholders}`` of the prompt and url against the test's
parameters. A placeholder is a single-brace name, ``{country}``; the secret
placeholders ``{{name}}`` are left alone for the secret registry.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from pytest_skyvern.datatests.expect import OPTION_KEYS, MatchOptions, options_from
from pytest_skyvern.errors import SchemaError, SkyvernError
from pytest_skyvern.sdk.runs import RunEngine
from pytest_skyvern.sdk.schema import to_json_schema, validation_errors

#: Accepted by ``page.agent.run_task`` for SDK compatibility (no local effect).
RUN_TASK_KEYS = ("model", "webhook_url", "title", "user_agent", "totp_identifier", "totp_url")
CORE_KEYS = ("prompt", "url", "schema", "expected", "engine", "max_steps",
             "error_code_mapping", "timeout")
KNOWN_KEYS: tuple[str, ...] = (*CORE_KEYS, *OPTION_KEYS, *RUN_TASK_KEYS)

_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")


class MarkerError(SkyvernError):
    """A ``skyvern`` marker argument is invalid (reported at collection)."""


@dataclass(frozen=True)
class SkyvernMarker:
    """The checked arguments of one ``@pytest.mark.skyvern``."""

    prompt: str
    url: str | None = None
    schema: Any = None
    json_schema: dict[str, Any] | None = None
    expected: Any = None
    engine: str = RunEngine.skyvern_v2.value
    max_steps: int | None = None
    error_code_mapping: dict[str, str] | None = None
    timeout: float = 1800.0
    match: MatchOptions = field(default_factory=MatchOptions)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def placeholders(self) -> list[str]:
        """Names of the ``{param}`` placeholders in the prompt, url and expected strings."""
        names = placeholders(self.prompt) + placeholders(self.url or "")
        names += [n for text in _strings(self.expected) for n in placeholders(text)]
        return list(dict.fromkeys(names))

    def filled(self, values: Mapping[str, Any]) -> tuple[str, str | None, Any]:
        """The prompt, url and expected output with ``values`` put in their placeholders."""
        return (fill(self.prompt, values), fill(self.url, values) if self.url else None,
                _fill_tree(self.expected, values))


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def _fill_tree(value: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        whole = _PLACEHOLDER.fullmatch(value)
        # "{price}" alone keeps the parameter's type (a number stays a number).
        return values[whole.group(1)] if whole else fill(value, values)
    if isinstance(value, dict):
        return {k: _fill_tree(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_tree(v, values) for v in value]
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _relaxed(schema: Any) -> Any:
    """``schema`` without its "must have" keywords: ``expected`` is a subset, so it may
    leave out required fields and list items, but what it gives must still fit."""
    if isinstance(schema, dict):
        return {k: _relaxed(v) for k, v in schema.items()
                if k not in ("required", "minItems", "minProperties", "minContains")}
    if isinstance(schema, list):
        return [_relaxed(v) for v in schema]
    return schema


def parse_marker(mark: pytest.Mark, names: Collection[str] | None = None) -> SkyvernMarker:
    """Check ``mark``'s arguments; ``names`` are the test's parameters and fixtures (the
    placeholders may use them). Raises ``MarkerError`` with one clear sentence."""
    kwargs = dict(mark.kwargs)
    if len(mark.args) > 1:
        raise MarkerError(f"takes one positional argument (the prompt), got {len(mark.args)}")
    if mark.args:
        if "prompt" in kwargs:
            raise MarkerError("the prompt is given twice (positionally and as prompt=)")
        kwargs["prompt"] = mark.args[0]
    unknown = [k for k in kwargs if k not in KNOWN_KEYS]
    if unknown:
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise MarkerError(f"unknown argument {', '.join(hints)}; valid arguments: "
                          f"{', '.join(KNOWN_KEYS)}")
    prompt = kwargs.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise MarkerError("prompt= is required and must be a non-empty string")
    url = kwargs.get("url")
    if url is not None and not isinstance(url, str):
        raise MarkerError(f"url={url!r} must be a string (absolute, or relative to --base-url)")
    try:
        json_schema = to_json_schema(kwargs.get("schema"))
    except SchemaError as exc:
        raise MarkerError(f"schema= is invalid: {exc}") from None
    engine = str(kwargs.get("engine", RunEngine.skyvern_v2.value))
    if engine not in {e.value for e in RunEngine}:
        raise MarkerError(f"engine={engine!r} is not a RunEngine; valid: "
                          f"{', '.join(e.value for e in RunEngine)}")
    max_steps = kwargs.get("max_steps")
    if max_steps is not None and (not isinstance(max_steps, int) or isinstance(max_steps, bool)
                                  or max_steps < 1):
        raise MarkerError(f"max_steps={max_steps!r} must be a whole number of 1 or more")
    timeout = kwargs.get("timeout", 1800.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise MarkerError(f"timeout={timeout!r} must be a number of seconds above 0")
    codes = kwargs.get("error_code_mapping")
    if codes is not None and not (isinstance(codes, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in codes.items())):
        raise MarkerError("error_code_mapping= must map error codes (str) to descriptions (str)")
    try:
        match = options_from({k: kwargs[k] for k in OPTION_KEYS if k in kwargs})
    except ValueError as exc:
        raise MarkerError(str(exc)) from None
    spec = SkyvernMarker(
        prompt=prompt, url=url, schema=kwargs.get("schema"), json_schema=json_schema,
        expected=kwargs.get("expected"), engine=engine, max_steps=max_steps,
        error_code_mapping=codes, timeout=float(timeout), match=match,
        extra={k: kwargs[k] for k in RUN_TASK_KEYS if k in kwargs},
    )
    _check_expected(spec)
    if names is not None:
        missing = [n for n in spec.placeholders if n not in names]
        if missing:
            raise MarkerError(
                f"placeholder {{{missing[0]}}} is not a parameter or fixture of this test "
                f"(parametrize it, e.g. @pytest.mark.parametrize({missing[0]!r}, [...]); "
                "write {{name}} only for registered secrets)")
    return spec


def _check_expected(spec: SkyvernMarker) -> None:
    if spec.expected is None:
        return
    if not isinstance(spec.expected, dict | list | str | int | float | bool):
        raise MarkerError(f"expected= must be JSON-like data (dict, list, str, number), got "
                          f"{type(spec.expected).__name__}")
    if spec.json_schema is None:
        return
    # Placeholders are checked after filling; here only their type (string) is known.
    if spec.placeholders:
        return
    errors = validation_errors(spec.expected, _relaxed(spec.json_schema))
    if errors:
        raise MarkerError("expected= does not match schema=: " + "; ".join(errors))
