"""Pure rules of the PDF reports: the request, the period, the totals and the file name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.reports import reports as rules
from chalicelib.domain.shared import errors

TODAY = date(2026, 11, 25)
ANA = rules.Member("María Elena Quispe Rojas", "40000001")


def refused_fields(payload):
    with pytest.raises(errors.InvalidInput) as caught:
        rules.parse_request(payload, TODAY)
    return caught.value.fields


def a_movement(day, amount, balance, currency="PEN", movement_id=None):
    return {"id": movement_id or day, "date": day, "description": "APORTE MENSUAL",
            "amount": amount, "currency": currency, "balance": balance}


def test_a_period_within_the_past_is_accepted():
    request = rules.parse_request({"kind": "contributions", "from": "2026-01-01",
                                   "to": "2026-11-25"}, TODAY)
    assert (request.start, request.end) == (date(2026, 1, 1), TODAY)


@pytest.mark.parametrize("payload, field", [
    ({"kind": "payslips"}, "kind"),
    ({}, "kind"),
    ({"kind": "cts", "from": "25/11/2026"}, "from"),
    ({"kind": "cts", "from": "20261125"}, "from"),
    ({"kind": "cts", "to": "2026-02-30"}, "to"),
    ({"kind": "cts", "from": 20261125}, "from"),
    ({"kind": "cts", "from": "2026-11-01", "to": "2026-10-01"}, "to"),
    ({"kind": "cts", "from": "1901-01-01"}, "from"),
    ({"kind": "cts", "to": "2026-11-26"}, "to"),
    ({"kind": "loan_schedule"}, "id"),
    ({"kind": "loan_schedule", "id": 12}, "id"),
    ({"kind": "loan_schedule", "id": "x" * 65}, "id"),
    ({"kind": "simulation", "simulation": "10000"}, "simulation"),
])
def test_bad_requests_name_the_field(payload, field):
    assert field in refused_fields(payload)


def test_simulation_inputs_are_taken_nested_or_at_the_top_and_figures_are_dropped():
    inputs = {"product_code": "CONSUMO", "amount": "10000", "term_months": 12,
              "payment_method": "planilla"}
    nested = rules.parse_request({"kind": "simulation", "simulation": {
        **inputs, "installment": "1.00"}}, TODAY)
    top = rules.parse_request({"kind": "simulation", **inputs, "total_payable": "5"}, TODAY)
    assert nested.simulation == top.simulation == inputs


def test_amounts_read_as_soles_with_thousands_and_two_decimals():
    assert rules.amount_text("1234.5") == "S/ 1,234.50"
    assert rules.amount_text(Decimal("-50")) == "-S/ 50.00"
    assert rules.amount_text("120.5", "USD") == "US$ 120.50"


def test_the_period_keeps_only_its_movements_oldest_first():
    movements = [a_movement("2026-11-20", "50.00", "4850.00"),
                 a_movement("2026-10-20", "50.00", "4800.00"),
                 a_movement("2026-09-20", "50.00", "4750.00")]
    chosen = rules.in_period(movements, date(2026, 10, 1), date(2026, 11, 30))
    assert [m["date"] for m in chosen] == ["2026-10-20", "2026-11-20"]


def test_totals_sum_the_period_and_close_on_its_last_balance():
    view = {"balance": "4850.00", "monthly_fee": "50.00",
            "account": {"masked_number": "XXXX0001", "as_of": "2026-11-25"},
            "movements": [a_movement("2026-11-20", "1000.25", "4850.00"),
                          a_movement("2026-10-20", "-150.25", "3849.75"),
                          a_movement("2026-09-20", "50.00", "4000.00")]}
    request = rules.ReportRequest("contributions", start=date(2026, 10, 1))
    document = rules.contributions_document(view, ANA, request, TODAY)
    assert document.rows[0] == ("20/10/2026", "APORTE MENSUAL", "-S/ 150.25", "S/ 3,849.75")
    assert document.totals == [("", "Total del periodo (2 movimientos)", "S/ 850.00",
                                "S/ 4,850.00")]
    assert document.period == "Desde el 01/10/2026"


def test_a_schedule_totals_each_money_column():
    loan = {"currency": "PEN", "disbursed_on": "2026-01-05", "as_of": "2026-11-25",
            "product": "PTMO. EDUCATIVO", "number": "0210001", "original_amount": "1000.00",
            "balance": "500.00", "annual_rate": "0.1350", "installments_paid": 1,
            "installments_total": 2,
            "schedule": [{"n": 1, "due_date": "2026-02-05", "principal": "500.00",
                          "interest": "11.25", "insurance": "1.00", "total": "512.25",
                          "balance": "500.00", "status": "paid"},
                         {"n": 2, "due_date": "2026-03-05", "principal": "500.00",
                          "interest": "5.63", "insurance": "1.00", "total": "506.63",
                          "balance": "0.00", "status": "overdue"}]}
    document = rules.loan_schedule_document(loan, ANA, TODAY)
    assert document.rows[1][1] == "Cuota 2 de 2"
    assert document.rows[1][-1] == "Vencida"  # its own column: the description is never cut
    assert [column.title for column in document.columns][-1] == "Estado"
    assert sum(column.width for column in document.columns) == \
        sum(column.width for column in rules.SCHEDULE_COLUMNS)  # the same page width
    assert all(len(row) == len(document.columns) for row in [*document.rows, *document.totals])
    assert document.totals == [("", "Totales", "S/ 1,000.00", "S/ 16.88", "S/ 2.00",
                                "S/ 1,018.88", "", "")]
    assert ("Tasa efectiva anual", "13.50%") in document.summary


def test_every_file_name_is_plain_ascii_so_phone_download_managers_keep_it():
    names = [rules.file_name(kind, TODAY) for kind in rules.FILE_STEMS]
    assert "reporte-aportes-2026-11-25.pdf" in names
    assert "cronograma-prestamo-2026-11-25.pdf" in names
    assert "simulacion-credito-2026-11-25.pdf" in names
    assert all(name.isascii() and rules.ascii_name(name) == name for name in names)


def test_a_name_with_accents_still_travels_with_an_ascii_fallback_and_rfc5987_name():
    assert rules.content_disposition("simulación-crédito.pdf") == (
        'attachment; filename="simulacion-credito.pdf"; '
        "filename*=UTF-8''simulaci%C3%B3n-cr%C3%A9dito.pdf")


def test_the_object_key_is_opaque_dated_and_never_names_the_member():
    key = rules.object_key(TODAY, "0f" * 16)
    assert key == f"reports/2026/11/{'0f' * 16}.pdf"
    assert ANA.dni not in key and "Quispe" not in key
