"""Reports for a period (issue 17) through the API: a PDF lists only the period's movements and
prints the period; the savings statement («Estado de cuenta de ahorros») opens and closes on
balances derived from the account's current balance; another member's account is the same 404
as any foreign product; the public check names the kind and the period."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from tests.functional.accounts_builders import load, travel_to_lima_noon
from tests.functional.builders import a_user, signed_in
from tests.functional.test_reports_api import stored_pdf
from tests.product_rows import a_contributions_row, a_movement_row, a_savings_row

ANA, BETO = "40000001", "40000002"
TODAY = "2026-11-25"
MOVES = [("2026-08-15", "500.00", "2950.50", "DEPÓSITO AGOSTO"),
         ("2026-09-01", "200.00", "3150.50", "DEPÓSITO SETIEMBRE"),
         ("2026-09-18", "-150.50", "3000.00", "RETIRO CAJERO"),
         ("2026-10-10", "100.00", "3100.00", "DEPÓSITO OCTUBRE"),
         ("2026-10-11", "-49.53", "3050.47", "RETIRO DESPUÉS"),
         ("2026-11-05", "55.50", "3105.97", "DEPÓSITO NOVIEMBRE")]
"""The account ends on 3,105.97; by hand the period 01/09–10/10 opens on 2,950.50 and closes
on 3,100.00 (see tests/unit/test_report_periods.py)."""


def give_savings(dni: str) -> None:
    suffix = dni[-6:]
    load("savings", [a_savings_row(dni),
                     a_savings_row(dni, account_number=f"0011{suffix}02", currency="USD",
                                   type="AHORRO DÓLARES", balance="10.00")])
    load("contributions", [a_contributions_row(dni)])
    rows = [a_movement_row(dni, f"{dni}-S-{n}", date=day, amount=amount, balance=balance,
                           description=text) for n, (day, amount, balance, text)
            in enumerate(MOVES)]
    rows.append(a_movement_row(dni, f"{dni}-U-1", product_number=f"0011{suffix}02",
                               date="2026-09-20", amount="10.00", balance="10.00",
                               currency="USD", description="DEPÓSITO OTRA CUENTA"))
    rows += [a_movement_row(dni, f"{dni}-A-{n}", product="contributions",
                            product_number=f"03{dni}", date=day, amount="50.00",
                            balance=balance, description=f"APORTE {day}")
             for n, (day, balance) in enumerate([("2026-06-20", "4750.00"),
                                                 ("2026-09-20", "4800.00"),
                                                 ("2026-11-20", "4850.00")])]
    load("movements", rows)


def a_member(api, dni: str):
    return signed_in(api, a_user(Role.MEMBER, dni=dni, first_name="María Elena",
                                 last_name="Quispe Rojas"))


@pytest.fixture
def ana(api, time_machine):
    travel_to_lima_noon(time_machine, TODAY)
    give_savings(ANA)
    return a_member(api, ANA)


def soles_account(member) -> str:
    items = member.get("/api/accounts/savings").json["items"]
    return next(item["id"] for item in items if item["currency"] == "PEN")


def a_statement(member, account_id, start="2026-09-01", end="2026-10-10"):
    return member.post("/api/reports", {"kind": "savings_statement", "id": account_id,
                                        "from": start, "to": end})


def test_a_contributions_pdf_for_a_period_lists_only_its_movements(ana):
    answer = ana.post("/api/reports", {"kind": "contributions", "from": "2026-07-01",
                                       "to": "2026-10-31"})
    _, text = stored_pdf(answer)
    assert "Del 01/07/2026 al 31/10/2026" in text
    assert "APORTE 2026-09-20" in text
    assert "APORTE 2026-06-20" not in text and "APORTE 2026-11-20" not in text
    assert "Total del periodo (1 movimientos)" in text


def test_the_savings_statement_opens_and_closes_on_derived_balances(ana):
    answer = a_statement(ana, soles_account(ana))
    assert answer.json["file_name"] == "estado-cuenta-ahorros-2026-11-25.pdf"
    _, text = stored_pdf(answer)
    for expected in ("Estado de cuenta de ahorros", "María Elena Quispe Rojas",
                     "Periodo: Del 01/09/2026 al 10/10/2026", "Saldo inicial: S/ 2,950.50",
                     "Total abonos: S/ 300.00", "Total cargos: S/ 150.50",
                     "Saldo final: S/ 3,100.00", "Cargo", "Abono",
                     "01/09/2026 DEPÓSITO SETIEMBRE S/ 200.00 S/ 3,150.50",
                     "18/09/2026 RETIRO CAJERO S/ 150.50 S/ 3,000.00",
                     "10/10/2026 DEPÓSITO OCTUBRE S/ 100.00 S/ 3,100.00",
                     "Totales del periodo (3 movimientos) S/ 150.50 S/ 300.00 S/ 3,100.00"):
        assert expected in text, expected
    for outside in ("DEPÓSITO AGOSTO", "RETIRO DESPUÉS", "DEPÓSITO NOVIEMBRE",
                    "DEPÓSITO OTRA CUENTA", "APORTE"):
        assert outside not in text, outside


def test_another_members_account_is_the_same_404_as_a_missing_one(ana, another_api):
    beto = a_member(another_api, BETO)
    give_savings(BETO)
    betos = soles_account(beto)
    foreign, missing = a_statement(ana, betos), a_statement(ana, "S" + "0" * 20)
    assert foreign.status == missing.status == 404
    assert foreign.json == missing.json
    assert a_statement(ana, "../x").json == missing.json


@pytest.mark.parametrize("body, field, message", [
    ({"from": "2024-11-25", "to": "2026-11-25"}, "to",
     "El periodo no puede ser mayor a 24 meses."),
    ({"from": "2026-10-01", "to": "2026-09-01"}, "to",
     "La fecha final no puede ser anterior a la inicial."),
    ({"from": "2026-10-01", "to": "2026-11-26"}, "to", "La fecha no puede ser posterior a hoy."),
    ({"to": "2026-11-01"}, "from", "Indica la fecha inicial del periodo."),
])
def test_a_bad_period_is_a_400_in_spanish(ana, body, field, message):
    answer = ana.post("/api/reports", {"kind": "savings_statement",
                                       "id": soles_account(ana), **body})
    assert answer.status == 400
    assert answer.json["error"]["fields"] == {field: message}


def test_the_public_check_names_the_statement_and_its_period(ana, another_api):
    code = a_statement(ana, soles_account(ana)).json["verification"]
    checked = another_api.post("/api/reports/verify", {"code": code})
    assert checked.status == 200, checked.body
    assert checked.json["kind"] == "savings_statement"
    assert checked.json["kind_label"] == "Estado de cuenta de ahorros"
    assert checked.json["period"] == "Del 01/09/2026 al 10/10/2026"
    assert checked.json["holder"] == {"name": "M*** E*** Q*** R***", "dni": "****0001"}
    schedule_code = ana.post("/api/reports", {"kind": "contributions", "from": "2026-10-01"}) \
        .json["verification"]
    assert another_api.post("/api/reports/verify", {"code": schedule_code}).json["period"] == \
        "Desde el 01/10/2026"
