"""The report request as the handler parses it: a typed ``ReportRequest`` or one 400 naming
every bad field, with the same messages as before the parse moved to the edge."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.reports.reports import ReportRequest
from chalicelib.domain.reports.requests import parse_report_request
from chalicelib.domain.shared.errors import InvalidInput

TODAY = date(2026, 11, 25)


def test_a_schedule_request_is_typed_with_its_loan_and_period():
    parsed = parse_report_request({"kind": "loan_schedule", "id": "L-1", "from": "2026-01-01",
                                   "to": "2026-11-25"}, TODAY)
    assert parsed == ReportRequest("loan_schedule", start=date(2026, 1, 1), end=TODAY,
                                   loan_id="L-1")


def test_the_simulation_keeps_only_its_inputs():
    parsed = parse_report_request({"kind": "simulation", "amount": "10000",
                                   "installment": "1.00"}, TODAY)
    assert parsed.simulation == {"amount": "10000"}


def test_every_problem_is_named_at_once_in_spanish():
    with pytest.raises(InvalidInput) as caught:
        parse_report_request({"kind": "payslips", "from": "2026-11-26", "to": "25/11/2026"},
                             TODAY)
    assert caught.value.message == "Revisa los datos del reporte."
    assert caught.value.code == "invalid_input"
    assert caught.value.fields == {
        "kind": "Use uno de: contributions, cts, loan_schedule, simulation, savings_statement.",
        "from": "La fecha no puede ser posterior a hoy.",
        "to": "Use una fecha con el formato AAAA-MM-DD."}


def test_a_period_ending_after_today_is_refused_against_the_day_given():
    request = {"kind": "cts", "to": "2026-11-26"}
    assert parse_report_request(request, date(2026, 11, 26)).end == date(2026, 11, 26)
    with pytest.raises(InvalidInput):
        parse_report_request(request, TODAY)
