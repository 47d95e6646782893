"""Workflow definitions as a Skyvern server shows them.

The local store keeps a definition as it was given. A server fills it in: every block
gets its ``output_parameter`` (``<label>_output``), which is also listed among the
parameters, and every workflow parameter gets its id, workflow id and times. The
official client's models require those fields, so ``serve`` adds them.
"""

from __future__ import annotations

import hashlib
from typing import Any


def _id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()[:18]
    return f"{prefix}_{digest}"


def _output_parameter(label: str, workflow_id: str, at: Any) -> dict[str, Any]:
    return {"parameter_type": "output", "key": f"{label}_output",
            "description": f"Output parameter for block {label}",
            "output_parameter_id": _id("op", workflow_id, label), "workflow_id": workflow_id,
            "created_at": at, "modified_at": at, "deleted_at": None}


def _blocks(blocks: list[Any], workflow_id: str, at: Any,
            outputs: list[dict[str, Any]]) -> list[Any]:
    filled = []
    for block in blocks:
        if not isinstance(block, dict) or "label" not in block:
            filled.append(block)
            continue
        output = _output_parameter(str(block["label"]), workflow_id, at)
        outputs.append(output)
        block = {**block, "output_parameter": output}
        if isinstance(block.get("loop_blocks"), list):
            block["loop_blocks"] = _blocks(block["loop_blocks"], workflow_id, at, outputs)
        filled.append(block)
    return filled


def server_definition(definition: dict[str, Any], workflow_id: str, at: Any
                      ) -> dict[str, Any]:
    """``definition`` (parameters and blocks) with the fields a server adds."""
    outputs: list[dict[str, Any]] = []
    blocks = _blocks(list(definition.get("blocks") or []), workflow_id, at, outputs)
    parameters = []
    for parameter in definition.get("parameters") or []:
        if isinstance(parameter, dict) and parameter.get("parameter_type") == "workflow":
            parameter = {"workflow_parameter_id": _id("wp", workflow_id, str(parameter["key"])),
                         "workflow_id": workflow_id, "default_value": None,
                         "created_at": at, "modified_at": at, "deleted_at": None, **parameter}
        parameters.append(parameter)
    return {"version": 1, **definition, "parameters": [*outputs, *parameters],
            "blocks": blocks}
