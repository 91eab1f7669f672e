"""Use cases of «Mis productos»: each reads the signed-in member's own partition (the DNI comes
from the session, never from the request) with one Query — the dashboard with two — and builds
the view with the domain's rules. A product id that is not the member's is not found (404)."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.accounts import accounts as views
from chalicelib.domain.shared import errors, products
from chalicelib.store.accounts import member_products as store


def _not_found() -> errors.NotFound:
    return errors.NotFound("El producto solicitado no existe.", code="not_found")


def dashboard(dni: str, today: date) -> dict[str, Any]:
    """Query 1: the member's products; Query 2: the movements of the chart's 12 months (they
    end at the products' cut-off, so the window follows from Query 1)."""
    docs = store.products_of(dni)
    movements = store.movements_since(dni, views.evolution_window_start(docs, today))
    return views.dashboard_view(docs, movements, today)


def contributions(dni: str, today: date) -> dict[str, Any]:
    page = store.account_with_movements(dni, products.CONTRIBUTIONS)
    return views.contributions_view(page.accounts, page.movements, today)


def savings(dni: str) -> dict[str, Any]:
    return views.savings_view(store.products_of(dni, products.SAVINGS))


def savings_export(dni: str) -> str:
    return views.savings_csv(savings(dni))


def savings_movements(dni: str, account_id: str, page: views.PageRequest) -> dict[str, Any]:
    """One account's movements, newest first; the first page also proves the account is the
    member's (its item comes first in the same Query)."""
    if not _plausible_id(account_id):
        raise _not_found()
    result = store.account_with_movements(dni, products.SAVINGS, account_id,
                                          limit=page.limit, cursor=page.cursor)
    account = next((doc for doc in result.accounts if doc.product_id == account_id), None)
    if account is None and page.cursor is None:
        raise _not_found()
    return {"account": views.savings_item(account) if account else None,
            "items": [views.movement_view(m) for m in result.movements],
            "next_cursor": result.next_cursor}


def savings_account(dni: str, account_id: str) -> dict[str, Any]:
    """One savings account and all its movements (the statement's source), by one Query on
    ``by_product`` filtered on the account; an id that is not one of the member's is the same
    404 as any other product's."""
    if not _plausible_id(account_id):
        raise _not_found()
    result = store.account_with_movements(dni, products.SAVINGS, account_id)
    account = next((doc for doc in result.accounts if doc.product_id == account_id), None)
    if account is None:
        raise _not_found()
    return {"account": views.savings_item(account),
            "movements": [views.movement_view(m) for m in result.movements]}


def fixed_deposits(dni: str) -> dict[str, Any]:
    return views.fixed_deposits_view(store.products_of(dni, products.FIXED_DEPOSITS))


def movements(dni: str, query: views.MovementQuery) -> dict[str, Any]:
    page = store.movements_page(
        dni, start=query.start.isoformat() if query.start else None,
        end=query.end.isoformat() if query.end else None, product=query.product,
        limit=query.page.limit, cursor=query.page.cursor)
    return {"items": [views.movement_view(m) for m in page.movements],
            "next_cursor": page.next_cursor}


def loans(dni: str, today: date) -> dict[str, Any]:
    return views.loans_view(store.products_of(dni, products.LOANS), today)


def loan(dni: str, loan_id: str, today: date) -> dict[str, Any]:
    doc = store.product_of(dni, products.LOANS, loan_id) if _plausible_id(loan_id) else None
    if doc is None:
        raise _not_found()
    return views.loan_detail(doc, today)


def family_benefit(dni: str) -> dict[str, Any]:
    plans = store.products_of(dni, products.FAMILY_BENEFIT)
    return views.family_benefit_view(plans[0] if plans else None)


def cts(dni: str) -> dict[str, Any]:
    page = store.account_with_movements(dni, products.CTS)
    return views.cts_view(page.accounts, page.movements)


def _plausible_id(product_id: str) -> bool:
    return len(product_id) <= 64 and product_id.isalnum()
