"""``LLMClient`` for any OpenAI-compatible Chat Completions endpoint.

Works with OpenAI itself and with local servers (vLLM, Ollama, llama.cpp, LM Studio):
what an endpoint supports is probed once, and the request shape follows the answer.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from types import TracebackType

import openai
from openai import omit
from openai.types.chat import ChatCompletion

from ..errors import ConfigurationError, LLMError
from .answer import read_answer
from .base import CallRecord, Capabilities, LLMRequest, LLMResponse, Purpose, Usage
from .errormap import server_message, to_llm_error
from .guard import check_endpoint_allowed
from .pricing import cost_usd
from .probe import cached_capabilities, check_usable, probe_capabilities
from .retry import SendFailed, with_retries
from .settings import LLMSettings
from .wire import ChatCall, json_schema_format, to_message_params, with_schema_in_prompt

OPENAI_BASE_URL = "https://api.openai.com/v1"
# The SDK refuses to start without a key, but local servers ignore it.
_PLACEHOLDER_KEY = "not-needed"


class OpenAICompatibleClient:
    """Talks to one OpenAI-compatible endpoint through ``openai.AsyncOpenAI``.

    ``on_call`` receives a ``CallRecord`` after every ``complete`` (success or failure);
    an exception it raises (a budget guard, say) propagates to the caller.
    """

    def __init__(
        self, settings: LLMSettings, *, on_call: Callable[[CallRecord], None] | None = None
    ) -> None:
        check_endpoint_allowed(settings.base_url, os.environ)
        if not settings.is_configured or settings.model is None:
            raise ConfigurationError(
                "the LLM is not configured: set SKYVERN_LLM_MODEL, and SKYVERN_LLM_BASE_URL "
                "(a local OpenAI-compatible server) or SKYVERN_LLM_API_KEY (OpenAI)."
            )
        self._settings = settings
        self._model = settings.model
        self._on_call = on_call
        self._base_url = settings.base_url or OPENAI_BASE_URL
        self._openai = openai.AsyncOpenAI(
            api_key=settings.api_key or _PLACEHOLDER_KEY,
            base_url=self._base_url,
            timeout=settings.timeout_s,
            max_retries=0,  # retries are ours, so every failure maps to our errors
        )
        # Learned from 400s: reasoning models want max_completion_tokens and refuse
        # temperature; older local servers only know max_tokens.
        self._use_max_completion_tokens = False
        self._send_temperature = True
        self._probe_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"OpenAICompatibleClient(base_url={self._base_url!r}, model={self._model!r})"

    @property
    def model(self) -> str:
        """The default model (``settings.model``)."""
        return self._model

    @property
    def base_url(self) -> str:
        """The endpoint in use (OpenAI's when the settings give none)."""
        return self._base_url

    @property
    def settings(self) -> LLMSettings:
        """The settings this client was built with."""
        return self._settings

    def model_for(self, purpose: Purpose) -> str:
        """The model a request with ``purpose`` goes to."""
        return self._settings.role_models.get(purpose) or self._model

    async def __aenter__(self) -> OpenAICompatibleClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._openai.close()

    async def capabilities(self) -> Capabilities:
        """What the endpoint supports for the default model (probed once, then cached).

        Raises ``LLMCapabilityError`` when it has neither JSON output nor vision.
        """
        return await self._capabilities_for(self._model)

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Send ``request`` and return a usable answer, or raise an ``LLMError``."""
        model = self.model_for(request.purpose)
        started = time.monotonic()
        attempts = 0
        usage = Usage()
        try:
            capabilities = await self._capabilities_for(model)
            started = time.monotonic()  # the probe is a one-off; it is not this call's latency
            call = self._build_call(request, model, capabilities)
            try:
                completion, attempts = await self._send(call)
            except SendFailed as failure:
                attempts = failure.attempts
                raise self._map(failure, model) from failure.error
            usage = self._usage(completion, model)
            answer = read_answer(
                completion, want_json=request.json_schema is not None, max_tokens=call.max_tokens
            )
        except LLMError as error:
            self._record(request.purpose, model, usage, started, attempts, error)
            # A truncated or malformed answer still cost tokens: callers meter them.
            error.usage = usage
            raise
        latency = self._record(request.purpose, model, usage, started, attempts, None)
        return LLMResponse(
            text=answer.text,
            data=answer.data,
            finish_reason=answer.finish_reason,
            usage=usage,
            latency_s=latency,
            model=completion.model or model,
        )

    def _build_call(self, request: LLMRequest, model: str, capabilities: Capabilities) -> ChatCall:
        messages = request.messages
        call = ChatCall(model, [], request.max_tokens or self._settings.max_tokens)
        schema = request.json_schema
        if schema is not None:
            if capabilities.json_schema:
                call.response_format = json_schema_format(request.schema_name, schema)
            elif capabilities.json_object:
                messages = with_schema_in_prompt(messages, schema)
                call.response_format = {"type": "json_object"}
            else:
                # Last resort: ask in words and dig the JSON out of the text.
                messages = with_schema_in_prompt(messages, schema)
        with_images = self._settings.vision and capabilities.vision
        call.messages = to_message_params(messages, with_images=with_images)
        return call

    async def _capabilities_for(self, model: str) -> Capabilities:
        vision = self._settings.vision
        known = cached_capabilities(self._base_url, model, vision)
        if known is None:
            if self._probe_lock is None:
                self._probe_lock = asyncio.Lock()
            async with self._probe_lock:
                try:
                    known = await probe_capabilities(
                        self._probe_send, self._base_url, model, vision
                    )
                except SendFailed as failure:
                    raise self._map(failure, model) from failure.error
        check_usable(known, base_url=self._base_url, model=model, vision=vision)
        return known

    async def _probe_send(self, call: ChatCall) -> ChatCompletion:
        completion, _ = await self._send(call)
        return completion

    async def _send(self, call: ChatCall) -> tuple[ChatCompletion, int]:
        """Send with retries; adapt once per known parameter quirk. Raises SendFailed."""
        total = 0
        while True:
            try:
                completion, attempts = await with_retries(
                    lambda: self._create(call),
                    max_retries=self._settings.max_retries,
                    backoff_s=self._settings.backoff_s,
                )
            except SendFailed as failure:
                total += failure.attempts
                if not self._adapt_to(failure.error):
                    raise SendFailed(failure.error, total) from failure.error
                continue
            return completion, total + attempts

    def _adapt_to(self, error: openai.OpenAIError) -> bool:
        """Switch a request parameter the endpoint refused; False if nothing to switch.

        Each switch happens at most once, so the loop in ``_send`` always ends.
        """
        if not isinstance(error, openai.BadRequestError):
            return False
        message = server_message(error).lower()
        refused = any(
            word in message for word in ("unsupported", "not support", "only the default")
        )
        if not self._use_max_completion_tokens and (
            error.param == "max_tokens" or (refused and "max_completion_tokens" in message)
        ):
            self._use_max_completion_tokens = True
            return True
        if self._send_temperature and (
            error.param == "temperature" or (refused and "temperature" in message)
        ):
            self._send_temperature = False
            return True
        return False

    async def _create(self, call: ChatCall) -> ChatCompletion:
        max_completion = self._use_max_completion_tokens
        return await self._openai.chat.completions.create(
            model=call.model,
            messages=call.messages,
            temperature=self._settings.temperature if self._send_temperature else omit,
            max_tokens=omit if max_completion else call.max_tokens,
            max_completion_tokens=call.max_tokens if max_completion else omit,
            response_format=omit if call.response_format is None else call.response_format,
            tools=omit if call.tools is None else call.tools,
            tool_choice=omit if call.tool_choice is None else call.tool_choice,
        )

    def _map(self, failure: SendFailed, model: str) -> LLMError:
        return to_llm_error(
            failure.error,
            base_url=self._base_url,
            model=model,
            attempts=failure.attempts,
            timeout_s=self._settings.timeout_s,
            secret=self._settings.api_key,
        )

    @staticmethod
    def _usage(completion: ChatCompletion, model: str) -> Usage:
        if completion.usage is None:
            return Usage(cost_usd=cost_usd(completion.model or model, 0, 0))
        prompt = completion.usage.prompt_tokens or 0
        output = completion.usage.completion_tokens or 0
        # The served name is often a dated snapshot the price table knows by prefix.
        cost = cost_usd(completion.model or model, prompt, output)
        if cost is None:
            cost = cost_usd(model, prompt, output)
        return Usage(prompt_tokens=prompt, completion_tokens=output, cost_usd=cost)

    def _record(
        self,
        purpose: Purpose,
        model: str,
        usage: Usage,
        started: float,
        attempts: int,
        error: LLMError | None,
    ) -> float:
        latency = time.monotonic() - started
        if self._on_call is not None:
            self._on_call(
                CallRecord(
                    purpose=purpose,
                    model=model,
                    prompt_tokens=usage.prompt_tokens,
                    completion_tokens=usage.completion_tokens,
                    cost_usd=usage.cost_usd,
                    latency_s=latency,
                    ok=error is None,
                    error=None if error is None else f"{type(error).__name__}: {error}",
                    attempts=attempts,
                )
            )
        return latency
