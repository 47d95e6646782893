"""Every error pytest-skyvern raises.

One base class, so ``except SkyvernError`` catches all of them::

    SkyvernError
    ├── ConfigurationError        (also a pytest.UsageError: bad option, ini or env value)
    ├── BrowserNotFoundError      (no browser to launch, with how to install one)
    ├── AIUnavailableError        (an AI step with no resolver or LLM able to answer it)
    ├── UnresolvedLocatorError    (an AI locator that found nothing; ailocator)
    ├── ResolutionError           (the AI could not pick an element or action; carries candidates)
    │   └── CacheMissError        (replay-only mode and no cached action)
    ├── ActionError               (the chosen action failed in the browser)
    ├── TotpUnavailableError      (also a TimeoutError: no one-time code arrived; totp)
    ├── SchemaError               (a schema given by the user is not valid JSON Schema)
    ├── ExtractionError           (extracted data stays invalid after the bounded repair)
    ├── BudgetExceededError       (LLM calls, tokens or cost over a configured cap)
    ├── CacheFileError            (a cache file cannot be read or safely written; cache.store)
    ├── MarkerError               (a bad @pytest.mark.skyvern; markers.spec)
    ├── WorkflowFileError         (a workflow definition or YAML test file is invalid; workflows)
    ├── TemplateProblem           (a workflow template cannot be rendered; workflows.templating)
    ├── BlockFailed               (a workflow block failed: the run's status; workflows.runner)
    ├── LlamaServerError          (the real-model test server cannot start; testing.llama)
    ├── LLMError                  (anything from the model endpoint)
    │   ├── LLMConnectionError    (endpoint unreachable)
    │   ├── LLMTimeoutError
    │   ├── LLMRateLimitError     (429 after the retry bound)
    │   ├── LLMServerError        (5xx after the retry bound)
    │   ├── LLMAuthError          (401/403)
    │   ├── LLMBadRequestError    (other 4xx)
    │   ├── LLMResponseError      (malformed or truncated output)
    │   ├── LLMCapabilityError    (the endpoint can do neither JSON-schema output nor vision)
    │   └── RealLLMCallBlocked    (the test guard refused a non-loopback endpoint)
    ├── ApiError                  (cloud mode HTTP errors: status_code, body)
    │   ├── BadRequestError       (400)
    │   ├── ForbiddenError        (403)
    │   ├── NotFoundError         (404)
    │   ├── ConflictError         (409)
    │   └── UnprocessableEntityError (422)
    ├── ExpectationFailed         (also an AssertionError: an AI expectation did not hold)
    └── HealedCacheError          (also an AssertionError: --skyvern-heal=fail and a step healed)

    SkyvernHealWarning            (a UserWarning: --skyvern-heal=warn and a step healed)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest


class SkyvernError(Exception):
    """Base class of every pytest-skyvern error."""


# pytest marks UsageError final, but a subclass is reported the same way (exit code 4,
# message only), which is what a bad option, ini value or env variable deserves.
class ConfigurationError(SkyvernError, pytest.UsageError):  # type: ignore[misc]
    """A configuration value is invalid. Raised while pytest starts."""


class BrowserNotFoundError(SkyvernError):
    """No browser executable could be found or launched."""


class AIUnavailableError(SkyvernError):
    """An AI step was asked for, but no tier (cache, resolver, LLM) can answer it."""


class ResolutionError(SkyvernError):
    """The AI could not resolve an instruction to an element or action.

    ``candidates`` lists what was seen (best first), ``reasoning`` what the model said.
    """

    def __init__(
        self,
        message: str,
        *,
        instruction: str | None = None,
        candidates: Sequence[str] = (),
        reasoning: str | None = None,
        screenshot: str | None = None,
    ) -> None:
        self.instruction = instruction
        self.candidates = list(candidates)
        self.reasoning = reasoning
        self.screenshot = screenshot
        super().__init__(self._render(message))

    def _render(self, message: str) -> str:
        lines = [message]
        if self.instruction:
            lines.append(f"  instruction: {self.instruction!r}")
        if self.reasoning:
            lines.append(f"  model reasoning: {self.reasoning}")
        if self.candidates:
            lines.append("  best candidates seen:")
            lines.extend(f"    - {c}" for c in self.candidates[:8])
        if self.screenshot:
            lines.append(f"  screenshot: {self.screenshot}")
        return "\n".join(lines)


class CacheMissError(ResolutionError):
    """Replay-only mode found no cached action for a step."""


class ActionError(SkyvernError):
    """The resolved action failed when performed in the browser."""


class SchemaError(SkyvernError):
    """A schema given by the user is not a valid JSON Schema."""


class ExtractionError(SkyvernError):
    """Extracted data did not validate against the schema, even after repair."""

    def __init__(self, message: str, *, errors: Sequence[str] = (), data: Any = None) -> None:
        self.errors = list(errors)
        self.data = data
        details = "".join(f"\n  - {e}" for e in self.errors)
        super().__init__(f"{message}{details}")


class BudgetExceededError(SkyvernError):
    """An LLM budget (calls, tokens or cost) was exceeded."""


class LLMError(SkyvernError):
    """The model endpoint failed or answered with something unusable.

    ``usage`` is the ``pytest_skyvern.llm.Usage`` the server reported for the failed call
    (tokens are spent even when the answer is unusable), or ``None``.
    """

    usage: Any = None


class LLMConnectionError(LLMError):
    """The model endpoint could not be reached."""


class LLMTimeoutError(LLMError):
    """The model endpoint did not answer in time."""


class LLMRateLimitError(LLMError):
    """The model endpoint kept answering 429 after the retry bound."""


class LLMServerError(LLMError):
    """The model endpoint kept answering 5xx after the retry bound."""


class LLMAuthError(LLMError):
    """The model endpoint refused the API key (401/403)."""


class LLMBadRequestError(LLMError):
    """The model endpoint refused the request (4xx other than 401/403/429)."""


class LLMResponseError(LLMError):
    """The model answered with malformed, truncated or empty output."""


class LLMCapabilityError(LLMError):
    """The endpoint lacks what pytest-skyvern needs (JSON-schema output or vision)."""


class RealLLMCallBlocked(LLMError):
    """A guard refused a call to a non-loopback model endpoint during tests."""


class ApiError(SkyvernError):
    """An HTTP error from a Skyvern server (cloud mode)."""

    def __init__(self, status_code: int | None = None, body: Any = None) -> None:
        self.status_code = status_code
        self.body = body
        super().__init__(f"status_code: {status_code}, body: {body}")


class BadRequestError(ApiError):
    """HTTP 400."""

    def __init__(self, body: Any = None) -> None:
        super().__init__(400, body)


class ForbiddenError(ApiError):
    """HTTP 403."""

    def __init__(self, body: Any = None) -> None:
        super().__init__(403, body)


class NotFoundError(ApiError):
    """HTTP 404."""

    def __init__(self, body: Any = None) -> None:
        super().__init__(404, body)


class ConflictError(ApiError):
    """HTTP 409."""

    def __init__(self, body: Any = None) -> None:
        super().__init__(409, body)


class UnprocessableEntityError(ApiError):
    """HTTP 422."""

    def __init__(self, body: Any = None) -> None:
        super().__init__(422, body)


class ExpectationFailed(SkyvernError, AssertionError):
    """An AI expectation did not hold (``validate`` in its strict form, marker checks).

    An ``AssertionError`` so pytest reports it as a test failure, not an error.
    """

    def __init__(
        self,
        message: str,
        *,
        reasoning: str | None = None,
        screenshot: str | None = None,
    ) -> None:
        self.reasoning = reasoning
        self.screenshot = screenshot
        lines = [message]
        if reasoning:
            lines.append(f"  reasoning: {reasoning}")
        if screenshot:
            lines.append(f"  screenshot: {screenshot}")
        super().__init__("\n".join(lines))


class HealedCacheError(SkyvernError, AssertionError):
    """With ``--skyvern-heal=fail``: the test passed only because cached steps healed.

    The healed entries are written anyway, so a person can review the diff in
    ``heals.md`` and commit the cache; the next run passes.
    """


class SkyvernHealWarning(UserWarning):
    """With ``--skyvern-heal=warn``: cached steps of this test were healed."""
