"""Schemas given by users: JSON Schema dicts, JSON text, pydantic models or Python types.

Everything becomes one JSON Schema dict, checked for validity up front (a bad schema
is the user's error, reported as ``SchemaError`` before any model is asked), and
results are validated with ``jsonschema``.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from pytest_skyvern.errors import SchemaError

SchemaSpec = dict[str, Any] | list[Any] | str | type | Any


def to_json_schema(spec: SchemaSpec) -> dict[str, Any] | None:
    """The JSON Schema for ``spec`` (``None`` stays ``None``); raises ``SchemaError``."""
    if spec is None:
        return None
    schema: Any
    if isinstance(spec, str):
        try:
            schema = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"schema is a string but not valid JSON: {exc}") from None
    elif isinstance(spec, list):
        # The SDK allows a list: read it as "an array of items of this shape".
        if len(spec) != 1:
            raise SchemaError("a list schema must hold exactly one item schema")
        item = to_json_schema(spec[0])
        schema = {"type": "array", "items": item}
    elif isinstance(spec, dict):
        schema = spec
    elif isinstance(spec, type) and issubclass(spec, BaseModel):
        schema = spec.model_json_schema()
    else:
        try:
            schema = TypeAdapter(spec).json_schema()
        except Exception as exc:
            raise SchemaError(f"cannot build a JSON Schema from {spec!r}: {exc}") from None
    if not isinstance(schema, dict):
        raise SchemaError(f"a JSON Schema must be an object, got {type(schema).__name__}")
    check_schema(schema)
    return schema


def check_schema(schema: dict[str, Any]) -> None:
    """Raise ``SchemaError`` naming the problem if ``schema`` is not valid JSON Schema."""
    validator = jsonschema.validators.validator_for(schema)
    try:
        validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(root)"
        raise SchemaError(f"invalid JSON Schema at {where}: {exc.message}") from None


def validation_errors(data: Any, schema: dict[str, Any]) -> list[str]:
    """Human-readable validation errors of ``data`` (empty when valid)."""
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(root)"
        errors.append(f"{where}: {error.message}")
    return errors


def to_user_type(data: Any, spec: SchemaSpec) -> Any:
    """Valid data in the shape the user asked for: a model instance for a pydantic model."""
    if isinstance(spec, type) and issubclass(spec, BaseModel):
        try:
            return spec.model_validate(data)
        except PydanticValidationError as exc:
            raise SchemaError(f"data does not fit {spec.__name__}: {exc}") from None
    return data


def wrap_for_model(schema: dict[str, Any] | None, key: str = "data") -> dict[str, Any]:
    """A root-object schema for structured output (providers require an object root)."""
    inner: dict[str, Any] = schema if schema is not None else {}
    return {
        "type": "object",
        "properties": {"reasoning": {"type": "string"}, key: inner},
        "required": ["reasoning", key],
    }
