"""Compiled assertions as plain Playwright ``expect(...)`` code, for ``export``.

A ``validate`` entry with a check program becomes the web-first assertion that checks
the same thing (``to_have_text``, ``to_be_disabled``, ``to_have_url``...); a numeric
comparison becomes a short regular-expression read of the element's text. An
assertion only the LLM can judge has no plain form: it is exported as a comment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_skyvern.cache import CacheEntry
from pytest_skyvern.cli.code_parts import Imports, lit, locator_code

if TYPE_CHECKING:
    from pytest_skyvern.cache.entry import CheckProgram

_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_STATES = {
    "visible": "to_be_visible()", "hidden": "to_be_hidden()", "enabled": "to_be_enabled()",
    "disabled": "to_be_disabled()", "checked": "to_be_checked()",
    "unchecked": "to_be_checked(checked=False)",
}  # fmt: skip


def check_lines(entry: CacheEntry, imports: Imports) -> list[str] | None:
    """The ``expect`` lines of a compiled assertion (``None`` for other entries)."""
    if entry.kind != "validate":
        return None
    program = entry.check
    if program is None:
        return [f"# LLM-only assertion, not exported: {entry.instruction!r}"]
    imports.expect = True
    return _program_lines(program, imports)


def _program_lines(program: CheckProgram, imports: Imports) -> list[str]:
    c = program.condition
    if c == "url":
        imports.re = True
        # Playwright runs the pattern as a JavaScript RegExp: no inline "(?i)", a flag.
        pattern = program.expected or ""
        flags = ", re.I" if pattern.startswith("(?i)") else ""
        return [f"await expect(page).to_have_url(re.compile({lit(pattern.removeprefix('(?i)'))}"
                f"{flags}))"]
    if program.element is None:
        shown = f"page.get_by_text({lit(program.text or '')}).filter(visible=True)"
        if c == "hidden":
            return [f"await expect({shown}).to_have_count(0)"]
        return [f"await expect({shown}.first).to_be_visible()"]
    target, _ = locator_code(program.element)
    if c in _STATES:
        return [f"await expect({target}).{_STATES[c]}"]
    if c == "value":
        return [f"await expect({target}).to_have_value({lit(program.expected or '')})"]
    if c == "has_text":
        return [f"await expect({target}).to_have_text({lit(program.expected or '')})"]
    if c == "contains_text":
        return [f"await expect({target}).to_contain_text({lit(program.expected or '')})"]
    number = f"{program.number or 0:g}"
    if c == "count":
        items = f"{target}.locator({lit(program.items or '*')})"
        if program.op == "eq":
            return [f"await expect({items}).to_have_count({number})"]
        return [f"assert await {items}.count() {_OPS[program.op]} {number}"]
    # c == "number": the number after the label in the element's text ("Total: $250.00").
    imports.re = True
    label = f"re.escape({lit(program.label)}) + " if program.label else ""
    return [
        f"found = re.search({label}r\"\\D*?(-?\\d[\\d,]*(?:\\.\\d+)?)\", "
        f"await {target}.inner_text(), re.I)",
        f"assert found and float(found.group(1).replace(',', '')) {_OPS[program.op]} {number}",
    ]
