"""Match schema property names to page labels ("Invoice #" <-> ``invoice_number``).

Both sides become sets of canonical words (camelCase and snake_case split, plurals
folded, a few synonyms merged); the score is a weighted overlap in which generic words
("number", "id") count little, so "Invoice date" does not pass for ``invoice_number``.
"""

from __future__ import annotations

import re
import unicodedata

_SYNONYMS: dict[str, str] = {
    "total": "amount",
    "sum": "amount",
    "amt": "amount",
    "cost": "price",
    "no": "number",
    "num": "number",
    "nr": "number",
    "qty": "quantity",
    "count": "quantity",
    "desc": "description",
    "telephone": "phone",
    "tel": "phone",
    "mobile": "phone",
    "mail": "email",
    "state": "status",
}
#: Words that say little about which column is meant.
_WEAK = frozenset({"number", "id", "code", "value", "the", "of", "a", "an", "and", "is"})
_WEAK_WEIGHT = 0.3


def words(text: str) -> set[str]:
    """Canonical words of a label or property name."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).replace("#", " number ")
    text = unicodedata.normalize("NFKD", text).casefold()
    return {_canonical(w) for w in re.findall(r"[a-z0-9]+", text)}


def _canonical(word: str) -> str:
    word = _SYNONYMS.get(word, word)
    if len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return _SYNONYMS.get(word, word)


def _weight(ws: set[str]) -> float:
    return sum(_WEAK_WEIGHT if w in _WEAK else 1.0 for w in ws)


def name_score(prop: set[str], label: set[str]) -> float:
    """0 (unrelated) to 1 (same words). Needs a shared meaningful word, or equality."""
    if not prop or not label:
        return 0.0
    if prop == label:
        return 1.0
    shared = prop & label
    if not shared - _WEAK:
        return 0.0
    return _weight(shared) / _weight(prop | label)


def property_words(name: str, schema: dict[str, object]) -> list[set[str]]:
    """The ways a property may be labelled on the page: its name and its ``title``."""
    forms = [words(name)]
    title = schema.get("title")
    if isinstance(title, str) and words(title):
        forms.append(words(title))
    return forms


def best_score(forms: list[set[str]], label: str) -> float:
    label_words = words(label)
    return max(name_score(form, label_words) for form in forms)
