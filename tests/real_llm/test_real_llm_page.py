"""The AI verbs in real Chromium on the demo app, answered by the real model.

What a 135M model answers is close to chance, so each test reads the model's real
answer from the recording proxy and checks that we did exactly what that answer
allows: act on refs that exist or fail loudly, return schema-valid data or fail
after the bounded repair, and turn a truncated answer into a clear error.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from real_llm_helpers import (
    answer_of,
    is_json,
    json_schema_only,
    real_llm_settings,
    skyvern_with,
    snapshot_refs,
    user_text,
)
from recording_proxy import Exchange, RecordingProxy

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.actions import ELEMENT_ACTIONS
from pytest_skyvern.context import current_bus
from pytest_skyvern.errors import (
    ActionError,
    ExtractionError,
    LLMResponseError,
    ResolutionError,
    SkyvernError,
)
from pytest_skyvern.events import StepRecord
from pytest_skyvern.llm import OpenAICompatibleClient
from pytest_skyvern.sdk.schema import validation_errors
from pytest_skyvern.secrets import secrets
from pytest_skyvern.snapshot import REDACTED

pytestmark = pytest.mark.real_llm

# Phrasings the LLM-free resolver does not claim, so the model answers them.
VAGUE_ACT = "tick the box that keeps me signed in"
VAGUE_ELEMENT = "the box that keeps me signed in"


def one_chat(proxy: RecordingProxy, mark: int) -> Exchange:
    chats = json_schema_only(proxy.chats(mark))
    assert len(chats) == 1, [user_text(c)[:80] for c in chats]
    return chats[0]


def last_step() -> StepRecord:
    return current_bus().steps[-1]


async def run(coro: Any) -> tuple[Any, SkyvernError | None]:
    """The verb's result, or the pytest-skyvern error it raised (anything else escapes)."""
    try:
        return await coro, None
    except SkyvernError as error:
        return None, error


def assert_truncated(exchange: Exchange, error: SkyvernError | None, step: StepRecord) -> None:
    """A cut-off answer is a clear LLMResponseError, and nothing happened."""
    assert isinstance(error, LLMResponseError), error
    assert "finish_reason 'length'" in str(error)
    assert not is_json(answer_of(exchange).content)
    assert step.status == "failed"
    assert step.actions == []
    assert step.output is None


async def test_act_acts_on_existing_refs_or_fails_loudly(
    real_page: SkyvernBrowserPage, demo_url: str, llm_proxy: RecordingProxy
) -> None:
    await real_page.goto(f"{demo_url}/login")
    mark = llm_proxy.mark()
    _, error = await run(real_page.act(VAGUE_ACT))
    exchange = one_chat(llm_proxy, mark)
    step = last_step()
    assert step.llm_calls == 1
    answer = answer_of(exchange)
    if answer.finish_reason == "length":
        assert_truncated(exchange, error, step)
        return
    data = answer.data()
    refs = snapshot_refs(exchange)
    assert refs  # the model was shown the page
    invented = [a.get("ref") for a in data["actions"]
                if a["type"] in ELEMENT_ACTIONS and a.get("ref") not in refs]
    if isinstance(error, ResolutionError) or invented or not data["actions"]:
        # Loud, with the model's own words, and the page untouched.
        assert isinstance(error, ResolutionError), error
        assert (error.reasoning or "") == data["reasoning"]
        if data["reasoning"]:
            assert data["reasoning"] in str(error)
        assert step.status == "failed"
        assert step.actions == []
        assert real_page.url == f"{demo_url}/login"
        return
    # Otherwise every action was carried out, on elements the page really has.
    assert error is None or isinstance(error, ActionError), error
    assert step.actions
    for action in step.actions:
        assert action.element is None or action.element.locator in refs
    assert (step.reasoning or "") == data["reasoning"]


async def test_locate_clicks_an_existing_ref_or_fails_loudly(
    real_page: SkyvernBrowserPage, demo_url: str, llm_proxy: RecordingProxy
) -> None:
    await real_page.goto(f"{demo_url}/login")
    mark = llm_proxy.mark()
    _, error = await run(real_page.click(prompt=VAGUE_ELEMENT))
    exchange = one_chat(llm_proxy, mark)
    step = last_step()
    answer = answer_of(exchange)
    if answer.finish_reason == "length":
        assert_truncated(exchange, error, step)
        return
    data = answer.data()
    if data["ref"] not in snapshot_refs(exchange):  # null, or an invented ref
        assert isinstance(error, ResolutionError), error
        assert "nothing was done" in str(error)
        assert (error.reasoning or "") == data["reasoning"]
        assert step.actions == []
        return
    assert error is None or isinstance(error, ActionError), error
    [action] = step.actions
    assert action.type == "click"
    assert action.element is not None
    assert action.element.locator == data["ref"]


