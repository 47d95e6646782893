"""The Skyvern SDK's page semantics its own tests rely on, offline (no LLM): values
taken from the prompt, lazy chained AI locators, and files given as URLs."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from pytest_skyvern import SkyvernBrowserPage
from pytest_skyvern.errors import ActionError

pytestmark = pytest.mark.asyncio(loop_scope="session")

FORM = """
<h1>Greeter</h1>
<input id="name" placeholder="Your name, please">
<button id="go" onclick="out.textContent = 'Hello, ' + document.getElementById('name').value"
  >Greet</button>
<div id="out"></div>
<select id="cars"><option value="volvo">Volvo</option><option value="saab">Saab</option>
<option value="audi">Audi</option></select>
"""
UPLOAD = """
<h1>Avatar</h1>
<input type="file" id="avatar" accept="image/*">
<img id="preview" src="">
<script>
  avatar.addEventListener('change', () => {
    const file = avatar.files[0];
    document.title = file.name + ' ' + file.type + ' ' + file.size;
  });
</script>
"""
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Files(SimpleHTTPRequestHandler):
    # "noext" is an image served without a file extension, as CDNs often do.
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, "": "image/png"
    }

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def files_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local HTTP server with an image, as an upload URL would point to."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "cat.png").write_bytes(PIXEL)
    (folder / "noext").write_bytes(PIXEL)
    server = HTTPServer(("127.0.0.1", 0), partial(_Files, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


async def test_fill_takes_the_value_from_the_prompt(skyvern_page: SkyvernBrowserPage) -> None:
    await skyvern_page.set_content(FORM)
    await skyvern_page.fill(prompt="Type 'Test2' in the name input")
    assert await skyvern_page.input_value("#name") == "Test2"
    await skyvern_page.fill(prompt="Type the value in the name input", value="Test3")
    assert await skyvern_page.input_value("#name") == "Test3"
    with pytest.raises(ValueError, match="needs a value"):
        await skyvern_page.fill(prompt="Fill the name input")


async def test_select_option_takes_the_value_from_the_prompt(
    skyvern_page: SkyvernBrowserPage,
) -> None:
    await skyvern_page.set_content(FORM)
    await skyvern_page.select_option(prompt="Select 'Audi' i the car combobox")
    assert await skyvern_page.input_value("#cars") == "audi"
    await skyvern_page.select_option("#cars-broken", label="Saab", prompt="the car list")
    assert await skyvern_page.input_value("#cars") == "saab"


async def test_chained_ai_locators_resolve_at_their_first_action(
    skyvern_page: SkyvernBrowserPage,
) -> None:
    await skyvern_page.set_content(FORM)
    await skyvern_page.fill("#name", "Ada")
    await skyvern_page.locator(prompt="Find the 'greet' button").nth(0).click()
    assert await skyvern_page.text_content("#out") == "Hello, Ada"
    await skyvern_page.locator("#gone", prompt="the Greet button").first.click()
    options = skyvern_page.locator(prompt="the car list").locator("option")
    assert await options.count() == 3
    await skyvern_page.locator(prompt="Find the 'cars' combobox").select_option("volvo")
    assert await skyvern_page.input_value("#cars") == "volvo"


async def test_upload_files_given_as_urls(
    skyvern_page: SkyvernBrowserPage, files_url: str
) -> None:
    await skyvern_page.set_content(UPLOAD)
    await skyvern_page.upload_file("#avatar", f"{files_url}/cat.png?w=740&q=80")
    assert await skyvern_page.title() == f"cat.png image/png {len(PIXEL)}"
    await skyvern_page.set_content(UPLOAD)
    await skyvern_page.upload_file(prompt="Upload this", files=f"{files_url}/noext")
    assert await skyvern_page.title() == f"noext.png image/png {len(PIXEL)}"  # from its type
    await skyvern_page.set_content(UPLOAD)
    await skyvern_page.upload_file(prompt=f"Upload this file {files_url}/cat.png")
    assert (await skyvern_page.title()).startswith("cat.png image/png")
    await skyvern_page.set_content(UPLOAD)
    await skyvern_page.upload_file("#broken", f"{files_url}/cat.png", prompt="Upload this file")
    assert (await skyvern_page.title()).startswith("cat.png")


async def test_a_url_that_cannot_be_fetched_says_so(
    skyvern_page: SkyvernBrowserPage, files_url: str
) -> None:
    await skyvern_page.set_content(UPLOAD)
    before = _upload_folders()
    missing = r"Could not download .*/missing\.png\?\.\.\. .*404"
    with pytest.raises(ActionError, match=missing) as info:
        await skyvern_page.upload_file("#avatar", f"{files_url}/missing.png?token=secret")
    assert "secret" not in str(info.value)  # a presigned URL's query stays out of messages
    assert _upload_folders() == before  # nothing left behind


def _upload_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("skyvern-upload-*"))
