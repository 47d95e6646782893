"""The Skyvern SDK's surface, shared by both back ends (``local/`` and ``cloud/``): the
response models of its client methods (``models``)."""

from __future__ import annotations
