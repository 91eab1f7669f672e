"""«Productos del socio» (issue 17, staff tools): the read-only summary of a member's products
that the staff member working one of their cases (a ticket, a credit application) sees from the
case. Built from the same product documents and view rules as the member's own screens, so the
figures agree with what the member sees; no movements (one Query of the products is enough)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts import accounts as views
from chalicelib.domain.shared import products
from chalicelib.domain.shared.money import ZERO, money
from chalicelib.domain.shared.products import ProductDocument


def _amount(value: str | None) -> Decimal:
    return Decimal(value) if value else ZERO


def _of(docs: Sequence[ProductDocument], product: str) -> list[ProductDocument]:
    return [doc for doc in docs if doc.product == product]


def _contributions(accounts: Sequence[ProductDocument]) -> dict[str, str] | None:
    """Aportes in soles, summed over the member's accounts as «Aportes» does; None without
    any."""
    if not accounts:
        return None
    return {"currency": "PEN",
            "balance": money(sum((_amount(a.data["balance"]) for a in accounts), ZERO)),
            "monthly_fee": money(sum((_amount(a.data["monthly_fee"]) for a in accounts),
                                     ZERO))}


def _family_benefit(plans: Sequence[ProductDocument]) -> dict[str, Any] | None:
    if not plans:
        return None
    view = views.family_benefit_view(plans[0])
    return {"status": view["status"], "monthly_fee": view["monthly_fee"],
            "pending_installments": view["pending_installments"],
            "holder_death_amount": view["holder_death_amount"],
            "beneficiaries": len(view["beneficiaries"])}


def _loans(loans: Sequence[ProductDocument], today: date) -> list[dict[str, Any]]:
    """The active loans, then those the core system closed (cancelled, written off; newest
    first): a credit officer weighs the member's credit history too. Each carries ``status``."""
    view = views.loans_view(loans, today)
    return [*view["items"], *view["closed"]]


def case_products_view(docs: Sequence[ProductDocument], today: date) -> dict[str, Any]:
    """Every active product of the member, one list per kind (empty when they have none), and
    the closed loans after the active ones; the totals «Inicio» shows (active products only) and
    the data's cut-off (``as_of``)."""
    cut_off = views.data_cut_off(docs)
    return {
        "as_of": cut_off.isoformat() if cut_off else None,
        "totals": views.dashboard_totals(docs),
        "contributions": _contributions(_of(docs, products.CONTRIBUTIONS)),
        "savings": views.savings_view(_of(docs, products.SAVINGS))["items"],
        "fixed_deposits": views.fixed_deposits_view(_of(docs, products.FIXED_DEPOSITS))["items"],
        "cts": views.cts_view(_of(docs, products.CTS), [])["items"],
        "loans": _loans(_of(docs, products.LOANS), today),
        "family_benefit": _family_benefit(_of(docs, products.FAMILY_BENEFIT)),
    }
