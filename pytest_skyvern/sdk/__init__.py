"""The Skyvern SDK's surface, shared by both back ends (``local/`` and ``cloud/``): its
client methods, declared once (``protocol.SkyvernSDK``), and their response models
(``models``)."""

from __future__ import annotations
