"""The small example suite the reporter tests run in a child pytest.

It emits AI steps through ``current_bus()`` around real Playwright actions, the way
the engine does: one test passes (cache, resolver, LLM and healed steps, a secret
typed into a password field), one fails on a missing element.
"""

from __future__ import annotations

SECRET = "tripwire-7f3a9c2e51"

LOGIN_HTML = """<!doctype html><html><body>
<h1>Sign in</h1>
<form id="f" onsubmit="event.preventDefault(); location.href = 'welcome.html';">
<label>Username <input name="user"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button>
</form></body></html>
"""

WELCOME_HTML = """<!doctype html><html><body>
<h1>Welcome, alice</h1><button type="button">Order now</button><a href="#help">Help</a>
</body></html>
"""

CONFTEST = f'''
from __future__ import annotations

import time
from pathlib import Path

from pytest_skyvern.context import current_bus
from pytest_skyvern.events import ActionRecord, ElementInfo
from pytest_skyvern.report import failure_text
from pytest_skyvern.secrets import secrets

SECRET = "{SECRET}"
secrets().add("password", SECRET)
PAGES = (Path(__file__).parent / "pages").as_uri()


async def ai_step(page, kind, instruction, actions=(), *, tier="llm", reasoning=None,
                  candidates=(), llm_calls=0, tokens=(0, 0), cost=0.0, llm_s=0.0):
    """What the engine does for one AI step: events around real actions."""
    bus = current_bus()
    step = bus.new_step(kind, instruction, url=page.url)
    step.tier, step.reasoning, step.llm_calls = tier, reasoning, llm_calls
    step.prompt_tokens, step.completion_tokens = tokens
    step.cost_usd, step.llm_seconds = cost, llm_s
    await bus.step_started(page, step)
    started = time.monotonic()
    error = None
    for action_type, target, role, name, selector, value, run in actions:
        action = ActionRecord(
            type=action_type, instruction=instruction,
            element=ElementInfo(role=role, name=name, locator=selector),
            value=secrets().mask(value) if value is not None else None,
            tier=tier, reasoning=reasoning, prompt_tokens=tokens[0],
            completion_tokens=tokens[1],
        )
        step.actions.append(action)
        await bus.action_started(page, step, action, target)
        begun = time.monotonic()
        try:
            await run()
            action.status = "passed"
        except Exception as exc:
            action.status, action.error = "failed", str(exc).splitlines()[0]
            error = action.error
        action.duration_s = time.monotonic() - begun
        await bus.action_finished(page, step, action, target)
        if error:
            break
    step.status = "failed" if error else "passed"
    step.error, step.candidates = error, list(candidates)
    step.duration_s = time.monotonic() - started
    await bus.step_finished(page, step)
    if error:
        raise AssertionError(failure_text(step))
    return step
'''

TEST_FLOW = '''
from __future__ import annotations

from conftest import PAGES, SECRET, ai_step


async def test_login_passes(skyvern_page):
    page = skyvern_page
    await page.goto(PAGES + "/login.html")
    user, password = page.get_by_label("Username"), page.get_by_label("Password")
    await ai_step(page, "fill", "Type alice into the user name", [
        ("fill", user, "textbox", "Username", "get_by_label('Username')", "alice",
         lambda: user.fill("alice"))], tier="cache")
    await ai_step(page, "fill", "Type the password", [
        ("fill", password, "textbox", "Password", "get_by_label('Password')", SECRET,
         lambda: password.fill(SECRET))], tier="resolver")
    button = page.get_by_role("button", name="Sign in")
    await ai_step(page, "click", "Sign in", [
        ("click", button, "button", "Sign in", "get_by_role('button', name='Sign in')", None,
         lambda: button.click())], tier="llm", reasoning="The Sign in button submits the form.",
        llm_calls=1, tokens=(812, 45), cost=0.0012, llm_s=0.8)
    await page.wait_for_url("**/welcome.html")
    await ai_step(page, "extract", "Read the greeting", tier="healed", llm_calls=1,
                  tokens=(300, 20), cost=0.0004, llm_s=0.3)


async def test_checkout_fails(skyvern_page):
    page = skyvern_page
    await page.goto(PAGES + "/welcome.html")
    missing = page.get_by_role("button", name="Checkout")
    await ai_step(page, "click", "Click the Checkout button", [
        ("click", missing, "button", "Checkout", "get_by_role('button', name='Checkout')", None,
         lambda: missing.click(timeout=300))],
        tier="llm", reasoning="No element is named Checkout; the closest is Order now.",
        candidates=['button "Order now" (0.41)', 'link "Help" (0.12)'],
        llm_calls=2, tokens=(1500, 90), cost=0.0031, llm_s=1.4)


def test_without_browser():
    assert 1 + 1 == 2
'''


def write_suite(root: "Path", extra: dict[str, str] | None = None) -> None:  # noqa: UP037
    """Write the example suite into ``root``."""
    (root / "pages").mkdir(parents=True, exist_ok=True)
    (root / "pages" / "login.html").write_text(LOGIN_HTML)
    (root / "pages" / "welcome.html").write_text(WELCOME_HTML)
    (root / "conftest.py").write_text(CONFTEST)
    (root / "test_flow.py").write_text(TEST_FLOW)
    for name, text in (extra or {}).items():
        (root / name).write_text(text)


from pathlib import Path  # noqa: E402
