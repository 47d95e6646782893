"""Targets a page draws without saying what they are, acted on offline (no LLM): a box
made of a span, a letter in a drawing whose listener sits on the ``<svg>``, an icon with
a name of its own in a wordless wrapper that has a listener, and a switch named "Off"."""

from __future__ import annotations

import pytest

from pytest_skyvern import SkyvernBrowserPage

pytestmark = pytest.mark.asyncio(loop_scope="session")

GRID = """
<style>.box{display:inline-block;width:14px;height:14px;border:1px solid #555;cursor:pointer}
.box.on{background:#36c}</style>
<div id="grid">
  <div><span class="box" id="all" title="Select all"></span> Name</div>
  <div><span class="box" id="ada"></span> Ada Lovelace</div>
</div>
<script>
  grid.addEventListener('click', (e) => {
    if (e.target.classList.contains('box')) e.target.classList.toggle('on');
  });
</script>
"""
DRAWING = """
<svg id="art" width="120" height="60" xmlns="http://www.w3.org/2000/svg">
  <circle cx="15" cy="30" r="10" fill="#e22" id="dot"/>
  <text x="50" y="38" font-size="22" id="j">j</text>
  <text x="90" y="38" font-size="22" id="k">k</text>
</svg>
<script>
  art.addEventListener('click', (e) => { if (e.target !== art) document.title = e.target.id; });
</script>
"""
PASSWORD = """
<span id="wrap"><input id="pw" type="password" placeholder="Password" value="s3cret">
<span role="img" aria-label="eye-invisible" id="eye" style="cursor:pointer">&#128065;</span></span>
<script>
  wrap.addEventListener('mousedown', (e) => { if (e.target !== pw) e.preventDefault(); });
  eye.addEventListener('click', () => { pw.type = pw.type === 'password' ? 'text' : 'password'; });
</script>
"""
SETTINGS = """
<ul>
  <li><div>Push notifications</div><small>Replies appear on your phone</small>
    <button role="switch" aria-checked="false" id="push">Off</button></li>
  <li><div>Email digest</div><small>A weekly summary</small>
    <button role="switch" aria-checked="false" id="digest">Off</button></li>
</ul>
<script>
  for (const s of document.querySelectorAll('[role=switch]')) s.addEventListener('click', () => {
    const on = s.getAttribute('aria-checked') !== 'true';
    s.setAttribute('aria-checked', String(on)); s.textContent = on ? 'On' : 'Off';
  });
</script>
"""


async def _on(page: SkyvernBrowserPage, box: str) -> bool:
    return bool(await page.evaluate(f"document.getElementById('{box}').classList.contains('on')"))


async def test_a_box_drawn_with_a_span_is_ticked_once(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.set_content(GRID)
    await skyvern_page.act("tick the select-all box")
    assert await _on(skyvern_page, "all")
    # Already ticked, as its class shows: ticking it again leaves it ticked.
    await skyvern_page.act("tick the select-all box")
    assert await _on(skyvern_page, "all")
    await skyvern_page.act("untick the select-all box")
    assert not await _on(skyvern_page, "all")
    assert not await _on(skyvern_page, "ada")


async def test_a_shape_in_a_drawing_with_one_listener(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.set_content(DRAWING)
    await skyvern_page.act("Click on the letter k.")
    assert await skyvern_page.title() == "k"


async def test_an_icon_in_a_wrapper_with_a_listener(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.set_content(PASSWORD)
    await skyvern_page.act("click the eye icon to show the password")
    assert await skyvern_page.get_attribute("#pw", "type") == "text"


async def test_a_switch_named_by_its_row(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.set_content(SETTINGS)
    await skyvern_page.act("turn on push notifications")
    assert await skyvern_page.get_attribute("#push", "aria-checked") == "true"
    assert await skyvern_page.get_attribute("#digest", "aria-checked") == "false"
