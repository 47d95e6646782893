"""Choose HOW to extract: match a JSON Schema to what ``extract.js`` found on the page.

The result is a *program* (plain JSON, see ``extract.run_program``) naming a table and
its columns, a repeated list and its fields, or label/value pairs. Planning is strict:
a required property with no matching column or label, two equally good matches, or a
prompt word the program cannot honour ("only the paid invoices") all mean
``NotConfident``; the LLM tier is better at those than a guess.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from pytest_skyvern.resolve.coerce import parse_number
from pytest_skyvern.resolve.names import best_score, property_words, words
from pytest_skyvern.resolve.outcome import NotConfident

#: A JSON-serialisable description of how data was found; replayed by ``run_program``.
Program = dict[str, Any]
Schema = dict[str, Any]

#: Below this, a label is not considered to name a property at all.
MIN_SCORE = 0.3
_SCALARS = frozenset({"string", "number", "integer", "boolean", "null"})
_NAME_WORDS = frozenset({"name", "title", "product", "heading", "label", "item"})
_PRICE_WORDS = frozenset({"price", "amount"})
_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b")
# Words of a prompt that ask for nothing beyond the schema and the structure.
_PROMPT_STOP = frozenset(
    "extract get list return read scrape collect find give show fetch pull grab capture all "
    "every each the a an of from in on for and with their its this that these those which "
    "page table row column item entry record data detail info information value field "
    "current visible shown displayed as to me please json including include them it is are "
    "per plus what there here into object array out".split()
)
_FILTER = re.compile(
    r"\s*\b(?:where|whose)\s+(?:the\s+)?(?P<column>[\w #]+?)\s+(?:is|=|==|equals)\s+"
    r"['\"\u201c\u2018]?(?P<value>[^'\"\u201d\u2019]+?)['\"\u201d\u2019]?\s*\.?\s*$",
    re.I,
)


class Leaf(TypedDict):
    sel: str
    text: str
    tag: str
    heading: bool
    names: str


class ListScan(TypedDict):
    css: str
    item: str
    signature: str
    context: str
    items: list[list[Leaf]]


class Pair(TypedDict):
    label: str
    value: str
    css: str
    read: str


class TableScan(TypedDict):
    css: str
    header: list[str] | None
    rows: list[list[str]]
    context: str
    rowPairs: list[Pair]  # the key extract.js uses


class Scan(TypedDict):
    title: str
    tables: list[TableScan]
    lists: list[ListScan]
    pairs: list[Pair]


def plan(scan: Scan, prompt: str, schema: Schema) -> Program | NotConfident:
    """The program that extracts ``schema`` from the scanned page, or ``NotConfident``."""
    if _is_rows(schema):
        return _plan_rows(scan, prompt, schema["items"])
    if schema.get("type") == "object":
        props: dict[str, Schema] = schema.get("properties", {})
        if len(props) == 1 and _is_rows(next(iter(props.values()))):
            name, inner = next(iter(props.items()))
            program = _plan_rows(scan, prompt, inner["items"])
            if isinstance(program, NotConfident):
                return program
            return {"kind": "wrap", "property": name, "inner": program}
        if props and all(_is_scalar(s) for s in props.values()):
            return _plan_pairs(scan, prompt, schema)
    return NotConfident("schema shape not supported without an LLM (need rows or flat fields)")


def _is_scalar(schema: Schema) -> bool:
    kinds = schema.get("type", "string")
    return set([kinds] if isinstance(kinds, str) else kinds) <= _SCALARS


def _is_rows(schema: Schema) -> bool:
    items = schema.get("items")
    return (
        schema.get("type") == "array"
        and isinstance(items, dict)
        and items.get("type") == "object"
        and bool(items.get("properties"))
        and all(_is_scalar(s) for s in items["properties"].values())
    )


def unhonoured(prompt: str, allowed: set[str]) -> set[str]:
    """Prompt words that are neither filler nor names of what is extracted."""
    return words(prompt) - allowed - {w for w in map(_stop_word, _PROMPT_STOP) if w}


def _stop_word(word: str) -> str:
    return next(iter(words(word)), "")


def _schema_words(schema: Schema) -> set[str]:
    out: set[str] = set()
    for name, sub in schema.get("properties", {}).items():
        for form in property_words(name, sub):
            out |= form
        if isinstance(sub.get("description"), str):
            out |= words(sub["description"])
    for key in ("title", "description"):
        if isinstance(schema.get(key), str):
            out |= words(schema[key])
    return out


def assign(
    props: dict[str, Schema], required: set[str], labels: list[str]
) -> tuple[dict[str, int], float] | str:
    """Property -> label index, one-to-one; a reason string when a required one fails."""
    scores = {
        p: [best_score(property_words(p, s), label) for label in labels] for p, s in props.items()
    }
    ranked = sorted(
        ((score, p, i) for p, row in scores.items() for i, score in enumerate(row)),
        key=lambda t: -t[0],
    )
    mapping: dict[str, int] = {}
    for score, p, i in ranked:
        if score >= MIN_SCORE and p not in mapping and i not in mapping.values():
            mapping[p] = i
    for p, i in list(mapping.items()):
        rivals = [j for j, s in enumerate(scores[p]) if j != i and s == scores[p][i]]
        if any(j not in mapping.values() for j in rivals):
            if p in required:
                return f"{p!r} matches several labels equally ({labels[i]!r} and others)"
            del mapping[p]
    missing = sorted(required - mapping.keys())
    if missing:
        return f"no column or label for required {', '.join(map(repr, missing))}"
    return mapping, sum(scores[p][i] for p, i in mapping.items())


def _plan_rows(scan: Scan, prompt: str, item_schema: Schema) -> Program | NotConfident:
    props: dict[str, Schema] = item_schema["properties"]
    required = set(item_schema.get("required", []))
    filt = _FILTER.search(prompt)
    base_prompt = prompt[: filt.start()] if filt else prompt
    allowed = _schema_words(item_schema) | words(scan["title"])
    found: list[tuple[float, Program]] = []
    reasons: list[str] = []
    for table in scan["tables"]:
        result = _table_program(table, props, required, filt)
        if isinstance(result, str):
            reasons.append(f"table {table['css']}: {result}")
            continue
        extra = unhonoured(base_prompt, allowed | _table_words(table))
        if extra:
            reasons.append(f"table {table['css']}: prompt asks for {sorted(extra)}")
            continue
        found.append(result)
    for lst in [] if filt else scan["lists"]:
        listed = _list_program(lst, props, required)
        if isinstance(listed, str):
            continue  # most repeated structures on a page are not the data asked for
        extra = unhonoured(prompt, allowed | words(lst["context"]) | _leaf_words(lst))
        if extra:
            reasons.append(f"list {lst['css']}: prompt asks for {sorted(extra)}")
            continue
        found.append(listed)
    if not found:
        return NotConfident("no table or repeated list matches the schema", reasons[:8])
    found.sort(key=lambda f: -f[0])
    if len(found) > 1 and found[1][0] >= found[0][0] - 1e-9:
        where = [f"{f[1]['kind']} {f[1]['css']}" for f in found[:5]]
        return NotConfident("several tables or lists match the schema equally", where)
    return found[0][1]


def _table_words(table: TableScan) -> set[str]:
    out = words(table["context"])
    for label in table["header"] or []:
        out |= words(label)
    return out


def _table_program(
    table: TableScan, props: dict[str, Schema], required: set[str], filt: re.Match[str] | None
) -> tuple[float, Program] | str:
    header = table["header"]
    if not header:
        return "no header row"
    result = assign(props, required, header)
    if isinstance(result, str):
        return result
    columns, score = result
    program: Program = {"kind": "table", "css": table["css"], "columns": columns}
    program["width"] = len(header)
    if filt is not None:
        column = [i for i, label in enumerate(header) if _names(filt["column"], label)]
        if len(column) != 1:
            return f"filter column {filt['column']!r} is not one header"
        program["filter"] = {"column": column[0], "equals": filt["value"].strip()}
    return score, program


def _names(phrase: str, label: str) -> bool:
    return words(phrase) == words(label)


def _leaf_words(lst: ListScan) -> set[str]:
    out: set[str] = set()
    for leaf in lst["items"][0]:
        out |= words(leaf["names"])
    return out


def _list_program(
    lst: ListScan, props: dict[str, Schema], required: set[str]
) -> tuple[float, Program] | str:
    items = [item for item in lst["items"] if item]
    by_sel: dict[str, list[Leaf]] = {}
    for item in items:
        for leaf in item:
            by_sel.setdefault(leaf["sel"], []).append(leaf)
    fields: dict[str, str] = {}
    total = 0.0
    for prop, sub in props.items():
        chosen = _field_for(prop, sub, by_sel, len(items), set(fields.values()))
        if isinstance(chosen, str):
            if prop in required:
                return chosen
            continue
        sel, score = chosen
        if prop in required and len(by_sel[sel]) < len(items):
            return f"{prop!r} is missing from some items"
        fields[prop] = sel
        total += score
    if not fields:
        return "no field matches"
    program: Program = {"kind": "list", "css": lst["css"], "item": lst["item"], "fields": fields}
    return total, program


def _field_for(
    prop: str, sub: Schema, by_sel: dict[str, list[Leaf]], n_items: int, taken: set[str]
) -> tuple[str, float] | str:
    forms = property_words(prop, sub)
    scored = {
        sel: max(best_score(forms, leaf["names"]) for leaf in leaves)
        for sel, leaves in by_sel.items()
        if sel not in taken
    }
    best = max(scored.values(), default=0.0)
    if best >= MIN_SCORE:
        top = [sel for sel, s in scored.items() if s == best]
        return (top[0], best) if len(top) == 1 else f"{prop!r} matches several fields"
    prop_words = set().union(*forms)
    # No class names to go by: fall back on shape, but only when exactly one fits.
    if prop_words & _NAME_WORDS:
        heads = [s for s, ls in by_sel.items() if s not in taken and all(x["heading"] for x in ls)]
        if len(heads) == 1:
            return heads[0], 0.5
    if prop_words & _PRICE_WORDS:
        prices = [
            s
            for s, ls in by_sel.items()
            if s not in taken
            and len(ls) == n_items
            and all(_CURRENCY.search(x["text"]) and parse_number(x["text"]) is not None for x in ls)
        ]
        if len(prices) == 1:
            return prices[0], 0.5
    return f"no field for {prop!r}"


def _plan_pairs(scan: Scan, prompt: str, schema: Schema) -> Program | NotConfident:
    props: dict[str, Schema] = schema["properties"]
    required = set(schema.get("required", []))
    pairs = scan["pairs"]
    fields: dict[str, dict[str, str]] = {}
    for prop, sub in props.items():
        forms = property_words(prop, sub)
        scored = [(best_score(forms, p["label"]), p) for p in pairs]
        best = max((s for s, _ in scored), default=0.0)
        top = [p for s, p in scored if s == best and s >= MIN_SCORE]
        if not top or len({" ".join(p["value"].split()).casefold() for p in top}) > 1:
            if prop in required:
                why = "no label" if not top else "several labels with different values"
                return NotConfident(
                    f"{why} for required {prop!r}", [f"{p['label']}: {p['value']}" for p in top]
                )
            continue
        pair = top[0]
        fields[prop] = {"css": pair["css"], "read": pair["read"], "label": pair["label"]}
    if not fields:
        return NotConfident("no label on the page names a schema property")
    allowed = _schema_words(schema) | words(scan["title"])
    for field in fields.values():
        allowed |= words(field["label"])
    extra = unhonoured(prompt, allowed)
    if extra:
        return NotConfident(f"prompt asks for {sorted(extra)}, which labels do not cover")
    return {"kind": "pairs", "fields": fields}
