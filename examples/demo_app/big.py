"""/big: a generated page with n interactive elements, for benchmarks."""

from __future__ import annotations

from .layout import page
from .skin import Skin

MAX_ELEMENTS = 20_000
KINDS = ("button", "field", "link", "row")


def big(skin: Skin, n: int) -> str:
    """Element i is a button, a labelled input, a link or a table row, by i % 4.

    Every element carries ``data-testid="big-<i>"`` so tests can count them.
    """
    buttons, fields, links, rows = [], [], [], []
    for i in range(n):
        tid = f'data-testid="{skin("big")}-{i}"'
        kind = KINDS[i % len(KINDS)]
        if kind == "button":
            buttons.append(
                f'<li><button type="button" class="{skin("btn")}" {tid}>Button {i}</button></li>'
            )
        elif kind == "field":
            control = f"{skin('big')}-field-{i}"
            fields.append(
                f'<div class="{skin("field")}" {tid}><label for="{control}">Field {i}</label>'
                f'<input type="text" id="{control}" name="{control}" value=""></div>'
            )
        elif kind == "link":
            links.append(f'<li><a href="#{skin("big")}-row-{i - 1}" {tid}>Link {i}</a></li>')
        else:
            # i * 7919 % 1000: a fixed pseudo-random quantity, the same every run.
            rows.append(
                f'<tr id="{skin("big")}-row-{i}" {tid}><td>Row {i}</td>'
                f"<td>{i * 7919 % 1000}</td></tr>"
            )
    body = (
        f"<p>{n} interactive elements.</p>"
        f'<h2>Buttons</h2><ul class="{skin("big-buttons")}">{"".join(buttons)}</ul>'
        f'<h2>Fields</h2><form class="{skin("big-fields")}" onsubmit="return false">'
        f"{''.join(fields)}</form>"
        f'<h2>Links</h2><ul class="{skin("big-links")}">{"".join(links)}</ul>'
        f'<h2>Rows</h2><table class="{skin("big-table")}"><caption>Generated rows</caption>'
        f'<thead><tr><th scope="col">Name</th><th scope="col">Quantity</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return page(skin, title="Big page", body=body)
