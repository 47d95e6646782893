"""The page the computer-use engine tests drive, and where its controls are."""

from __future__ import annotations

from pytest_skyvern import SkyvernBrowserPage

SIGN_IN = """<!doctype html><html><body style="margin:40px;font:16px sans-serif">
<h1>Sign in</h1>
<label>Password <input id="pw" type="password" style="width:200px"></label>
<p><button id="go" style="padding:8px 24px"
  onclick="document.getElementById('out').textContent =
    'Signed in with ' + document.getElementById('pw').value.length + ' characters'"
>Sign in</button></p>
<p id="out"></p>
</body></html>"""

PASSWORD = "correct-horse-battery-staple"


async def center(page: SkyvernBrowserPage, selector: str) -> tuple[int, int]:
    """The viewport point at the middle of ``selector`` (where a model would click)."""
    box = await page.locator(selector).bounding_box()
    assert box is not None, selector
    return int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2)


async def signed_in(page: SkyvernBrowserPage) -> str:
    return await page.locator("#out").inner_text()
