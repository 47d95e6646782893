"""Test-suite settings: no test may call a model endpoint outside this machine."""

from __future__ import annotations

import os
import tempfile

# Read by the LLM client: a base URL that is not loopback is refused.
os.environ.setdefault("SKYVERN_LLM_LOOPBACK_ONLY", "1")
# The suite's own browser tests must not record into the repository's action cache;
# the tests of the cache itself turn it on explicitly.
os.environ.setdefault("SKYVERN_CACHE", "off")
# Credentials, their key and browser profiles go to a folder of this run, never $HOME
# (child pytest processes inherit it).
os.environ.setdefault("SKYVERN_DATA_DIR", tempfile.mkdtemp(prefix="pytest-skyvern-data-"))
