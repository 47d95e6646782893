"""``ScriptedVisionChatServer``: an OpenAI-compatible chat endpoint serving a vision
model the way vLLM serves UI-TARS or Qwen2.5-VL.

Each scripted answer is the model's raw text (``Thought: ...\\nAction: click(...)`` or
a ``<tool_call>``), wrapped in vLLM's chat-completion shape. A request whose last
user turn carries no screenshot is refused, as a vision model would be useless then.
"""

from __future__ import annotations

import time
from typing import Any

from pytest_skyvern.testing.scripted_api import ScriptedAPIServer


class ScriptedVisionChatServer(ScriptedAPIServer):
    """``POST /v1/chat/completions``; script it with ``add_answer``."""

    path = "/v1/chat/completions"

    @property
    def base_url(self) -> str:
        return super().base_url + "/v1"

    def add_answer(self, text: str) -> None:
        """The model's next answer, verbatim."""
        self.enqueue({"text": text})

    def check(self, body: dict[str, Any]) -> str | None:
        messages = body.get("messages") or []
        if not body.get("model") or not messages:
            return "model and messages are required"
        last = messages[-1]
        parts = last.get("content") if last.get("role") == "user" else None
        images = [p for p in parts or [] if isinstance(p, dict) and p.get("type") == "image_url"]
        if not images or not str(images[-1]["image_url"].get("url", "")).startswith(
                "data:image/png;base64,"):
            return "the last user message must carry the screenshot as an image_url"
        return None

    def answer(self, body: dict[str, Any], scripted: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.new_id("chatcmpl"), "object": "chat.completion",
            "created": int(time.time()), "model": body["model"],
            "choices": [{"index": 0, "message": {
                "role": "assistant", "content": scripted["text"], "tool_calls": [],
                "reasoning_content": None}, "logprobs": None, "finish_reason": "stop",
                "stop_reason": None}],
            "usage": {"prompt_tokens": 1312, "total_tokens": 1340, "completion_tokens": 28,
                      "prompt_tokens_details": None},
            "prompt_logprobs": None,
        }
