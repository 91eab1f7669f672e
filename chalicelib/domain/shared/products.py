"""A member's products and movements as the portal stores them (one document each): written by
the import, read by the accounts views and the reports.

A product document is everything the views need about one product, written as one item: a loan
with its whole schedule, a family benefit plan with all its beneficiaries. That is how a product
is never half-written. Money inside ``data`` is text (``"3105.97"``), rates ``"0.1350"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.domain.shared.money import to_cents

CONTRIBUTIONS = "contributions"
SAVINGS = "savings"
FIXED_DEPOSITS = "fixed_deposits"
LOANS = "loans"
CTS = "cts"
FAMILY_BENEFIT = "family_benefit"

MOVEMENT_PRODUCTS: tuple[str, ...] = (CONTRIBUTIONS, SAVINGS, FIXED_DEPOSITS, LOANS, CTS)
"""Products whose balance moves; a movement names one of them."""

ACCOUNT_VIEW_PRODUCTS = frozenset({CONTRIBUTIONS, SAVINGS, CTS})
"""Products whose view shows the account together with its movements (one index Query)."""


@dataclass(frozen=True)
class ProductDocument:
    dni: str
    product: str
    product_id: str
    data: dict[str, Any]


@dataclass(frozen=True)
class MovementDocument:
    dni: str
    movement_id: str
    date: str
    product: str
    product_id: str
    data: dict[str, Any]


def product_id(product: str, number: str) -> str:
    """The product's id in the API: derived from its core-system number, never showing it.

    Stable across imports (re-running a file rewrites the same item) and the same for the
    product's own row and for its movements, which name the product by number.
    """
    return hashlib.sha256(f"{product}:{number}".encode()).hexdigest()[:16]


def masked(number: str, visible: int = 4) -> str:
    """``0010123456789`` → ``XXXXXXXXX6789`` (the manual's X): enough to tell accounts apart."""
    shown = number[-visible:] if len(number) > visible else ""
    return "X" * (len(number) - len(shown)) + shown


MONTHS_PER_YEAR = 12


def family_benefit_annual_payment(monthly_fee: Decimal) -> Decimal:
    """«Pago anual» of a family benefit plan: twelve monthly fees, rounded half-up to cents
    (S/ 30.00 a month → S/ 360.00 a year). The import refuses a plan whose ``annual_payment``
    differs (``product_rows.check_family_benefit_row``) and the view shows this figure."""
    if not isinstance(monthly_fee, Decimal):
        raise TypeError("monthly_fee must be a Decimal")
    return to_cents(monthly_fee * MONTHS_PER_YEAR)
