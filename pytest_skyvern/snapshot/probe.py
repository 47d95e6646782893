"""Read DOM facts (label, test id, input type, options, viewport, selectors) for aria refs.

``page.aria_snapshot(mode="ai")`` leaves each ref on its element as an ``_ariaRef``
expando, but only in Playwright's isolated utility world: ``page.evaluate`` cannot see it.
A content-script selector engine runs in that world, so one query per frame joins refs
to elements exactly (measured: ~50 ms for 12,000 refs, against ~2 s for one
``aria-ref=`` evaluate per ref). When the engine cannot be installed, a per-ref fallback
keeps things correct, only slower.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, NamedTuple, TypedDict
from weakref import WeakSet

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Playwright

ENGINE_NAME = "skyvern-snapshot-probe"

#: Refs per frame that need a full description (``True``) or only viewport (``False``).
RefRequest = dict[str, bool]


class RefInfo(TypedDict, total=False):
    """What the probe reports for one ref (short keys keep the JSON small).

    ``ex`` is an ``aria-expanded`` attribute's value (or a ``<summary>``'s). Elements the
    aria tree has no interactive role for carry ``ck`` (the signals
    that make them clickable: ``listener``, ``pointer``, ``tabindex``...), maybe ``rl``
    (the role they act as: a label of a hidden checkbox is a ``checkbox``) and ``chk``.
    Those with no aria node at all carry ``r`` (a probe ref, ``s3``), ``a`` (the ref of
    the nearest aria node around them), ``p`` (the aria node before them in tree order,
    when that is not ``a``) and ``tx`` (their text).
    """

    iv: bool
    tag: str
    id: str | None
    tid: str | None
    type: str | None
    lab: str | None
    ph: str | None
    ti: str | None
    sec: bool
    css: str | None
    xp: str | None
    opt: list[str]
    sel: list[str]
    v: str
    hv: bool
    ck: str
    rl: str
    chk: bool
    r: str
    a: str | None
    p: str | None
    tx: str
    aria: bool
    ar: str
    ex: str
    dis: bool
    sb: bool
    cov: bool
    lz: bool
    hp: bool
    ah: bool


class ProbeAnswer(NamedTuple):
    """Facts per aria ref, and the clickables without an aria node, per frame."""

    infos: dict[str, RefInfo]
    #: (ref of the iframe holding them, or None for the page; their facts).
    extra: list[tuple[str | None, RefInfo]]
    #: Names of buttons and links that are on the page but not shown.
    hidden: list[str]
    #: Of those, the ones a collapsed toggle holds: name -> the toggle's ref.
    owners: dict[str, str]


_IN_VIEWPORT: RefInfo = {"iv": True}
_OUT_OF_VIEWPORT: RefInfo = {"iv": False}


@cache
def engine_source() -> str:
    return resources.files(__package__).joinpath("probe.js").read_text(encoding="utf-8")


# Playwright objects already given the engine (registering twice is an error).
_installed: WeakSet[Any] = WeakSet()


async def install_probe(playwright: Playwright) -> None:
    """Register the snapshot probe engine; call once per Playwright instance (idempotent)."""
    await _register(playwright.selectors.register, playwright)


async def _register(register: Any, key: Any) -> None:
    if key in _installed:
        return
    try:
        await register(ENGINE_NAME, engine_source(), content_script=True)
    except PlaywrightError as exc:
        if "already registered" not in str(exc):
            raise
    _installed.add(key)


async def ensure_probe(page: Page) -> bool:
    """Register the engine for ``page``'s Playwright if needed; False if it cannot be.

    Call it before the page's first selector or aria snapshot: a document only learns
    engines registered before Playwright injected its script into it.
    """
    # Playwright offers no public path from a Page to its selector registry; the plugin
    # calls install_probe(playwright) up front, and this covers pages made elsewhere.
    try:
        browser = page.context.browser
        if browser is None:
            return False
        selectors = browser.browser_type._impl_obj._playwright.selectors
        if selectors in _installed:
            return True

        async def register(name: str, script: str, *, content_script: bool) -> None:
            await selectors.register(name, script, None, content_script)

        await _register(register, selectors)
        return True
    except (AttributeError, TypeError, PlaywrightError):
        return False


def _body(request: RefRequest) -> str:
    return " ".join(("+" if full else "") + ref for ref, full in request.items())


def engine_locator(page: Page, iframe: str | None, body: str) -> Locator:
    """A locator of the probe engine in the page or in the iframe with ref ``iframe``
    (Playwright routes ``aria-ref`` of a nested frame from the page)."""
    selector = f"{ENGINE_NAME}={body}"
    if iframe is None:
        return page.locator(selector)
    return page.locator(f"aria-ref={iframe}").content_frame.locator(selector)


async def ask(page: Page, iframe: str | None, body: str) -> dict[str, Any]:
    """The probe engine's JSON answer to ``body`` in one frame."""
    raw = await engine_locator(page, iframe, body).get_attribute("data-probe", timeout=10_000)
    answer: dict[str, Any] = json.loads(raw or "{}")
    return answer


