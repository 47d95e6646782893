"""The Skyvern SDK's data, shared by both back ends (``local/`` and ``cloud/``): run
shapes (``runs``), response models (``models``), user schemas (``schema``) and run
webhooks (``webhooks``). The client methods themselves are declared once, in
``pytest_skyvern.client.protocol``."""

from __future__ import annotations
