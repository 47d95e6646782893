"""Elements clickable without an ARIA role get refs; nested elements that are one target
are one element; probe refs act; visible text is the last handle on a target."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from pytest_skyvern.snapshot import Element, Snapshot, capture_snapshot, locator_for
from pytest_skyvern.snapshot.text_targets import with_text_targets

pytestmark = pytest.mark.asyncio(loop_scope="session")

PAGE = """
<p>Read the <span id="terms" onclick="hit('terms')" style="color:blue">terms</span> first.</p>
<div id="settings">Open settings</div>
<div class="card" style="cursor:pointer" onclick="hit('card')"><h3>Pro plan</h3><p>$10</p></div>
<div tabindex="0" id="focusable">Focusable thing</div>
<div tabindex="-1">Not focusable by tab</div>
<span title="Delete item" style="cursor:pointer" onclick="hit('icon')">&#128465;</span>
<table><tbody><tr onclick="hit('row')"><td>Alice</td><td>alice@x</td></tr>
<tr><td>Bob</td><td>bob@x</td></tr></tbody></table>
<label><input type="checkbox" id="hidden-box" style="display:none"> Remember me</label>
<label><input type="checkbox" id="plain-box"> Visible box</label>
<ul id="menu"><li>Home</li><li>About</li></ul>
<x-host id="host"></x-host>
<div contenteditable="true" id="editor">Edit me</div>
<div role="tablist"><div role="tab"><a href="#t2">Tab #2</a></div></div>
<div onclick="hit('wrap')"><button>Wrapped</button></div>
<p>Plain words: Home About Alice terms</p>
<script>
  window.hits = [];
  function hit(what) { window.hits.push(what); }
  document.getElementById('settings').addEventListener('click', () => hit('settings'));
  document.getElementById('menu').addEventListener('click', (e) => hit(e.target.textContent));
  const root = document.getElementById('host').attachShadow({mode: 'open'});
  root.innerHTML = '<span>Shadow action</span>';
  root.querySelector('span').addEventListener('click', () => hit('shadow'));
