"""``python -m pytest_skyvern.serve``: the same as ``pytest-skyvern serve``."""

from __future__ import annotations

import sys

from pytest_skyvern.serve import main

sys.exit(main())
