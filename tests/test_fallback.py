"""Selector-first actions: the SDK's fallback semantics, each outcome asserted exactly.

The child run uses a recording AI backend (it finds elements by a fixed CSS map), so
each case shows whether the selector or the AI answered, and with which arguments.
"""

from __future__ import annotations

import pytest

CHILD_CONFTEST = '''
import pytest
from pytest_skyvern import SkyvernBrowserPage

PAGE = """
<button id="real" onclick="window.clicked = 'real'">Save</button>
<button id="other" onclick="window.clicked = 'other'">Other</button>
<input id="name" aria-label="Name">
<select id="country" aria-label="Country"><option>France</option><option>Spain</option></select>
<input id="file" type="file" aria-label="Attachment">
<script>
  window.clicked = null; window.escapes = 0;
  document.addEventListener('keydown', e => { if (e.key === 'Escape') window.escapes++; });
</script>
"""

class RecordingBackend:
    """Finds elements through a fixed prompt -> CSS map and records every call."""

    def __init__(self):
        self.calls = []
        self.targets = {"the save button": "#real", "the other button": "#other",
                        "the name field": "#name", "the country list": "#country",
                        "the attachment": "#file"}

    async def locate(self, page, prompt, intent):
        self.calls.append((prompt, intent))
        return page.locator(self.targets[prompt])

    async def act_on(self, page, prompt, intent, do, value=None):
        return await do(await self.locate(page, prompt, intent))


@pytest.fixture
async def ai_page(skyvern_page):
    backend = RecordingBackend()
    page = SkyvernBrowserPage.wrap(skyvern_page, backend)
    await page.set_content(PAGE)
    page.recording = backend
    return page
'''