# The server's grammar cannot enforce multipleOf (it answered 2 for "a multiple of 7"
# when tried), so schema validity here rests on our validation and repair alone.
LINKS = {
    "type": "object",
    "properties": {"links": {"type": "integer", "multipleOf": 7},
                   "heading": {"type": "string"}},
    "required": ["links", "heading"],
}


async def test_extract_returns_valid_data_or_fails_after_the_bounded_repair(
    real_page: SkyvernBrowserPage, demo_url: str, llm_proxy: RecordingProxy
) -> None:
    await real_page.goto(f"{demo_url}/login")
    mark = llm_proxy.mark()
    result, error = await run(real_page.extract(
        "the page heading, and how many links the top bar has", LINKS))
    chats = json_schema_only(llm_proxy.chats(mark))
    step = last_step()
    assert step.tier == "llm"
    assert 1 <= len(chats) == step.llm_calls <= 3  # one answer and at most two repairs
    answers = [answer_of(c) for c in chats]
    if answers[-1].finish_reason == "length":
        assert isinstance(error, LLMResponseError), error
        return
    datas = [a.data()["data"] for a in answers]
    # A repair round happens only after an invalid answer, and shows the model its errors.
    for before, repair in zip(datas, chats[1:], strict=False):
        problems = validation_errors(before, LINKS)
        assert problems
        assert all(p in user_text(repair) for p in problems)
        assert json.dumps(before) in user_text(repair)
    final_errors = validation_errors(datas[-1], LINKS)
    if error is None:
        assert final_errors == []
        assert result == datas[-1]
        assert validation_errors(result, LINKS) == []
    else:
        # Never invalid data: a clear error with the validation errors instead.
        assert isinstance(error, ExtractionError), error
        assert len(chats) == 3
        assert error.errors == final_errors != []
        assert step.output is None


async def test_truncated_extraction_is_a_clear_error_not_a_partial_result(
    skyvern_page: SkyvernBrowserPage, demo_url: str, real_base_url: str,
    llm_proxy: RecordingProxy,
) -> None:
    async with OpenAICompatibleClient(real_llm_settings(real_base_url, max_tokens=6)) as llm:
        client = skyvern_with(llm)
        page = SkyvernBrowserPage.wrap(skyvern_page, client.engine)
        await page.goto(f"{demo_url}/login")
        mark = llm_proxy.mark()
        result, error = await run(page.extract("the page heading, and how many links", LINKS))
        await client.aclose()
    assert result is None
    assert_truncated(one_chat(llm_proxy, mark), error, last_step())


async def test_a_typed_password_reaches_no_request(
    real_page: SkyvernBrowserPage, demo_url: str, llm_proxy: RecordingProxy
) -> None:
    tripwire = f"tripwire-{uuid.uuid4().hex}"
    placeholder = secrets().add("tripwire_password", tripwire)
    await real_page.goto(f"{demo_url}/login")
    # In the page itself: a visible field's value, as the snapshot would show it.
    await real_page.get_by_label("Email").fill(tripwire)
    await real_page.get_by_label("Password").fill(tripwire)
    mark = llm_proxy.mark()
    await run(real_page.act(f"type {placeholder} into the password field, then sign in"))
    await run(real_page.validate("the email field is filled in"))
    assert await real_page.get_by_label("Email").input_value() == tripwire
    sent = json_schema_only(llm_proxy.chats(mark))
    [validate] = [s for s in sent if "Claim:" in user_text(s)]
    # The LLM-free resolver may do the act itself; a model that is asked is told the
    # placeholder's name, never the value.
    assert all(placeholder in user_text(s) for s in sent if s is not validate)
    # The snapshot showed the field, with its value masked.
    [email] = [line for line in user_text(validate).splitlines() if 'textbox "Email"' in line]
    assert REDACTED in email
    every_body = b"\n".join(llm_proxy.bodies())
    assert tripwire.encode() not in every_body
