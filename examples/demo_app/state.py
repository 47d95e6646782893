"""The app's mutable state: variant, sessions, and records of orders and downloads."""

from __future__ import annotations

import threading
from typing import TypedDict

from .order_form import Order
from .sessions import SessionStore
from .skin import VARIANTS, Variant


class Download(TypedDict):
    """A file the app served, as kept in ``DemoApp.downloads``."""

    path: str
    filename: str
    content_type: str
    size: int
    email: str


def check_variant(variant: str) -> Variant:
    """Return the variant if valid; raise ValueError listing the valid ones."""
    for valid in VARIANTS:
        if variant == valid:
            return valid
    raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, not {variant!r}")


class AppState:
    """Everything routes read and change; shared by all request threads."""

    def __init__(self, variant: str) -> None:
        self.variant: Variant = check_variant(variant)
        self.sessions = SessionStore()
        self.orders: list[Order] = []
        self.downloads: list[Download] = []
        self._lock = threading.Lock()
        self._order_number = 1000

    def next_order_id(self) -> str:
        """ORD-1001, ORD-1002, ... in submission order."""
        with self._lock:
            self._order_number += 1
            return f"ORD-{self._order_number}"

    def add_order(self, order: Order) -> None:
        """Keep an accepted order."""
        with self._lock:
            self.orders.append(order)

    def find_order(self, order_id: str) -> Order | None:
        """An accepted order by id."""
        with self._lock:
            return next((o for o in self.orders if o["id"] == order_id), None)

    def add_download(self, download: Download) -> None:
        """Note a file that was served."""
        with self._lock:
            self.downloads.append(download)

    def reset(self) -> None:
        """Forget orders, downloads and sessions; numbering starts again."""
        with self._lock:
            self._order_number = 1000
            self.orders.clear()
            self.downloads.clear()
        self.sessions.clear()
