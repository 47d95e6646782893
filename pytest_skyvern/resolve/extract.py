"""LLM-free ``extract(prompt, schema)``: tables, repeated lists and label/value pairs.

Extraction is split in two so a cache can store *how* data was found instead of the
data: ``extract`` scans the page and plans a program (``extract_plan``), then
``run_program`` reads the page with it. A cached program replays through
``run_program`` alone, without matching names again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, cast

import jsonschema
from playwright.async_api import Page

from pytest_skyvern.errors import SchemaError
from pytest_skyvern.resolve.coerce import Uncoercible, coerce
from pytest_skyvern.resolve.extract_plan import Program, Scan, Schema, plan
from pytest_skyvern.resolve.outcome import NotConfident


@dataclass(frozen=True)
class ExtractionResult:
    """Data valid against the schema, and the program that found it."""

    data: Any
    program: Program


@cache
def _script() -> str:
    return files("pytest_skyvern.resolve").joinpath("extract.js").read_text(encoding="utf-8")


async def _run_js(page: Page, request: dict[str, Any]) -> Any:
    return await page.evaluate(_script(), request)


async def extract(page: Page, prompt: str, schema: Schema) -> ExtractionResult | NotConfident:
    """Extract ``schema`` from the live page without an LLM, or hand over."""
    _check_schema(schema)
    scan = cast(Scan, await _run_js(page, {"op": "scan"}))
    program = plan(scan, prompt, schema)
    if isinstance(program, NotConfident):
        return program
    return await run_program(page, program, schema)


async def run_program(
    page: Page, program: Program, schema: Schema
) -> ExtractionResult | NotConfident:
    """Replay ``program`` on the page; ``NotConfident`` if it no longer fits the page."""
    _check_schema(schema)
    data = await _read(page, program, schema)
    if isinstance(data, NotConfident):
        return data
    errors = sorted(jsonschema.validators.validator_for(schema)(schema).iter_errors(data), key=str)
    if errors:
        return NotConfident(
            "extracted data does not match the schema",
            [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors[:5]],
        )
    return ExtractionResult(data=data, program=program)


def _check_schema(schema: Schema) -> None:
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise SchemaError(f"invalid JSON Schema: {exc.message}") from exc


async def _read(page: Page, program: Program, schema: Schema) -> Any:
    kind = program.get("kind")
    if kind == "wrap":
        name = program["property"]
        inner = await _read(page, program["inner"], schema["properties"][name])
        return inner if isinstance(inner, NotConfident) else {name: inner}
    if kind == "table":
        return await _read_table(page, program, schema["items"])
    if kind == "list":
        raw = await _run_js(page, {"op": "list", **program})
        if raw is None:
            return NotConfident(f"list {program['css']!r} is no longer on the page")
        return _rows(raw, schema["items"])
    if kind == "pairs":
        raw = await _run_js(page, {"op": "fields", "fields": program["fields"]})
        return _record(raw, schema, "")
    return NotConfident(f"unknown program kind {kind!r}")


async def _read_table(page: Page, program: Program, item_schema: Schema) -> Any:
    raw = await _run_js(page, {"op": "table", "css": program["css"]})
    if raw is None or len(raw["header"] or []) != program["width"]:
        return NotConfident(f"table {program['css']!r} is gone or has changed shape")
    # Rows of another width are totals or "no results" notes spanning columns.
    rows = [r for r in raw["rows"] if len(r) == program["width"]]
    filt = program.get("filter")
    if filt:
        wanted = " ".join(filt["equals"].split()).casefold()
        rows = [r for r in rows if " ".join(r[filt["column"]].split()).casefold() == wanted]
    columns: dict[str, int] = program["columns"]
    return _rows([{p: r[i] for p, i in columns.items()} for r in rows], item_schema)


def _rows(raw: list[dict[str, str | None]], item_schema: Schema) -> list[Any] | NotConfident:
    out: list[Any] = []
    for index, values in enumerate(raw):
        record = _record(values, item_schema, f"item {index}: ")
        if isinstance(record, NotConfident):
            return record
        out.append(record)
    return out


def _record(values: dict[str, str | None], schema: Schema, where: str) -> Any:
    props: dict[str, Schema] = schema.get("properties", {})
    required = set(schema.get("required", []))
    record: dict[str, Any] = {}
    for prop, text in values.items():
        sub = props.get(prop, {})
        if text is None or (text.strip() == "" and not _allows_empty(sub)):
            if prop in required:
                return NotConfident(f"{where}no value for required {prop!r}")
            continue
        try:
            record[prop] = coerce(text, sub)
        except Uncoercible as exc:
            return NotConfident(f"{where}{prop!r}: {exc}")
    return record


def _allows_empty(schema: Schema) -> bool:
    kinds = schema.get("type", "string")
    return bool({"null", "string"} & set([kinds] if isinstance(kinds, str) else kinds))
