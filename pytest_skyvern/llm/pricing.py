"""Approximate cost of a call, from a small table of list prices.

Used for budgets and reports, never for billing: providers change prices, and
OpenAI-compatible servers often run models that are not in the table (cost None).
"""

from __future__ import annotations

import re

#: USD per 1M tokens, (input, output). Approximate OpenAI list prices as of 2025-08;
#: cached-input discounts and batch prices are ignored on purpose.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-3.5-turbo": (0.50, 1.50),
    "gpt-4-turbo": (10.00, 30.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "o1": (15.00, 60.00),
    "o3": (2.00, 8.00),
    "o3-mini": (1.10, 4.40),
    "o4-mini": (1.10, 4.40),
}

# Dated snapshots: gpt-4o-2024-08-06, gpt-4-turbo-2024-04-09, gpt-3.5-turbo-0125.
# Only a date may follow the base name, so gpt-4o-audio-preview is not priced as gpt-4o.
_DATED = re.compile(r"^(?P<base>.+?)-(?:\d{4}-\d{2}-\d{2}|\d{4})$")


def _price_key(model: str) -> str | None:
    name = model.strip().lower().removeprefix("openai/")
    if name in PRICES_PER_MILLION:
        return name
    dated = _DATED.match(name)
    if dated and dated.group("base") in PRICES_PER_MILLION:
        return dated.group("base")
    return None


def cost_usd(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """Approximate USD cost of one call, or None when the model's price is unknown."""
    key = _price_key(model)
    if key is None:
        return None
    input_price, output_price = PRICES_PER_MILLION[key]
    return (prompt_tokens * input_price + completion_tokens * output_price) / 1_000_000
