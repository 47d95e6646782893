"""Every AI verb on the demo app, answered by the scripted LLM through the real client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_helpers import ref_of
from playwright.async_api import Locator, expect
from pydantic import BaseModel

from pytest_skyvern import ExpectationFailed, ExtractionError, ResolutionError, SkyvernBrowserPage
from pytest_skyvern.context import current_bus
from pytest_skyvern.errors import AIUnavailableError, LLMResponseError, SchemaError
from pytest_skyvern.llm import ScriptedLLMServer
from pytest_skyvern.secrets import secrets

# Phrasings the LLM-free resolver hands over, so the LLM tier answers them.
VAGUE_LOGIN = "sign in as the demo user with the usual password"


async def test_act_performs_the_models_actions(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    password = secrets().add("demo_password", "correct-horse-battery")
    llm.add({"reasoning": "fill both fields, then submit", "actions": [
        {"type": "fill", "ref": await ref_of(ai_page, "Email"), "value": "demo@example.com"},
        {"type": "fill", "ref": await ref_of(ai_page, "Password"), "value": password},
        {"type": "click", "ref": await ref_of(ai_page, "Sign in", "button")},
    ]}, match=VAGUE_LOGIN)
    await ai_page.act(VAGUE_LOGIN)
    await expect(ai_page.get_by_role("heading", level=1)).to_have_text("Welcome, Demo User")
    step = current_bus().steps[-1]
    assert step.tier == "llm"
    assert step.llm_calls == 1
    assert step.prompt_tokens > 0
    assert [a.type for a in step.actions] == ["fill", "fill", "click"]
    assert step.actions[1].value == "{{demo_password}}"  # the timeline never sees the value
    sent = json.dumps([r.body for r in llm.requests])
    assert "correct-horse-battery" not in sent
    assert "{{demo_password}}" in sent  # the model was told the placeholder name


async def test_act_with_no_actions_fails_with_the_reasoning(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.add({"reasoning": "There is no checkout button on a login page.", "actions": []})
    with pytest.raises(ResolutionError) as info:
        await ai_page.act("complete the checkout for everything in my basket")
    assert "returned no action" in str(info.value)
    assert "There is no checkout button on a login page." in str(info.value)
    assert current_bus().steps[-1].status == "failed"


async def test_hallucinated_ref_is_refused_and_nothing_happens(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.add({"reasoning": "clicking it", "actions": [{"type": "click", "ref": "e999"}]})
    with pytest.raises(ResolutionError, match="hallucinated"):
        await ai_page.act(VAGUE_LOGIN)
    assert ai_page.url.endswith("/login")
    assert current_bus().steps[-1].actions == []


async def test_selector_first_verbs_fall_back_to_the_llm(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str, tmp_path: Path
) -> None:
    await ai_page.goto(f"{demo_url}/form")
    refs = {name: await ref_of(ai_page, name) for name in
            ("Full name", "Country", "Attachment", "Submit order")}
    llm.add({"reasoning": "the name input", "ref": refs["Full name"]}, match="customer name box")
    llm.add({"reasoning": "the country list", "ref": refs["Country"]}, match="where it ships")
    llm.add({"reasoning": "file input", "ref": refs["Attachment"]}, match="the document slot")
    llm.add({"reasoning": "the submit button", "ref": refs["Submit order"]},
            match="the big send button")
    await ai_page.fill("#gone", "Ada Lovelace", prompt="the customer name box", timeout=200)
    await ai_page.select_option("#gone", "Spain", prompt="where it ships", timeout=200)
    upload = tmp_path / "po.txt"
    upload.write_text("PO")
    await ai_page.upload_file("#gone", str(upload), prompt="the document slot", timeout=200)
    await ai_page.fill("#email", "ada@example.com")
    loc = ai_page.locator(prompt="the big send button")
    assert isinstance(loc, Locator)
    await loc.click()
    await expect(ai_page.locator("dl")).to_contain_text("Spain")
    await expect(ai_page.locator("dl")).to_contain_text("po.txt")
    kinds = [(s.kind, s.tier) for s in current_bus().steps if s.kind != "navigation"]
    assert kinds == [("fill", "llm"), ("select_option", "llm"), ("upload_file", "llm"),
                     ("locator", "llm")]


async def test_locate_with_no_match_fails_with_candidates(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.add({"reasoning": "No such element here.", "ref": None})
    with pytest.raises(ResolutionError) as info:
        await ai_page.click(prompt="the export to spreadsheet link")
    assert "No such element here." in str(info.value)


class Product(BaseModel):
    name: str
    price: float


PRODUCT_SCHEMA = {"type": "object", "properties": {"name": {"type": "string"},
                                                   "price": {"type": "number"}},
                  "required": ["name", "price"]}


async def test_extract_validates_and_returns_a_model(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add({"reasoning": "the priciest card", "data": {"name": "Laptop Pro 14", "price": 1299.0}})
    product = await ai_page.extract("the most expensive product", Product)
    assert product == Product(name="Laptop Pro 14", price=1299.0)
    step = current_bus().steps[-1]
    assert (step.kind, step.tier, step.status) == ("extract", "llm", "passed")


async def test_invalid_extraction_is_repaired_with_the_errors_shown(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add({"reasoning": "r", "data": {"name": "Laptop", "price": "$1,299.00"}}, times=1)
    llm.add({"reasoning": "fixed", "data": {"name": "Laptop", "price": 1299.0}})
    data = await ai_page.extract("the most expensive product", PRODUCT_SCHEMA)
    assert data == {"name": "Laptop", "price": 1299.0}
    second = llm.llm_requests[-1].text
    assert "not valid against the schema" in second
    assert "is not of type 'number'" in second


async def test_extraction_that_stays_invalid_fails_with_the_errors(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.add({"reasoning": "r", "data": {"name": 7}})
    with pytest.raises(ExtractionError) as info:
        await ai_page.extract("the most expensive product", PRODUCT_SCHEMA)
    assert "'price' is a required property" in str(info.value)
    assert len(llm.llm_requests) == 3  # one answer and two repair rounds, then stop


async def test_an_invalid_schema_fails_before_any_call(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer
) -> None:
    with pytest.raises(SchemaError, match="invalid JSON Schema"):
        await ai_page.extract("anything", {"type": "objekt"})
    assert llm.requests == []


async def test_validate_and_its_assertion_form(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.add({"reasoning": "The Sign in button is visible.", "result": True}, match="sign-in")
    llm.add({"reasoning": "Nobody is logged in on this page.", "result": False},
            match="logged in")
    assert await ai_page.validate("the page offers a sign-in form") is True
    assert await ai_page.validate("the user is logged in") is False
    with pytest.raises(ExpectationFailed) as info:
        await ai_page.validate("the user is logged in", strict=True)
    assert isinstance(info.value, AssertionError)
    assert "Nobody is logged in on this page." in str(info.value)
    assert info.value.screenshot is not None
    assert Path(info.value.screenshot).is_file()  # noqa: ASYNC240 - a test check


async def test_prompt_with_and_without_schema(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer
) -> None:
    llm.add({"reasoning": "r", "data": {"capital": "Paris"}}, match="France")
    llm.add({"reasoning": "r", "data": "blue"}, match="sky")
    assert await ai_page.prompt("capital of France?", {"type": "object", "properties": {
        "capital": {"type": "string"}}, "required": ["capital"]}) == {"capital": "Paris"}
    assert await ai_page.prompt("colour of the sky?") == "blue"


async def test_server_errors_are_retried_end_to_end(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/login")
    llm.fail(500, times=2)
    llm.add({"reasoning": "visible", "result": True})
    assert await ai_page.validate("the page offers a sign-in form") is True
    assert len(llm.llm_requests) == 3


async def test_validate_without_an_llm_says_how_to_configure_one(
    skyvern_page: SkyvernBrowserPage,
) -> None:
    with pytest.raises(AIUnavailableError, match="SKYVERN_LLM_BASE_URL"):
        await skyvern_page.validate("anything")


async def test_a_truncated_answer_fails_clearly_and_its_tokens_are_counted(
    ai_page: SkyvernBrowserPage, llm: ScriptedLLMServer, demo_url: str
) -> None:
    await ai_page.goto(f"{demo_url}/products")
    llm.truncate(times=1)
    llm.add({"reasoning": "r", "data": {"name": "Laptop", "price": 1.0}})
    with pytest.raises(LLMResponseError, match="truncated"):
        await ai_page.extract("the most expensive product", PRODUCT_SCHEMA)
    step = current_bus().steps[-1]
    assert step.status == "failed"
    assert step.llm_calls == 1
    assert step.prompt_tokens > 0  # the server's usage for the unusable answer
