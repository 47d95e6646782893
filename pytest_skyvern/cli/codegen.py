"""Plain pytest-playwright code from a test's cached steps (``pytest-skyvern export``).

Each cached element becomes one Playwright locator, the most readable of its
candidates first, the way Playwright advises: ``get_by_role`` with the accessible
name, then ``get_by_label``, ``get_by_placeholder``, ``get_by_text``, the test id,
CSS, XPath. The others are listed in a comment. A step recorded on another page
than the one before it starts with ``visit(page, path)``, which waits briefly for a
click that is already taking the page there and otherwise navigates.

Cache entries that are not actions (extraction programs, and the compiled checks to
come) are rendered by the function registered for their kind in ``RENDERERS``; a
kind with no renderer is exported as a comment saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pytest_skyvern.cache import CachedAction, CacheEntry
from pytest_skyvern.cli.code_parts import Imports, lit, locator_code
from pytest_skyvern.cli.export_checks import check_lines
from pytest_skyvern.resolve.dates import readable, to_input_value
from pytest_skyvern.secrets import PLACEHOLDER

_BROWSERS = {"chromium", "firefox", "webkit"}
NEEDS_VALUE = ("fill", "select", "upload")
MISSING_VALUE = ("exported step without its value: the test passed it in code, and the "
                 "cache does not keep it; write it here")

#: Entry kind -> lines of code for it (without indentation), or None to skip it.
Renderer = Callable[[CacheEntry, "Imports"], list[str] | None]
RENDERERS: dict[str, Renderer] = {"validate": check_lines}


def value_code(value: str, imports: Imports) -> str:
    """``value`` as code; each ``{{name}}`` placeholder reads ``SKYVERN_SECRET_<NAME>``."""
    parts: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(value):
        if match.start() > last:
            parts.append(lit(value[last:match.start()]))
        env = "SKYVERN_SECRET_" + re.sub(r"[^A-Za-z0-9]", "_", match.group(1)).upper()
        parts.append(f"os.environ[{lit(env)}]")
        imports.os = True
        last = match.end()
    if last < len(value) or not parts:
        parts.append(lit(value[last:]))
    return " + ".join(parts)


def action_lines(action: CachedAction, imports: Imports) -> list[str]:
    """The code of one cached action (the same calls the engine's replay makes)."""
    out: list[str] = []
    target = ""
    if action.element is not None:
        target, others = locator_code(action.element)
        if others:
            out.append("# also found by: " + ", ".join(others))
    kind = action.type
    value = action.value or ""
    if kind in NEEDS_VALUE and action.value is None and action.values is None:
        # A selector-first step (fill(prompt=..., value=...)): the value is the test's.
        call = {"fill": "fill", "select": "select_option", "upload": "set_input_files"}[kind]
        return [*out, f"pytest.fail({lit(MISSING_VALUE)})",
                f"# await {target}.{call}(...)  # the value the test passed"]
    if kind == "fill" and action.element is not None:
        input_type = action.element.fingerprint.input_type
        if value and not PLACEHOLDER.search(value) and readable(value, input_type):
            value = to_input_value(value, input_type)  # dates typed as the input takes them
        out.append(f"await {target}.fill({value_code(value, imports)})")
    elif kind == "click":
        out.append(f"await {target}.click()")
    elif kind == "select" and action.values:
        options = ", ".join(value_code(v, imports) for v in action.values)
        out.append(f"await {target}.select_option(label=[{options}])")
    elif kind == "select":
        out.append(f"await {target}.select_option(label={value_code(value, imports)})")
    elif kind in ("check", "uncheck", "hover", "focus"):
        out.append(f"await {target}.{kind}()")
    elif kind == "upload":
        out.append(f"await {target}.set_input_files({value_code(value, imports)})")
    elif kind == "press":
        key = lit(action.key or value or "Enter")
        out.append(f"await {target}.press({key})" if target
                   else f"await page.keyboard.press({key})")
    elif kind == "scroll":
        if target:
            out.append(f"await {target}.scroll_into_view_if_needed()")
        else:
            out.append(f"await page.mouse.wheel(0, {-600 if action.direction == 'up' else 600})")
    elif kind == "goto":
        out.append(f"await page.goto({value_code(action.url or value, imports)})")
    elif kind == "wait":
        out.append(f"await page.wait_for_timeout({min(float(value or 1000), 10_000):g})")
    return out


def entry_lines(entry: CacheEntry, imports: Imports) -> list[str]:
    """The code of one cached step: its actions, or what its kind's renderer makes."""
    renderer = RENDERERS.get(entry.kind)
    if renderer is not None:
        rendered = renderer(entry, imports)
        if rendered is not None:
            return rendered
    if entry.actions:
        return [line for action in entry.actions for line in action_lines(action, imports)]
    what = "an extraction program" if entry.program is not None else "no actions"
    return [f"# not exported: this {entry.kind} step is {what}, with no plain-Playwright form"]


def test_name(nodeid: str, taken: set[str]) -> str:
    """A unique ``test_*`` function name for ``nodeid`` (the browser parameter dropped)."""
    name = nodeid.split("::")[-1]
    base, _, params = name.partition("[")
    extra = [p for p in re.split(r"[-\]]", params) if p and p not in _BROWSERS]
    name = "_".join([base, *extra])
    name = re.sub(r"\W+", "_", name).strip("_").lower() or "step"
    if not name.startswith("test"):
        name = "test_" + name
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name}_{n}", n + 1
    taken.add(unique)
    return unique
