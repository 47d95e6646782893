"""Fixed demo data: users, products and invoices.

Everything here is constant so that pages render byte-for-byte the same on every
run; tests and recorded action caches depend on that.
"""

from __future__ import annotations

from typing import Final, TypedDict

# A fixed base32 secret so tests can compute valid codes with pyotp.
TOTP_SECRET: Final = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class DemoUser(TypedDict):
    """A login the demo app accepts."""

    email: str
    password: str
    name: str
    totp: bool


DEMO_USERS: Final[tuple[DemoUser, ...]] = (
    {
        "email": "demo@example.com",
        "password": "correct-horse-battery",
        "name": "Demo User",
        "totp": False,
    },
    {
        "email": "totp@example.com",
        "password": "second-factor-pass",
        "name": "Tina Totp",
        "totp": True,
    },
)


def find_user(email: str) -> DemoUser | None:
    """Return the demo user with this email (case-insensitive), if any."""
    wanted = email.strip().lower()
    for user in DEMO_USERS:
        if user["email"] == wanted:
            return user
    return None


class Product(TypedDict):
    """One card of the product catalogue."""

    sku: str
    name: str
    description: str
    price_cents: int
    in_stock: bool


PRODUCTS: Final[tuple[Product, ...]] = (
    {
        "sku": "LAP-14",
        "name": "Aurora Laptop 14",
        "description": "Light 14-inch laptop with 16 GB of memory.",
        "price_cents": 129_900,
        "in_stock": True,
    },
    {
        "sku": "MOU-01",
        "name": "Nimbus Wireless Mouse",
        "description": "Quiet wireless mouse with a rechargeable battery.",
        "price_cents": 2_999,
        "in_stock": True,
    },
    {
        "sku": "KEY-87",
        "name": "Terra Mechanical Keyboard",
        "description": "Tenkeyless keyboard with tactile switches.",
        "price_cents": 8_950,
        "in_stock": False,
    },
    {
        "sku": "MON-27",
        "name": "Lumen 27-inch Monitor",
        "description": "27-inch 1440p monitor with a height-adjustable stand.",
        "price_cents": 34_900,
        "in_stock": True,
    },
    {
        "sku": "HP-NC",
        "name": "Echo Noise-Cancelling Headphones",
        "description": "Over-ear headphones with 30 hours of playback.",
        "price_cents": 19_995,
        "in_stock": True,
    },
    {
        "sku": "DOCK-C",
        "name": "Orbit USB-C Dock",
        "description": "Dock with two displays, Ethernet and 100 W charging.",
        "price_cents": 14_900,
        "in_stock": False,
    },
)


class LineItem(TypedDict):
    """One line of an invoice."""

    description: str
    quantity: int
    unit_cents: int


class Invoice(TypedDict):
    """An invoice; its amount is always the sum of its line items."""

    number: str
    date: str
    customer: str
    status: str
    items: tuple[LineItem, ...]


INVOICES: Final[tuple[Invoice, ...]] = (
    {
        "number": "INV-1001",
        "date": "2024-01-15",
        "customer": "Acme Corp",
        "status": "Paid",
        "items": (
            {"description": "Consulting hours", "quantity": 2, "unit_cents": 10_000},
            {"description": "Travel expenses", "quantity": 1, "unit_cents": 5_000},
        ),
    },
    {
        "number": "INV-1002",
        "date": "2024-02-03",
        "customer": "Globex Ltd",
        "status": "Paid",
        "items": (
            {"description": "Website redesign", "quantity": 1, "unit_cents": 120_000},
            {"description": "Hosting months", "quantity": 3, "unit_cents": 9_350},
        ),
    },
    {
        "number": "INV-1003",
        "date": "2024-02-28",
        "customer": "Initech",
        "status": "Due",
        "items": ({"description": "Support plan", "quantity": 1, "unit_cents": 8_999},),
    },
    {
        "number": "INV-1004",
        "date": "2024-03-12",
        "customer": "Umbrella Co",
        "status": "Overdue",
        "items": (
            {"description": "Security audit", "quantity": 1, "unit_cents": 250_000},
            {"description": "Penetration test report", "quantity": 1, "unit_cents": 70_000},
        ),
    },
    {
        "number": "INV-1005",
        "date": "2024-04-01",
        "customer": "Stark Industries",
        "status": "Due",
        "items": (
            {"description": "Hardware units", "quantity": 5, "unit_cents": 9_855},
            {"description": "Installation", "quantity": 1, "unit_cents": 12_000},
        ),
    },
)


def find_invoice(number: str) -> Invoice | None:
    """Return the invoice with this number, if any."""
    for invoice in INVOICES:
        if invoice["number"] == number:
            return invoice
    return None


def line_total_cents(item: LineItem) -> int:
    """Quantity times unit price, in cents."""
    return item["quantity"] * item["unit_cents"]


def invoice_total_cents(invoice: Invoice) -> int:
    """The invoice amount: the sum of its line totals, in cents."""
    return sum(line_total_cents(item) for item in invoice["items"])


def dollars(cents: int) -> str:
    """Format cents the way the pages show money: ``$1,299.00``."""
    return f"${cents // 100:,}.{cents % 100:02d}"


def plain_amount(cents: int) -> str:
    """Format cents for machine-readable files: ``1299.00``."""
    return f"{cents // 100}.{cents % 100:02d}"


COUNTRIES: Final = ("France", "Germany", "Spain", "United Kingdom", "United States")
SHIPPING_METHODS: Final = ("Standard", "Express")
