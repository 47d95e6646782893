"""Count in the one list a step's noun names: "expand the second question", "open the
third section", "the 2nd result".

Sections, cards and items of a whole page are not one list, so counting them across the
page would be a guess. A list is counted only when the page shows it as one: clickable
siblings whose container says nothing but their words (so no header, no other control
and no open panel sits among them), and which the noun names, by their own words
("Section #2"), by the heading just before them ("Questions"), or, for questions, by
each ending in a question mark. Exactly one such list may exist.
"""

from __future__ import annotations

from pytest_skyvern.resolve.matcher import normalise, role_fits
from pytest_skyvern.resolve.outcome import NotConfident
from pytest_skyvern.snapshot.model import Element

#: Roles of elements that are items of a list when clicked, besides role-less clickables.
_ITEM_ROLES = frozenset({"button", "link", "tab", "listitem", "treeitem", "menuitem", "option",
                         "row", "article"})


def nth_of_list(noun: str, position: int, action: str, elements: list[Element]
                ) -> Element | NotConfident:
    """The item at ``position`` (from 1; -1 is the last) of the one list ``noun`` names."""
    groups: dict[str, list[Element]] = {}
    for element in elements:
        if (element.context and not element.disabled and role_fits(element, action)
                and (element.clickable or element.role in _ITEM_ROLES)):
            groups.setdefault(element.context[0], []).append(element)
    lists = [items for around, items in groups.items()
             if len(items) > 1 and _only_these(around, items) and _named(noun, items, elements)]
    if len(lists) != 1:
        return NotConfident(f"counting {noun}s is a guess: "
                            f"{'no' if not lists else len(lists)} lists of them on the page")
    items = lists[0]
    index = position - 1 if position > 0 else len(items) + position
    if not 0 <= index < len(items):
        return NotConfident(f"asked for {noun} {position} of {len(items)}")
    return items[index]


def _words(element: Element) -> str:
    return normalise(element.text or element.name)


def _only_these(around: str, items: list[Element]) -> bool:
    """The container reads as the items' words and nothing else."""
    return normalise(around) == " ".join(_words(e) for e in items)


def _named(noun: str, items: list[Element], elements: list[Element]) -> bool:
    stem = _stem(normalise(noun))
    if not stem:
        return False
    if all(stem in {_stem(w) for w in _words(e).split()} for e in items):
        return True  # "Section #1", "Section #2"
    if stem == "question" and all((e.text or e.name).rstrip().endswith("?") for e in items):
        return True
    # The heading just before the list, with nothing to click between them.
    before = elements[: elements.index(items[0])]
    at = next((i for i in range(len(before) - 1, -1, -1) if before[i].role == "heading"), None)
    if at is None or any(e.clickable or e.role in _ITEM_ROLES for e in before[at + 1 :]):
        return False
    return stem in {_stem(w) for w in normalise(before[at].name).split()}


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
