"""Test-suite settings: no test may call a model endpoint outside this machine."""

from __future__ import annotations

import os

# Read by the LLM client: a base URL that is not loopback is refused.
os.environ.setdefault("SKYVERN_LLM_LOOPBACK_ONLY", "1")
# The suite's own browser tests must not record into the repository's action cache;
# the tests of the cache itself turn it on explicitly.
os.environ.setdefault("SKYVERN_CACHE", "off")
