"""``ScriptedResponsesServer``: OpenAI's Responses API with the computer-use tool.

Answers are built in the shape of the computer-use guide's examples (a ``reasoning``
item with a summary, then a ``computer_call`` with ``call_id``, ``action`` and
``pending_safety_checks``; a final ``message`` with ``output_text``). Like the API it
refuses (400) a request without ``truncation: "auto"``, a ``computer_call_output``
that does not answer the last call of ``previous_response_id``, and one that leaves
a pending safety check unacknowledged.
"""

from __future__ import annotations

import time
from typing import Any

from pytest_skyvern.testing.scripted_api import ScriptedAPIServer

MODEL = "computer-use-preview-2025-03-11"


class ScriptedResponsesServer(ScriptedAPIServer):
    """``POST /v1/responses``; script it with ``add_computer_call`` and ``add_message``."""

    path = "/v1/responses"

    def __init__(self) -> None:
        super().__init__()
        self._last_response: str | None = None
        self._last_call: str | None = None
        self._pending: list[str] = []

    @property
    def base_url(self) -> str:
        return super().base_url + "/v1"

    def add_computer_call(self, action: dict[str, Any], *, reasoning: str = "",
                          safety_checks: list[dict[str, str]] | None = None) -> None:
        """The next answer asks for ``action`` (``{"type": "click", "x": .., ...}``)."""
        self.enqueue({"action": action, "reasoning": reasoning,
                      "checks": list(safety_checks or [])})

    def add_message(self, text: str) -> None:
        """The next answer ends the task with ``text``."""
        self.enqueue({"message": text})

    def check(self, body: dict[str, Any]) -> str | None:
        tools = [t for t in body.get("tools") or [] if t.get("type") == "computer_use_preview"]
        if not tools or not {"display_width", "display_height", "environment"} <= set(tools[0]):
            return "tools: a computer_use_preview tool with display_width, display_height " \
                   "and environment is required"
        if body.get("truncation") != "auto":
            return "truncation must be 'auto' when using the computer_use_preview tool"
        outputs = [i for i in body.get("input") or [] if i.get("type") == "computer_call_output"]
        if not outputs:
            return None
        if body.get("previous_response_id") != self._last_response:
            return f"Previous response with id '{body.get('previous_response_id')}' not found."
        output = outputs[0]
        if output.get("call_id") != self._last_call:
            return f"No tool call found for computer call output with call_id " \
                   f"{output.get('call_id')}."
        image = (output.get("output") or {})
        if image.get("type") != "computer_screenshot" or not str(
                image.get("image_url", "")).startswith("data:image/png;base64,"):
            return "computer_call_output.output must be a computer_screenshot image"
        acknowledged = {c.get("id") for c in output.get("acknowledged_safety_checks") or []}
        missing = [c for c in self._pending if c not in acknowledged]
        if missing:
            return f"Pending safety checks were not acknowledged: {', '.join(missing)}"
        return None

    def answer(self, body: dict[str, Any], scripted: dict[str, Any]) -> dict[str, Any]:
        response_id = self.new_id("resp")
        output: list[dict[str, Any]] = []
        if "message" in scripted:
            self._last_call, self._pending = None, []
            output.append({"type": "message", "id": self.new_id("msg"), "status": "completed",
                           "role": "assistant", "content": [
                               {"type": "output_text", "text": scripted["message"],
                                "annotations": []}]})
        else:
            call_id = self.new_id("call")
            checks = [{"id": self.new_id("cu_sc"), **c} for c in scripted["checks"]]
            self._last_call, self._pending = call_id, [c["id"] for c in checks]
            if scripted["reasoning"]:
                output.append({"type": "reasoning", "id": self.new_id("rs"), "summary": [
                    {"type": "summary_text", "text": scripted["reasoning"]}]})
            output.append({"type": "computer_call", "id": self.new_id("cu"), "call_id": call_id,
                           "action": scripted["action"], "pending_safety_checks": checks,
                           "status": "completed"})
        self._last_response = response_id
        return {
            "id": response_id, "object": "response", "created_at": int(time.time()),
            "status": "completed", "error": None, "incomplete_details": None,
            "instructions": None, "max_output_tokens": None, "model": MODEL,
            "output": output, "parallel_tool_calls": True,
            "previous_response_id": body.get("previous_response_id"),
            "reasoning": {"effort": "medium", "summary": "concise"}, "store": True,
            "temperature": 1.0, "text": {"format": {"type": "text"}}, "tool_choice": "auto",
            "tools": body.get("tools"), "top_p": 1.0, "truncation": "auto",
            "usage": {"input_tokens": 519, "input_tokens_details": {"cached_tokens": 0},
                      "output_tokens": 7, "output_tokens_details": {"reasoning_tokens": 0},
                      "total_tokens": 526},
            "user": None, "metadata": {},
        }