CHILD_TESTS = '''
import pytest
from playwright.async_api import Error as PlaywrightError, Locator, TimeoutError
from pytest_skyvern import AIUnavailableError, AILocator, SkyvernBrowserPage
from pytest_skyvern.browser.ailocator import UnresolvedLocatorError


async def clicked(page):
    return await page.evaluate("window.clicked")


async def test_good_selector_never_asks_the_ai(ai_page):
    assert await ai_page.click("#real", prompt="the other button") == "#real"
    assert await clicked(ai_page) == "real"
    assert ai_page.recording.calls == []


async def test_broken_selector_with_prompt_falls_back_to_ai(ai_page):
    await ai_page.click("#gone", prompt="the save button", timeout=300)
    assert await clicked(ai_page) == "real"
    assert ai_page.recording.calls == [("the save button", "click")]
    assert await ai_page.evaluate("window.escapes") == 1  # Escape before the retry


async def test_broken_selector_without_prompt_reraises_playwright_error(ai_page):
    with pytest.raises(TimeoutError) as info:
        await ai_page.click("#gone", timeout=300)
    assert "#gone" in str(info.value)
    assert ai_page.recording.calls == []


async def test_ai_none_is_plain_playwright_even_with_a_prompt(ai_page):
    with pytest.raises(TimeoutError):
        await ai_page.click("#gone", prompt="the save button", ai=None, timeout=300)
    assert ai_page.recording.calls == []
    assert await ai_page.evaluate("window.escapes") == 0


async def test_proactive_skips_a_working_selector(ai_page):
    await ai_page.click("#real", prompt="the other button", ai="proactive")
    assert await clicked(ai_page) == "other"
    assert ai_page.recording.calls == [("the other button", "click")]


async def test_prompt_only_goes_to_ai(ai_page):
    await ai_page.click(prompt="the save button")
    assert await clicked(ai_page) == "real"


@pytest.mark.parametrize("kwargs, message", [
    ({"ai": "proactive"}, "needs a prompt"),
    ({"ai": "sometimes", "prompt": "x"}, "valid values are 'fallback', 'proactive' and None"),
    ({}, "needs a selector, a prompt, or both"),
])
async def test_bad_arguments_are_clear(ai_page, kwargs, message):
    selector = "#real" if kwargs.get("ai") == "proactive" else None
    with pytest.raises(ValueError, match=message):
        await ai_page.click(selector, **kwargs)


async def test_escape_retry_gets_past_an_overlay(ai_page):
    await ai_page.evaluate("""() => {
        const o = document.createElement('div');
        o.style = 'position:fixed;inset:0;background:#0008;z-index:9';
        document.body.appendChild(o);
        document.addEventListener('keydown', e => { if (e.key === 'Escape') o.remove(); });
    }""")
    await ai_page.click("#real", timeout=500)
    assert await clicked(ai_page) == "real"
    assert ai_page.recording.calls == []


async def test_fill_select_upload_fall_back_the_same_way(ai_page, tmp_path):
    await ai_page.fill("#gone", "Ada", prompt="the name field", timeout=300)
    assert await ai_page.input_value("#name") == "Ada"
    assert await ai_page.select_option("#gone", "Spain", prompt="the country list",
                                       timeout=300) == ["Spain"]
    upload = tmp_path / "a.txt"
    upload.write_text("hi")
    await ai_page.upload_file("#gone", str(upload), prompt="the attachment", timeout=300)
    assert await ai_page.evaluate("document.querySelector('#file').files[0].name") == "a.txt"
    assert [c[1] for c in ai_page.recording.calls] == ["fill", "select", "upload"]
    await ai_page.fill("#name", "Bob")  # selector path, positional value like Playwright
    assert await ai_page.input_value("#name") == "Bob"


async def test_locator_with_prompt_is_a_real_lazy_locator(ai_page):
    loc = ai_page.locator("#gone", prompt="the save button")
    assert isinstance(loc, Locator) and isinstance(loc, AILocator)
    # Chained locators stay lazy: the prompt is resolved at their first action...
    first = loc.first.nth(0)
    assert isinstance(first, AILocator) and "unresolved" in repr(first)
    # ...but what cannot wait for the AI says so.
    with pytest.raises(UnresolvedLocatorError, match="needs it resolved first"):
        loc.frame_locator("iframe")
    await first.click(timeout=1000)
    assert await clicked(ai_page) == "real"
    assert [c[1] for c in ai_page.recording.calls] == ["locate"]
    await loc.click(timeout=1000)  # the chain's root resolved once, for both
    assert [c[1] for c in ai_page.recording.calls] == ["locate"]
    resolved = await loc
    assert await resolved.inner_text() == "Save"
    plain = ai_page.locator("#other")
    assert type(plain) is Locator


async def test_no_llm_configured_fails_clearly(skyvern_page):
    await skyvern_page.set_content("<button>Save</button><button>Cancel</button>")
    # The LLM-free resolver answers plain phrasings by itself...
    await skyvern_page.click("#gone", prompt="the Save button", timeout=300)
    # ...and hands over what it cannot match; with no LLM that is a clear error.
    with pytest.raises(AIUnavailableError) as info:
        await skyvern_page.click("#gone", prompt="the one that keeps my work", timeout=300)
    message = str(info.value)
    assert "no LLM is configured" in message
    assert "resolver was not confident" in message
    assert "SKYVERN_LLM_BASE_URL" in message
'''


def test_fallback_semantics(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CHILD_CONFTEST)
    pytester.makepyfile(test_fallback_child=CHILD_TESTS)
    # Strict mode (the default) with a plain @pytest.fixture async fixture: the plugin
    # puts both on the session loop by itself.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=13)


def test_configured_default_ai_mode(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CHILD_CONFTEST)
    pytester.makepyfile(test_modes="""
import pytest

async def test_off_means_plain_playwright(ai_page):
    with pytest.raises(ValueError, match="AI is off"):
        await ai_page.click(prompt="the save button")
    with pytest.raises(Exception, match="Timeout"):
        await ai_page.click("#gone", prompt="the save button", timeout=200)
    assert ai_page.recording.calls == []
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--skyvern-ai=off")
    result.assert_outcomes(passed=1)
    pytester.makepyfile(test_modes="""
async def test_proactive_asks_the_ai_first(ai_page):
    await ai_page.click("#real", prompt="the other button")
    assert await ai_page.evaluate("window.clicked") == "other"
    await ai_page.click("#real")  # no prompt: the selector decides
    assert await ai_page.evaluate("window.clicked") == "real"
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--skyvern-ai=proactive")
    result.assert_outcomes(passed=1)
