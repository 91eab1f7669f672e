"""Reports for a period (issue 17): the period's checks (dates, order, today, at most 24 months)
and the savings statement's balances, with figures computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.reports import reports as rules
from chalicelib.domain.reports import statement as statements
from chalicelib.domain.shared import errors

TODAY = date(2026, 11, 25)
ANA = rules.Member("María Elena Quispe Rojas", "40000001")


def refused(payload, today=TODAY):
    with pytest.raises(errors.InvalidInput) as caught:
        rules.parse_request(payload, today)
    assert caught.value.message == "Revisa los datos del reporte."
    return caught.value.fields


# --- the period ----------------------------------------------------------------------------------


def test_a_period_of_exactly_24_months_is_accepted_and_one_day_more_is_not():
    accepted = rules.parse_request({"kind": "cts", "from": "2024-11-26", "to": "2026-11-25"},
                                   TODAY)
    assert (accepted.start, accepted.end) == (date(2024, 11, 26), TODAY)
    assert refused({"kind": "cts", "from": "2024-11-25", "to": "2026-11-25"}) == {
        "to": "El periodo no puede ser mayor a 24 meses."}


def test_a_period_without_its_end_runs_to_today_and_is_held_to_the_same_span():
    assert rules.parse_request({"kind": "contributions", "from": "2024-11-26"}, TODAY).end is None
    assert refused({"kind": "contributions", "from": "2024-11-25"}) == {
        "from": "El periodo no puede ser mayor a 24 meses."}


@pytest.mark.parametrize("payload, fields", [
    ({"kind": "cts", "from": "2026-11-02", "to": "2026-11-01"},
     {"to": "La fecha final no puede ser anterior a la inicial."}),
    ({"kind": "cts", "from": "2026-11-26"}, {"from": "La fecha no puede ser posterior a hoy."}),
    ({"kind": "contributions", "from": "2026-01-01", "to": "2026-11-26"},
     {"to": "La fecha no puede ser posterior a hoy."}),
    ({"kind": "cts", "from": "01/11/2026"}, {"from": "Use una fecha con el formato AAAA-MM-DD."}),
    ({"kind": "savings_statement", "id": "S1"},
     {"from": "Indica la fecha inicial del periodo.", "to": "Indica la fecha final del periodo."}),
    ({"kind": "savings_statement", "from": "2026-10-01", "to": "2026-10-31"},
     {"id": "Indica la cuenta de ahorros del estado de cuenta."}),
    ({"kind": "savings_statement", "id": 7, "from": "2026-10-01", "to": "2026-10-31"},
     {"id": "Identificador de cuenta no válido."}),
])
def test_a_bad_period_is_a_400_naming_the_field_in_spanish(payload, fields):
    assert refused(payload) == fields


def test_today_is_the_day_given_so_the_lima_day_decides():
    request = {"kind": "cts", "from": "2026-11-26", "to": "2026-11-26"}
    assert rules.parse_request(request, date(2026, 11, 26)).start == date(2026, 11, 26)
    assert "from" in refused(request, TODAY)


def test_a_statement_request_carries_its_account_and_not_a_loan():
    parsed = rules.parse_request({"kind": "savings_statement", "id": "S1", "from": "2026-09-01",
                                  "to": "2026-10-10"}, TODAY)
    assert parsed == rules.ReportRequest("savings_statement", start=date(2026, 9, 1),
                                         end=date(2026, 10, 10), account_id="S1")


@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 11, 26), 24, date(2026, 11, 26)), (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_months_later_keeps_the_day_or_ends_the_month(day, months, expected):
    assert rules.months_later(day, months) == expected


# --- the savings statement -----------------------------------------------------------------------


def a_move(day, amount, description="DEPÓSITO"):
    return {"id": f"M-{day}", "date": day, "description": description, "amount": amount,
            "currency": "PEN", "balance": "0.00"}  # the statement derives its own balances


MOVES = [a_move("2026-08-15", "500.00"), a_move("2026-09-01", "200.00"),
         a_move("2026-09-18", "-150.50", "RETIRO"), a_move("2026-10-10", "100.00"),
         a_move("2026-10-11", "-49.53", "RETIRO"), a_move("2026-11-05", "55.50")]


def test_opening_and_closing_come_from_the_current_balance_and_the_later_movements():
    """By hand: after the period −49.53 + 55.50 = 5.97, so closing = 3,105.97 − 5.97 =
    3,100.00; in the period 200.00 − 150.50 + 100.00 = 149.50, so opening = 3,100.00 − 149.50
    = 2,950.50; running 3,150.50 → 3,000.00 → 3,100.00 (= closing)."""
    figures = statements.statement("3105.97", list(reversed(MOVES)), date(2026, 9, 1),
                                   date(2026, 10, 10))
    assert figures.opening == Decimal("2950.50") and figures.closing == Decimal("3100.00")
    assert figures.credits == Decimal("300.00") and figures.debits == Decimal("150.50")
    assert [(line.day, line.balance) for line in figures.lines] == [
        ("2026-09-01", Decimal("3150.50")), ("2026-09-18", Decimal("3000.00")),
        ("2026-10-10", Decimal("3100.00"))]
    assert figures.opening + figures.credits - figures.debits == figures.closing


def test_a_period_without_movements_opens_and_closes_on_the_same_balance():
    figures = statements.statement("3105.97", MOVES, date(2026, 10, 12), date(2026, 11, 4))
    assert figures.lines == [] and figures.opening == figures.closing == Decimal("3050.47")


def test_the_current_balance_is_rounded_half_up_to_cents():
    assert statements.statement("10.005", [], TODAY, TODAY).closing == Decimal("10.01")


def test_the_document_prints_debits_and_credits_apart_with_the_running_balance():
    account = {"id": "S1", "masked_number": "****4501", "type": "AHORRO", "currency": "PEN",
               "balance": "3105.97", "as_of": "2026-11-25"}
    request = rules.ReportRequest("savings_statement", start=date(2026, 9, 1),
                                  end=date(2026, 10, 10), account_id="S1")
    document = statements.statement_document({"account": account, "movements": MOVES}, ANA,
                                             request, TODAY)
    assert document.title == "Estado de cuenta de ahorros"
    assert document.period == "Del 01/09/2026 al 10/10/2026"
    assert document.rows == [
        ("01/09/2026", "Saldo inicial", "", "", "S/ 2,950.50"),
        ("01/09/2026", "DEPÓSITO", "", "S/ 200.00", "S/ 3,150.50"),
        ("18/09/2026", "RETIRO", "S/ 150.50", "", "S/ 3,000.00"),
        ("10/10/2026", "DEPÓSITO", "", "S/ 100.00", "S/ 3,100.00")]
    assert document.totals == [("", "Totales del periodo (3 movimientos)", "S/ 150.50",
                                "S/ 300.00", "S/ 3,100.00")]
    assert ("Saldo inicial", "S/ 2,950.50") in document.summary
    assert ("Saldo final", "S/ 3,100.00") in document.summary
    assert sum(column.width for column in document.columns) == 190


def test_a_dollar_account_prints_dollars_and_a_debit_only_period_closes_lower():
    """By hand: nothing after the period; in it −20.00 and −5.50, so opening = 100.00 + 25.50
    = 125.50 and the running balance goes 105.50 → 100.00."""
    account = {"id": "S2", "masked_number": "****4502", "type": "AHORRO DÓLARES",
               "currency": "USD", "balance": "100.00", "as_of": "2026-11-25"}
    moves = [a_move("2026-11-02", "-20.00", "RETIRO"), a_move("2026-11-20", "-5.50", "COMISIÓN")]
    request = rules.ReportRequest("savings_statement", start=date(2026, 11, 1), end=TODAY,
                                  account_id="S2")
    document = statements.statement_document({"account": account, "movements": moves}, ANA,
                                             request, TODAY)
    assert ("Moneda", "Dólares") in document.summary
    assert document.rows[1:] == [("02/11/2026", "RETIRO", "US$ 20.00", "", "US$ 105.50"),
                                 ("20/11/2026", "COMISIÓN", "US$ 5.50", "", "US$ 100.00")]
    assert document.rows[0][-1] == "US$ 125.50"
    assert document.totals[0][2:] == ("US$ 25.50", "US$ 0.00", "US$ 100.00")
