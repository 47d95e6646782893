"""Translate openai SDK errors into pytest-skyvern's ``LLMError`` subclasses.

This is the adapter edge: nothing above ``llm/`` ever sees an ``openai`` exception.
"""

from __future__ import annotations

import openai

from ..errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMError,
    LLMRateLimitError,
    LLMResponseError,
    LLMServerError,
    LLMTimeoutError,
)

_CONFIGURE_HINT = (
    "Set SKYVERN_LLM_BASE_URL (or OPENAI_BASE_URL) to a running OpenAI-compatible "
    "server, with SKYVERN_LLM_MODEL and, if it needs one, SKYVERN_LLM_API_KEY."
)


def server_message(error: openai.APIStatusError) -> str:
    """The human message the server put in its error body, else the SDK's summary."""
    body = error.body
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str) and message:
            return message
    elif isinstance(body, str) and body.strip():
        return body.strip()[:500]
    return error.message


def _attempts(n: int) -> str:
    return "1 attempt" if n == 1 else f"{n} attempts"


def to_llm_error(
    error: openai.OpenAIError,
    *,
    base_url: str,
    model: str,
    attempts: int,
    timeout_s: float,
    secret: str | None = None,
) -> LLMError:
    """Build the ``LLMError`` for ``error``; ``secret`` is scrubbed from the message."""
    mapped = _map(error, base_url=base_url, model=model, attempts=attempts, timeout_s=timeout_s)
    if secret and secret in str(mapped):
        # Some servers echo the key they refused; it must not reach a test report.
        mapped = type(mapped)(str(mapped).replace(secret, "***"))
    return mapped


def _map(
    error: openai.OpenAIError, *, base_url: str, model: str, attempts: int, timeout_s: float
) -> LLMError:
    tries = _attempts(attempts)
    if isinstance(error, openai.APITimeoutError):
        return LLMTimeoutError(
            f"the LLM endpoint {base_url} (model {model!r}) did not answer within "
            f"{timeout_s:g}s, after {tries}. Raise the LLM timeout if the model is slow."
        )
    if isinstance(error, openai.APIConnectionError):
        cause = error.__cause__ or error.__context__
        detail = f" ({cause})" if cause else ""
        return LLMConnectionError(
            f"could not connect to the LLM endpoint {base_url}{detail}, after {tries}. "
            f"{_CONFIGURE_HINT}"
        )
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        message = server_message(error)
        if status in (401, 403):
            return LLMAuthError(
                f"the LLM endpoint {base_url} refused the credentials (HTTP {status}): "
                f"{message}. Check SKYVERN_LLM_API_KEY (or OPENAI_API_KEY)."
            )
        if status == 429:
            return LLMRateLimitError(
                f"the LLM endpoint {base_url} kept rate-limiting (HTTP 429) after {tries}: "
                f"{message}"
            )
        if status >= 500:
            return LLMServerError(
                f"the LLM endpoint {base_url} kept failing (HTTP {status}) after {tries}: {message}"
            )
        return LLMBadRequestError(
            f"the LLM endpoint {base_url} refused the request for model {model!r} "
            f"(HTTP {status}): {message}"
        )
    return LLMResponseError(f"the LLM endpoint {base_url} sent an unusable response: {error}")
