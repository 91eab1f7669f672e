"""«Activos» answers count active products only; closed ones come apart, with their status and
closing date, for the screens' «Historial» (docs/imports.md, "Product status")."""

from __future__ import annotations

import pytest

from tests.functional.accounts_builders import a_member_session, load, travel_to_lima_noon
from tests.functional.test_accounts_api import ANA, give_products
from tests.product_rows import a_contributions_row, a_cts_row, a_loan, a_savings_row

PAID_OFF = "0219999990001"


@pytest.fixture
def ana_with_history(api, time_machine):
    """Ana's products of test_accounts_api, plus a paid-off loan, a closed savings account, a
    closed CTS deposit and a closed contributions account, all stated by the core system."""
    travel_to_lima_noon(time_machine, "2026-11-25")
    give_products(ANA)
    load("loans", [{**row, "loan_status": "cancelado"}
                   for row in a_loan(ANA, number=PAID_OFF, installments=3, paid=3,
                                     amount="900.00")])
    load("savings", [a_savings_row(ANA, account_number="001100009999", balance="0.00",
                                   status="cerrado")])
    load("cts", [a_cts_row(ANA, account_number="0700009999", balance="800.00",
                           available_to_withdraw="0.00", status="cerrado")])
    load("contributions", [a_contributions_row(ANA, account_number="0399999999",
                                               balance="15.00", status="cerrado")])
    return a_member_session(api, ANA)


def test_the_dashboard_totals_and_loans_are_the_active_products_only(ana_with_history):
    body = ana_with_history.get("/api/accounts/dashboard").json
    assert body["totals"] == {
        "contributions": "4850.00", "savings_pen": "3105.97", "savings_usd": "120.50",
        "fixed_deposits_pen": "10000.00", "fixed_deposits_usd": "0.00", "cts_pen": "12480.50",
        "cts_usd": "0.00", "loans_balance": "500.00", "loans_balance_usd": "0.00"}
    assert [loan["number"] for loan in body["loans"]] == ["0210000010001"]
    assert body["evolution"][-1]["cts"] == "12480.50"


def test_the_paid_off_loan_is_in_the_history_not_among_the_active(ana_with_history):
    loans = ana_with_history.get("/api/accounts/loans").json
    assert [item["number"] for item in loans["items"]] == ["0210000010001"]
    assert loans["items"][0]["status"] == "vigente" and loans["items"][0]["closed_on"] is None
    assert loans["summary"]["count"] == 1 and loans["summary"]["balance"] == "500.00"
    [closed] = loans["closed"]
    assert (closed["number"], closed["status"], closed["closed_on"]) == (
        PAID_OFF, "cancelado", "2026-11-25")
    assert closed["next_due"] is None and closed["overdue"] is None
    detail = ana_with_history.get(f"/api/accounts/loans/{closed['id']}").json
    assert detail["status"] == "cancelado" and len(detail["schedule"]) == 3


def test_each_account_view_puts_closed_accounts_apart(ana_with_history):
    savings = ana_with_history.get("/api/accounts/savings").json
    assert savings["totals"] == {"PEN": "3105.97", "USD": "120.50"}
    assert len(savings["items"]) == 2
    assert [(c["masked_number"], c["status"], c["closed_on"]) for c in savings["closed"]] == [
        ("XXXXXXXX9999", "cerrado", "2026-11-25")]
    assert "9999" not in ana_with_history.get("/api/accounts/savings/export").body.decode()

    cts = ana_with_history.get("/api/accounts/cts").json
    assert cts["totals"]["PEN"] == "12480.50" and len(cts["items"]) == 1
    assert [c["status"] for c in cts["closed"]] == ["cerrado"]

    contributions = ana_with_history.get("/api/accounts/contributions").json
    assert contributions["balance"] == "4850.00"
    assert contributions["history"][-1]["balance"] == "4850.00"
    assert [(c["balance"], c["status"]) for c in contributions["closed"]] == [
        ("15.00", "cerrado")]


def test_a_matured_deposit_is_history_and_not_in_the_totals(ana_with_history):
    deposits = ana_with_history.get("/api/accounts/fixed-deposits").json
    assert [item["status"] for item in deposits["items"]] == ["active"]
    assert deposits["totals"]["PEN"] == "10000.00"
    assert [(c["status"], c["closed_on"]) for c in deposits["closed"]] == [
        ("matured", "2026-11-25")]
