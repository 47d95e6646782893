"""``python -m pytest_skyvern.cli``: the ``pytest-skyvern`` command."""

from __future__ import annotations

import sys

from pytest_skyvern.cli import main

sys.exit(main())
