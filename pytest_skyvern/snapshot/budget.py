"""Fit page lines into a token budget: visible area first, prune, then split into chunks."""

from __future__ import annotations

from .render import VISIBLE_END, Line
from .tokens import line_tokens

#: Consecutive text lines kept before the rest of the run is summarised (when pruning).
TEXT_RUN = 4
#: Worst case of the "Part N of M" header line, reserved in every chunk.
PART_LINE_TOKENS = 20


def arrange(lines: list[Line]) -> list[Line]:
    """Lines in the visible area first (reading order), then the rest after a marker."""
    visible = [line for line in lines if line.in_viewport]
    rest = [line for line in lines if not line.in_viewport]
    if not visible or not rest:
        return visible or rest
    return [*visible, Line(VISIBLE_END, False), *rest]


def collapse_text_runs(lines: list[Line], keep: int = TEXT_RUN) -> list[Line]:
    """Keep the first ``keep`` lines of each run of text; one line says how many were cut."""
    out: list[Line] = []
    run = 0
    dropped = 0
    for line in lines:
        if line.ref is None and line.text != VISIBLE_END:
            run += 1
            if run > keep:
                dropped += 1
                continue
        else:
            if dropped:
                out.append(Line(f"… ({dropped} more lines of text)", out[-1].in_viewport))
            run = dropped = 0
        out.append(line)
    if dropped:
        out.append(Line(f"… ({dropped} more lines of text)", out[-1].in_viewport))
    return out


def paginate(lines: list[Line], limit: int) -> list[list[Line]]:
    """Greedy split into chunks of at most ``limit`` tokens (a single oversized line alone)."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    used = 0
    for line in lines:
        # Each line also costs its newline; tokens never span a newline in o200k.
        cost = line_tokens(line.text) + 1
        if current and used + cost > limit:
            chunks.append(current)
            current, used = [], 0
        current.append(line)
        used += cost
    if current or not chunks:
        chunks.append(current)
    return chunks
