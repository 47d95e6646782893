"""Reading a workflow definition (YAML text or JSON data) into a checked ``WorkflowSpec``.

Every problem is reported as ``<file>:<line>: <field>: <message>``. The line comes
from composing the YAML (its node marks), not from the loaded data, so it points at
the key that is wrong even when the value is a nested block. Beyond the models'
checks, templates are parsed and their variables resolved against the declared
parameters and block outputs now, at collection time, not in the middle of a run.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from pytest_skyvern.errors import SkyvernError
from pytest_skyvern.workflows import templating
from pytest_skyvern.workflows.models import BLOCK_TYPES, ForLoopBlock, WorkflowSpec

Path_ = tuple[str | int, ...]


class WorkflowFileError(SkyvernError):
    """A workflow definition is invalid; ``line`` is 1-based (None when unknown)."""

    def __init__(self, source: str, line: int | None, field: str, message: str) -> None:
        self.source, self.line, self.field = source, line, field
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


def _positions(node: yaml.Node, path: Path_, found: dict[Path_, int]) -> None:
    found.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            found[child] = key.start_mark.line + 1  # the key's line, where a reader looks
            _positions(value, child, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*path, index), found)


class _Locator:
    """Maps a path in the data to a line of the source (or None for JSON data)."""

    def __init__(self, source: str, data: Any, lines: dict[Path_, int]) -> None:
        self.source, self.data, self.lines = source, data, lines

    def clean(self, loc: tuple[Any, ...]) -> Path_:
        """A pydantic ``loc`` without union tags / model names that are not in the data."""
        path: list[str | int] = []
        here = self.data
        for part in loc:
            if isinstance(here, dict) and part in here:
                here = here[part]
                path.append(part)
            elif isinstance(here, list) and isinstance(part, int) and part < len(here):
                here = here[part]
                path.append(part)
        return tuple(path)

    def line(self, path: Path_) -> int | None:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: Path_, message: str) -> WorkflowFileError:
        field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)
        return WorkflowFileError(self.source, self.line(path), field.replace(".[", "["),
                                 message)


def parse_yaml(text: str, source: str = "<yaml_definition>") -> WorkflowSpec:
    """Parse and check YAML text; raises ``WorkflowFileError`` with a line number."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise WorkflowFileError(source, line, "", f"not valid YAML: {exc}") from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _positions(node, (), lines)
    return parse_data(data, source, lines)


def parse_data(data: Any, source: str = "<json_definition>",
               lines: dict[Path_, int] | None = None) -> WorkflowSpec:
    """Check already-loaded data (JSON); errors carry lines only when ``lines`` is given."""
    where = _Locator(source, data, lines or {})
    if not isinstance(data, dict):
        raise where.error((), "a workflow definition must be a mapping with title and "
                              "workflow_definition")
    try:
        spec = WorkflowSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = where.clean(first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            path = (*where.clean(first["loc"][:-1]), str(first["loc"][-1]))
            message = "required field is missing"
        elif first["type"] == "union_tag_invalid":
            tag = first.get("ctx", {}).get("tag")
            path = (*path, "block_type")
            message = f"unknown block_type {tag!r}; supported: {', '.join(BLOCK_TYPES)}"
        elif first["type"] == "extra_forbidden":
            message = "unknown field (check its spelling against Skyvern's block fields)"
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise where.error(path, message) from None
    _check_templates(spec, data, where)
    _check_tests(spec, where)
    return spec


def _check_templates(spec: WorkflowSpec, data: dict[str, Any], where: _Locator) -> None:
    params = {p.key for p in spec.workflow_definition.parameters}
    labels: set[str] = set()

    def walk(blocks: list[Any], raw: list[Any], path: Path_, loop_depth: int) -> None:
        for index, block in enumerate(blocks):
            block_path = (*path, index)
            known = params | {f"{label}_output" for label in labels}
            if loop_depth:
                known |= templating.LOOP_NAMES
            for key, value in raw[index].items():
                if key in ("loop_blocks", "data_schema", "json_schema"):
                    continue
                if key in ("loop_over", "loop_over_parameter_key", "loop_variable_reference"):
                    used = templating.expression_variables(str(value))
                else:
                    used = _template_variables(value, where, (*block_path, key))
                unknown = sorted(used - known)
                if unknown:
                    raise where.error((*block_path, key), (
                        f"uses undefined variable(s) {', '.join(unknown)}; known here: "
                        f"{', '.join(sorted(known)) or 'none'} (parameters are declared in "
                        "workflow_definition.parameters; an output exists after its block)"))
            if isinstance(block, ForLoopBlock):
                walk(block.loop_blocks, raw[index]["loop_blocks"],
                     (*block_path, "loop_blocks"), loop_depth + 1)
            labels.add(block.label)

    walk(spec.workflow_definition.blocks, data["workflow_definition"]["blocks"],
         ("workflow_definition", "blocks"), 0)


def _template_variables(value: Any, where: _Locator, path: Path_) -> set[str]:
    if isinstance(value, str):
        try:
            return templating.variables(value)
        except templating.TemplateProblem as exc:
            raise where.error(path, str(exc)) from None
    if isinstance(value, dict):
        found: set[str] = set()
        for key, item in value.items():
            found |= _template_variables(item, where, (*path, key))
        return found
    if isinstance(value, list):
        found = set()
        for index, item in enumerate(value):
            found |= _template_variables(item, where, (*path, index))
        return found
    return set()


def _check_tests(spec: WorkflowSpec, where: _Locator) -> None:
    declared = {p.key for p in spec.workflow_definition.input_parameters()}
    labels = {b.label for b in spec.workflow_definition.blocks}
    ids: set[str] = set()
    for index, case in enumerate(spec.tests):
        for key in case.parameters:
            if key not in declared:
                raise where.error(("tests", index, "parameters", key), (
                    f"{key!r} is not a parameter of this workflow; declared: "
                    f"{', '.join(sorted(declared)) or 'none'}"))
        for label in case.expected or {}:
            if label not in labels:
                raise where.error(("tests", index, "expected", label), (
                    f"{label!r} is not the label of a top-level block; labels: "
                    f"{', '.join(sorted(labels))}"))
        if case.id is not None:
            if case.id in ids:
                raise where.error(("tests", index, "id"), f"test id {case.id!r} is used twice")
            ids.add(case.id)