</script>
"""


def named(snapshot: Snapshot, words: str) -> list[Element]:
    return [e for e in snapshot.elements.values()
            if words in (e.name, e.text, e.label, e.title)]


def one(snapshot: Snapshot, words: str) -> Element:
    found = [e for e in named(snapshot, words) if e.role != "heading"]
    assert len(found) == 1, f"{words!r}: {found}\n{snapshot.text}"
    return found[0]


async def test_role_less_clickables_get_refs_with_their_signals(page: Page) -> None:
    await page.set_content(PAGE)
    snap = await capture_snapshot(page)
    assert "listener" in one(snap, "Open settings").clickable
    assert "onclick" in one(snap, "terms").clickable
    assert set(one(snap, "Pro plan").clickable) >= {"onclick", "pointer"}
    assert "tabindex" in one(snap, "Focusable thing").clickable
    assert not named(snap, "Not focusable by tab")
    icon = one(snap, "Delete item")
    assert icon.title == "Delete item"
    assert "pointer" in icon.clickable
    assert "onclick" in one(snap, "Alice alice@x").clickable
    assert [e.text for e in snap.elements.values() if "delegated" in e.clickable] == [
        "Home", "About"]
    assert "listener" in one(snap, "Shadow action").clickable
    editor = next(e for e in snap.elements.values() if "editable" in e.clickable)
    assert (editor.role, editor.value) == ("textbox", "Edit me")
    # A label standing in for a hidden checkbox is that checkbox, with its state.
    box = one(snap, "Remember me")
    assert (box.role, box.checked, box.tag) == ("checkbox", False, "label")
    assert box.tree_role == "generic"  # what Playwright's role selectors know it by
    # ...while a visible checkbox's label is part of the checkbox.
    assert [e.role for e in named(snap, "Visible box")] == ["checkbox"]
    # Plain text with the same words is no element.
    assert len(named(snap, "Home")) == 1


async def test_nested_elements_that_are_one_target_are_one_element(page: Page) -> None:
    await page.set_content(PAGE)
    snap = await capture_snapshot(page)
    tab = one(snap, "Tab #2")
    assert (tab.role, tab.wrapper_role) == ("link", "tab")
    assert "[" + tab.ref + "] tab/link" in snap.text
    assert [e.role for e in named(snap, "Wrapped")] == ["button"]
    card = one(snap, "Pro plan")
    assert card.text == "Pro plan $10"


async def test_probe_refs_are_actionable_locators(page: Page) -> None:
    await page.set_content(PAGE)
    snap = await capture_snapshot(page)
    for words in ("terms", "Delete item", "Shadow action", "About", "Remember me"):
        await locator_for(page, one(snap, words)).click()
    assert await page.evaluate("window.hits") == ["terms", "icon", "shadow", "About"]
    assert await page.is_checked("#hidden-box")


async def test_clickables_inside_iframes(page: Page) -> None:
    inner = ("<span id=x onclick='parent.hit(1)' style=cursor:pointer>Inner action</span>"
             "<span>Inner text</span>")
    await page.set_content(PAGE + f'<iframe srcdoc="{inner}"></iframe>')
    await page.wait_for_function("document.querySelector('iframe').contentDocument.body")
    snap = await capture_snapshot(page)
    element = one(snap, "Inner action")
    assert element.frame_path
    assert element.tree_role == "generic"
    await locator_for(page, element).click()
    assert await page.evaluate("window.hits") == [1]


async def test_visible_text_is_the_last_handle(page: Page) -> None:
    await page.set_content(
        "<p>Tags: <span class=tag>python</span> <span class=tag>rust</span></p>"
        "<p>rust and go</p><div><span>go</span></div><div><span>go</span></div>"
        "<script>window.hits = []; document.addEventListener('click', e => "
        "{ if (e.target.classList.contains('tag')) hits.push(e.target.textContent); });</script>"
    )
    snap = await capture_snapshot(page)
    assert not named(snap, "rust")
    richer = await with_text_targets(page, snap, ["rust", "go", "nowhere"])
    assert richer.text == snap.text  # the model's view is unchanged
    rust = one(richer, "rust")
    assert "text" in rust.clickable
    assert rust.tag == "span"
    assert len(named(richer, "go")) == 2  # two elements say "go": a choice, not a match
    await locator_for(page, rust).click()
    assert await page.evaluate("window.hits") == ["rust"]


async def test_secret_values_stay_out_of_probe_elements(page: Page) -> None:
    await page.set_content('<span onclick="1" title="hunter2-token">Open</span>')
    snap = await capture_snapshot(page, secrets=["hunter2-token"])
    assert "hunter2-token" not in snap.text + repr(snap.elements)


POPUPS = """
<div class="select"><div role="combobox" aria-haspopup="listbox" aria-expanded="false"
     tabindex="0" aria-label="Country">Choose</div><input type="hidden" name="country"></div>
<div class="dd"><button aria-haspopup="menu" aria-expanded="false">Actions</button>
  <ul role="menu" hidden><li role="menuitem">Archive</li>
  <li role="menuitem">Continue</li></ul></div>
<section><button aria-expanded="false" aria-controls="s1">Shipping</button>
  <div id="s1" hidden><button>Place order</button><button>Continue</button></div></section>
<div class="row" style="cursor:pointer" onclick="void 0">Ada <span>Hello</span>
  <span title="Delete" style="cursor:pointer">&#128465;</span></div>
"""


async def test_popups_built_on_open_and_what_collapsed_toggles_hold(page: Page) -> None:
    await page.set_content(POPUPS)
    snapshot = await capture_snapshot(page)
    country = next(e for e in snapshot.elements.values() if e.name == "Country")
    actions = next(e for e in snapshot.elements.values() if e.name == "Actions")
    assert country.lazy_popup
    assert country.has_popup
    assert actions.has_popup
    assert not actions.lazy_popup  # its menu is in the DOM
    owners = snapshot.hidden_owners
    assert snapshot.elements[owners["Archive"]].name == "Actions"
    assert snapshot.elements[owners["Place order"]].name == "Shipping"
    # Two toggles hold a "Continue": it belongs to neither.
    assert "Continue" not in owners
    # A titled icon inside a clickable row is an action of its own.
    assert one(snapshot, "Delete").clickable == ("titled",)
