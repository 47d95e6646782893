"""``ScriptedAnthropicServer``: Anthropic's Messages API with the computer-use tool.

Answers in the shape of the Messages API reference (``type: "message"``, ``content``
blocks of ``text`` and ``tool_use``, ``stop_reason`` ``tool_use`` or ``end_turn``,
``usage``). Like the API it refuses (400) a request without the computer tool and its
beta header, and one whose ``tool_use`` blocks are not all answered by
``tool_result`` blocks in the next user turn.
"""

from __future__ import annotations

import itertools
from typing import Any

from pytest_skyvern.llm.scripted_http import Reply
from pytest_skyvern.testing.scripted_api import ScriptedAPIServer

BETAS = {"computer_20250124": "computer-use-2025-01-24",
         "computer_20241022": "computer-use-2024-10-22"}


class ScriptedAnthropicServer(ScriptedAPIServer):
    """``POST /v1/messages``; script it with ``add_tool_use`` and ``add_text``."""

    path = "/v1/messages"

    def add_tool_use(self, action: dict[str, Any], text: str = "") -> None:
        """The next answer uses the computer tool with ``action`` as its input."""
        self.enqueue({"input": action, "text": text})

    def add_text(self, text: str) -> None:
        """The next answer ends the turn with ``text``."""
        self.enqueue({"text": text})

    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        if not headers.get("x-api-key") and not headers.get("authorization"):
            return Reply(401, {"type": "error", "error": {
                "type": "authentication_error", "message": "x-api-key header is required"}})
        self._headers = headers  # check() needs the beta header
        return super().respond(method, path, headers, raw)

    def check(self, body: dict[str, Any]) -> str | None:
        tools = [t for t in body.get("tools") or [] if t.get("type") in BETAS]
        if not tools or tools[0].get("name") != "computer" or not {
                "display_width_px", "display_height_px"} <= set(tools[0]):
            return "tools: a computer tool with display_width_px and display_height_px " \
                   "is required"
        beta = BETAS[tools[0]["type"]]
        if beta not in self._headers.get("anthropic-beta", ""):
            return f"tools.0: the {tools[0]['type']} tool needs the beta header {beta}"
        if not body.get("max_tokens"):
            return "max_tokens: Field required"
        messages = body.get("messages") or []
        for asked, answered in itertools.pairwise(messages):
            if asked.get("role") != "assistant" or not isinstance(asked.get("content"), list):
                continue
            uses = {b["id"] for b in asked["content"] if b.get("type") == "tool_use"}
            results = {b.get("tool_use_id") for b in answered.get("content") or []
                       if isinstance(b, dict) and b.get("type") == "tool_result"}
            if uses - results:
                return "messages: tool_use ids were found without tool_result blocks " \
                       f"immediately after: {', '.join(sorted(uses - results))}"
        return None

    def answer(self, body: dict[str, Any], scripted: dict[str, Any]) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        if scripted.get("text"):
            content.append({"type": "text", "text": scripted["text"]})
        if "input" in scripted:
            content.append({"type": "tool_use", "id": self.new_id("toolu"),
                            "name": "computer", "input": scripted["input"]})
        return {
            "id": self.new_id("msg"), "type": "message", "role": "assistant",
            "model": body.get("model"), "content": content,
            "stop_reason": "tool_use" if "input" in scripted else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 1603, "output_tokens": 64,
                      "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
        }

    def error(self, status: int, message: str) -> Reply:
        kind = "invalid_request_error" if status == 400 else "api_error"
        return Reply(status, {"type": "error", "error": {"type": kind, "message": message}})