async def _query(page: Page, iframe: str | None, request: RefRequest) -> ProbeAnswer:
    data = await ask(page, iframe, _body(request))
    # Viewport-only refs come as two lists; every such ref shares one read-only answer.
    inside, outside = data.pop("~in", ""), data.pop("~out", "")
    extra: list[RefInfo] = data.pop("~syn", [])
    hidden: list[str] = data.pop("~hid", [])
    owners: dict[str, str] = data.pop("~own", {})
    infos: dict[str, RefInfo] = data
    infos.update(dict.fromkeys(inside.split(), _IN_VIEWPORT))
    infos.update(dict.fromkeys(outside.split(), _OUT_OF_VIEWPORT))
    return ProbeAnswer(infos, [(iframe, info) for info in extra], hidden, owners)


async def _query_each(page: Page, request: RefRequest) -> ProbeAnswer:
    script = f"el => ({engine_source()}).describe(el)"

    async def one(ref: str) -> tuple[str, RefInfo | None]:
        try:
            info: RefInfo = await page.locator(f"aria-ref={ref}").evaluate(script, timeout=2_000)
        except PlaywrightError:
            return ref, None
        return ref, info

    # Only full descriptions are worth a round trip each; viewport facts stay unknown.
    wanted = [ref for ref, full in request.items() if full]
    pairs = await asyncio.gather(*(one(ref) for ref in wanted))
    return ProbeAnswer({ref: info for ref, info in pairs if info is not None}, [], [], {})


def _engine_missing(exc: PlaywrightError) -> bool:
    # A document whose injected script was built before the engine was registered does
    # not know it until it navigates; Playwright then fails inside its engine lookup.
    message = str(exc)
    return "reading 'queryAll'" in message or "nknown engine" in message


async def _probe_frame(
    page: Page, iframe: str | None, request: RefRequest, engine: bool
) -> ProbeAnswer:
    if engine:
        try:
            return await _query(page, iframe, request)
        except PlaywrightError as exc:
            if not _engine_missing(exc):
                if iframe is None:
                    raise
                # A frame that navigated or went away since the snapshot loses its details.
                return ProbeAnswer({}, [], [], {})
    return await _query_each(page, request)


async def probe_refs(
    page: Page, frames: Iterable[tuple[str | None, RefRequest]]
) -> ProbeAnswer:
    """Describe refs and find the clickables without an aria node, one query per frame.

    ``frames`` pairs the ref of the ``iframe`` element holding the refs (``None`` for the
    page itself) with the refs wanted there.
    """
    engine = await ensure_probe(page)
    jobs = [_probe_frame(page, iframe, request, engine) for iframe, request in frames if request]
    merged = ProbeAnswer({}, [], [], {})
    for result in await asyncio.gather(*jobs):
        merged.infos.update(result.infos)
        merged.extra.extend(result.extra)
        merged.hidden.extend(result.hidden)
        merged.owners.update(result.owners)
    return merged
