"""AI steps in plain English, next to Playwright: they run offline.

With no LLM configured, each step is answered by the committed action cache
(``.skyvern-cache/``) or, for a new step, by the LLM-free resolver, which then
records it. Point ``SKYVERN_LLM_BASE_URL`` / ``SKYVERN_LLM_MODEL`` at any
OpenAI-compatible endpoint and phrasings the resolver cannot match go to the model.
"""

from __future__ import annotations

from playwright.async_api import expect

from pytest_skyvern import SkyvernBrowserPage

INVOICES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "invoice": {"type": "string"},
            "customer": {"type": "string"},
            "amount": {"type": "number"},
            "status": {"type": "string"},
        },
        "required": ["invoice", "amount", "status"],
    },
}

ORDER = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string"},
        "email": {"type": "string"},
        "country": {"type": "string"},
        "shipping": {"type": "string"},
    },
    "required": ["full_name", "email", "country", "shipping"],
}


async def log_in(page: SkyvernBrowserPage, demo_password: str) -> None:
    await page.goto("/login")
    await page.act(
        f"Type 'demo@example.com' into Email, then type '{demo_password}' into Password, "
        "then click 'Sign in'"
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Demo User")


async def test_act_logs_in(skyvern_page: SkyvernBrowserPage, demo_password: str) -> None:
    await log_in(skyvern_page, demo_password)


async def test_click_falls_back_from_a_stale_selector(
    skyvern_page: SkyvernBrowserPage, demo_password: str
) -> None:
    await skyvern_page.goto("/login")
    await skyvern_page.fill("#user-email", "demo@example.com", prompt="the Email field",
                            timeout=500)
    await skyvern_page.fill(prompt="the Password field", value=demo_password)
    # "#login-button" is not on the page (it was renamed); the prompt finds the button.
    await skyvern_page.click("#login-button", prompt="the 'Sign in' button", timeout=500)
    await expect(skyvern_page).to_have_url("/dashboard")


async def test_fill_and_select_by_description(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.goto("/form")
    await skyvern_page.fill(prompt="the Full name field", value="Grace Hopper")
    await skyvern_page.fill(prompt="the Email field", value="grace@example.com")
    await skyvern_page.select_option(prompt="the Country list", value="United States")
    await skyvern_page.click(prompt="the 'Submit order' button")
    summary = skyvern_page.locator("dl")
    await expect(summary).to_contain_text("Grace Hopper")
    await expect(summary).to_contain_text("United States")


async def test_extract_invoices_with_a_schema(
    skyvern_page: SkyvernBrowserPage, demo_password: str
) -> None:
    await log_in(skyvern_page, demo_password)
    await skyvern_page.goto("/invoices")
    invoices = await skyvern_page.extract("all invoices in the table", INVOICES)
    assert [i["invoice"] for i in invoices] == [
        "INV-1001", "INV-1002", "INV-1003", "INV-1004", "INV-1005"]
    assert invoices[0]["amount"] == 250.0
    assert {i["status"] for i in invoices} <= {"Paid", "Due", "Overdue"}


async def test_multi_step_task_with_extracted_output(skyvern_page: SkyvernBrowserPage) -> None:
    result = await skyvern_page.agent.run_task(
        "Type 'Ada Lovelace' into Full name, then type 'ada@example.com' into Email, "
        "then select 'Spain' from Country, then click 'Submit order'",
        url="/form",
        data_extraction_schema=ORDER,
    )
    assert result.status == "completed", result.failure_reason
    assert result.output == {"full_name": "Ada Lovelace", "email": "ada@example.com",
                             "country": "Spain", "shipping": "Standard"}
