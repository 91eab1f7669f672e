"""The member's money through the API (docs/design/API.md ``accounts``): own data only, from the
session's DNI; another member's ids are 404; staff are 403; views agree on the totals."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.shared.permissions import Role
from tests.functional.accounts_builders import (
    a_member_session,
    a_staff_session,
    load,
    travel_to_lima_noon,
)
from tests.product_rows import (
    a_contributions_row,
    a_cts_row,
    a_family_plan,
    a_fixed_deposit_row,
    a_loan,
    a_movement_row,
    a_savings_row,
)

ANA, BETO = "40000001", "40000002"
MEMBER_VIEWS = ["/api/accounts/dashboard", "/api/accounts/contributions",
                "/api/accounts/savings", "/api/accounts/savings/export",
                "/api/accounts/savings/abc123/movements", "/api/accounts/fixed-deposits",
                "/api/accounts/movements", "/api/accounts/loans", "/api/accounts/loans/abc123",
                "/api/accounts/family-benefit", "/api/accounts/cts"]


def give_products(dni: str, *, savings_balance: str = "3105.97") -> None:
    suffix = dni[-6:]
    load("contributions", [a_contributions_row(dni)])
    load("savings", [a_savings_row(dni, balance=savings_balance),
                     a_savings_row(dni, account_number=f"0011{suffix}02", currency="USD",
                                   balance="120.50", type="AHORRO DÓLARES")])
    load("fixed_deposits", [a_fixed_deposit_row(dni),
                            a_fixed_deposit_row(dni, certificate=f"05{suffix}02",
                                                status="matured", matures_on="2026-09-01",
                                                opened_on="2026-03-05")])
    load("loans", a_loan(dni, number=f"021{suffix}0001", installments=4, paid=2))
    load("cts", [a_cts_row(dni)])
    load("family_benefit", a_family_plan(dni))
    load("movements", [
        a_movement_row(dni, f"{dni}-S-1", date="2026-09-10", amount="200.00",
                       balance="3005.97"),
        a_movement_row(dni, f"{dni}-S-2", date="2026-10-03", amount="100.00",
                       balance=savings_balance),
        a_movement_row(dni, f"{dni}-A-1", product="contributions", product_number=f"03{dni}",
                       date="2026-10-20", amount="50.00", balance="4800.00",
                       description="APORTE MENSUAL"),
        a_movement_row(dni, f"{dni}-A-2", product="contributions", product_number=f"03{dni}",
                       date="2026-11-20", amount="50.00", balance="4850.00",
                       description="APORTE MENSUAL"),
        a_movement_row(dni, f"{dni}-C-1", product="cts", product_number=f"07{suffix}01",
                       date="2026-11-14", amount="2150.00", balance="12480.50",
                       description="DEPÓSITO CTS"),
    ])


@pytest.fixture
def ana(api, time_machine):
    travel_to_lima_noon(time_machine, "2026-11-25")
    give_products(ANA)
    return a_member_session(api, ANA)


def test_the_dashboard_shows_totals_evolution_recent_movements_and_loans(ana):
    answer = ana.get("/api/accounts/dashboard")
    assert answer.status == 200
    body = answer.json
    assert body["as_of"] == "2026-11-25"
    assert body["totals"] == {
        "contributions": "4850.00", "savings_pen": "3105.97", "savings_usd": "120.50",
        "fixed_deposits_pen": "10000.00", "fixed_deposits_usd": "0.00", "cts_pen": "12480.50",
        "cts_usd": "0.00", "loans_balance": "500.00", "loans_balance_usd": "0.00"}
    assert [point["month"] for point in body["evolution"]][-2:] == ["2026-10", "2026-11"]
    assert len(body["evolution"]) == 12
    assert body["evolution"][-1]["savings"] == "3105.97"
    assert body["evolution"][-3]["savings"] == "3005.97"  # end of September
    assert [m["id"] for m in body["recent_movements"]][:2] == [f"{ANA}-A-2", f"{ANA}-C-1"]
    assert body["loans"][0] | {"id": "-"} == {
        "id": "-", "number": "0210000010001", "product": "AMPLIACION PTMO. EDUCATIVO",
        "currency": "PEN", "balance": "500.00", "paid_installments": 2,
        "total_installments": 4, "progress_pct": 50,
        "overdue": {"count": 2, "amount": "507.50", "oldest_due_date": "2026-10-19"}}


def test_every_view_answers_with_the_named_fields(ana):
    contributions = ana.get("/api/accounts/contributions").json
    assert (contributions["balance"], contributions["monthly_fee"]) == ("4850.00", "50.00")
    assert [m["amount"] for m in contributions["movements"]] == ["50.00", "50.00"]
    assert contributions["history"][-1] == {"month": "2026-11", "balance": "4850.00"}
    assert contributions["history"][-2] == {"month": "2026-10", "balance": "4800.00"}

    savings = ana.get("/api/accounts/savings").json
    assert savings["totals"] == {"PEN": "3105.97", "USD": "120.50"}
    first = savings["items"][0]
    assert first | {"id": "-"} == {
        "id": "-", "masked_number": "XXXXXXXX0101", "type": "AHORRO", "currency": "PEN",
        "balance": "3105.97", "rate": "0.0100", "opened_on": "2016-12-05",
        "last_movement_on": "2026-10-03", "as_of": "2026-11-25", "status": "activo",
        "closed_on": None}

    deposits = ana.get("/api/accounts/fixed-deposits").json
    active = next(item for item in deposits["items"] if item["status"] == "active")
    assert (active["principal"], active["rate"], active["term_days"],
            active["interest_accrued"], active["interest_at_maturity"]) == (
        "10000.00", "0.0550", 360, "406.12", "550.00")

    cts = ana.get("/api/accounts/cts").json
    assert cts["items"][0]["available_to_withdraw"] == "3744.15"
    assert cts["items"][0]["intangible"] == "8736.35"
    assert [m["id"] for m in cts["movements"]] == [f"{ANA}-C-1"]

    family = ana.get("/api/accounts/family-benefit").json
    assert (family["monthly_fee"], family["annual_payment"], family["pending_installments"],
            family["status"], family["holder_death_amount"],
            family["beneficiary_death_amount"]) == ("30.00", "360.00", 9, "active", "6000.00",
                                                    "6000.00")
    assert sum(Decimal(b["percentage"]) for b in family["beneficiaries"]) == 100


def test_a_loan_shows_its_card_and_its_schedule_with_paid_pending_and_overdue(ana):
    loans = ana.get("/api/accounts/loans").json
    assert loans["summary"] | {"by_product": None} == {
        "count": 1, "balance": "500.00", "original_amount": "1000.00", "balance_usd": "0.00",
        "original_amount_usd": "0.00", "by_product": None}
    card = loans["items"][0]
    # due 08-20, 09-19, 10-19 (unpaid: overdue on 11-25), 11-18 (unpaid: overdue)
    assert (card["installments_total"], card["installments_paid"],
            card["installments_overdue"], card["installments_pending"],
            card["progress_pct"], card["annual_rate"]) == (4, 2, 2, 0, 50, "0.1350")
    assert card["next_due"] is None  # every unpaid installment is overdue: none is «próxima»
    assert card["overdue"] == {"count": 2, "amount": "507.50", "oldest_due_date": "2026-10-19"}

    detail = ana.get(f"/api/accounts/loans/{card['id']}").json
    assert [row["status"] for row in detail["schedule"]] == ["paid", "paid", "overdue",
                                                             "overdue"]
    assert sum(Decimal(row["total"]) for row in detail["schedule"][2:]) == Decimal("507.50")
    assert set(detail["schedule"][0]) == {"n", "due_date", "principal", "interest", "insurance",
                                          "total", "balance", "status"}


def test_an_installment_not_yet_due_is_pending(api, time_machine):
    travel_to_lima_noon(time_machine, "2026-11-25")
    load("loans", a_loan(ANA, installments=4, paid=1, first_due=date(2026, 10, 20)))
    member = a_member_session(api, ANA)
    [card] = member.get("/api/accounts/loans").json["items"]
    assert (card["installments_paid"], card["installments_overdue"],
            card["installments_pending"]) == (1, 1, 2)


def test_the_dashboard_evolution_ends_at_the_data_cut_off_not_today(api, time_machine):
    travel_to_lima_noon(time_machine, "2026-11-05")  # the core system's export of October
    load("savings", [a_savings_row(BETO, balance="950.00", as_of="2026-10-31",
                                   last_movement_on="2026-10-05")])
    # the 50.00 of interest between them is no movement: only reading November 2025's gives 700
    load("movements", [
        a_movement_row(BETO, f"{BETO}-S-0", date="2025-11-15", amount="100.00", balance="700.00"),
        a_movement_row(BETO, f"{BETO}-S-1", date="2026-10-05", amount="200.00", balance="950.00")])
    travel_to_lima_noon(time_machine, "2027-01-12")  # no export since
    body = a_member_session(api, BETO).get("/api/accounts/dashboard").json
    months = [point["month"] for point in body["evolution"]]
    assert (len(months), months[0], months[-1]) == (12, "2025-11", "2026-10")
    assert [point["savings"] for point in body["evolution"]] == ["700.00"] * 11 + ["950.00"]
    assert body["as_of"] == "2026-10-31"


def test_the_dashboard_totals_agree_with_each_product_view(ana):
    totals = ana.get("/api/accounts/dashboard").json["totals"]
    savings = ana.get("/api/accounts/savings").json["totals"]
    deposits = ana.get("/api/accounts/fixed-deposits").json["totals"]
    cts = ana.get("/api/accounts/cts").json["totals"]
    loans = ana.get("/api/accounts/loans").json["summary"]
    contributions = ana.get("/api/accounts/contributions").json
    assert (totals["savings_pen"], totals["savings_usd"]) == (savings["PEN"], savings["USD"])
    assert (totals["fixed_deposits_pen"], totals["fixed_deposits_usd"]) == (
        deposits["PEN"], deposits["USD"])
    assert (totals["cts_pen"], totals["cts_usd"]) == (cts["PEN"], cts["USD"])
    assert totals["loans_balance"] == loans["balance"]
    assert totals["contributions"] == contributions["balance"]


def test_all_movements_are_newest_first_filtered_and_paged(ana):
    page = ana.get("/api/accounts/movements?limit=2").json
    assert [m["date"] for m in page["items"]] == ["2026-11-20", "2026-11-14"]
    seen = [m["id"] for m in page["items"]]
    while page["next_cursor"]:
        page = ana.get(f"/api/accounts/movements?limit=2&cursor={page['next_cursor']}").json
        seen += [m["id"] for m in page["items"]]
    assert len(seen) == len(set(seen)) == 5

    october = ana.get("/api/accounts/movements?from=2026-10-01&to=2026-10-31").json
    assert [m["id"] for m in october["items"]] == [f"{ANA}-A-1", f"{ANA}-S-2"]
    savings = ana.get("/api/accounts/movements?product=savings&limit=1").json
    assert [m["id"] for m in savings["items"]] == [f"{ANA}-S-2"]
    rest = ana.get(f"/api/accounts/movements?product=savings&limit=1"
                   f"&cursor={savings['next_cursor']}").json
    assert [m["id"] for m in rest["items"]] == [f"{ANA}-S-1"] and rest["next_cursor"] is None


@pytest.mark.parametrize("query, fields", [
    ("from=2026-02-30", {"from"}),
    ("from=2026-10-01&to=2026-09-01", {"to"}),
    ("product=jewels&limit=500", {"product", "limit"}),
    ("cursor=not-a-cursor", {"cursor"}),
])
def test_bad_movement_filters_are_a_400_naming_the_fields(ana, query, fields):
    answer = ana.get(f"/api/accounts/movements?{query}")
    assert answer.status == 400
    assert set(answer.json["error"]["fields"]) == fields


def test_one_savings_accounts_movements_are_paged(ana):
    account = ana.get("/api/accounts/savings").json["items"][0]
    first = ana.get(f"/api/accounts/savings/{account['id']}/movements?limit=1").json
    assert first["account"]["id"] == account["id"]
    assert [m["id"] for m in first["items"]] == [f"{ANA}-S-2"]
    second = ana.get(f"/api/accounts/savings/{account['id']}/movements?limit=1"
                     f"&cursor={first['next_cursor']}").json
    assert [m["id"] for m in second["items"]] == [f"{ANA}-S-1"]
    assert second["next_cursor"] is None
    dollars = ana.get("/api/accounts/savings").json["items"][1]["id"]
    borrowed = ana.get(f"/api/accounts/savings/{dollars}/movements?cursor={first['next_cursor']}")
    assert (borrowed.status, borrowed.error_code) == (400, "invalid_cursor")


def test_the_savings_export_is_a_utf8_csv_with_bom_and_spanish_headers(ana):
    answer = ana.get("/api/accounts/savings/export")
    headers = {name.lower(): value for name, value in answer.headers.items()}
    assert answer.status == 200
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert headers["content-disposition"] == 'attachment; filename="cuentas-ahorro.csv"'
    assert answer.body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert rows[0] == ["Cuenta", "Tipo", "Moneda", "Saldo", "Tasa anual", "Apertura",
                       "Último movimiento"]
    assert rows[1][:5] == ["XXXXXXXX0101", "AHORRO", "S/", "3105.97", "1.00%"]
    assert rows[2][2:4] == ["US$", "120.50"]


def test_a_member_asking_for_another_members_savings_or_loan_gets_404(api, another_api,
                                                                      time_machine):
    travel_to_lima_noon(time_machine, "2026-11-25")
    give_products(ANA)
    give_products(BETO, savings_balance="999.00")
    ana = a_member_session(api, ANA)
    beto = a_member_session(another_api, BETO)
    anas_savings = ana.get("/api/accounts/savings").json["items"][0]["id"]
    anas_loan = ana.get("/api/accounts/loans").json["items"][0]["id"]

    for path in (f"/api/accounts/savings/{anas_savings}/movements",
                 f"/api/accounts/loans/{anas_loan}"):
        assert ana.get(path).status == 200
        answer = beto.get(path)
        assert (answer.status, answer.error_code) == (404, "not_found")
    assert beto.get("/api/accounts/loans/..%2F..").status == 404
    assert beto.get("/api/accounts/savings").json["totals"]["PEN"] == "999.00"


def test_the_member_comes_from_the_session_never_from_the_request(api, another_api,
                                                                  time_machine):
    travel_to_lima_noon(time_machine, "2026-11-25")
    give_products(ANA)
    beto = a_member_session(another_api, BETO)
    answer = beto.get(f"/api/accounts/savings?dni={ANA}", headers={"X-Dni": ANA})
    assert answer.json == {"items": [], "totals": {"PEN": "0.00", "USD": "0.00"}, "closed": []}


def test_a_member_without_products_sees_empty_views(api):
    member = a_member_session(api, "40000123")
    dashboard = member.get("/api/accounts/dashboard").json
    assert set(dashboard["totals"].values()) == {"0.00"}
    assert dashboard["loans"] == [] and dashboard["recent_movements"] == []
    assert member.get("/api/accounts/family-benefit").json["enrolled"] is False
    assert member.get("/api/accounts/contributions").json["balance"] == "0.00"
    assert member.get("/api/accounts/movements").json == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN])
def test_staff_cannot_read_member_views(api, role):
    staff = a_staff_session(api, role)
    for path in MEMBER_VIEWS:
        answer = staff.get(path)
        assert (answer.status, answer.error_code) == (403, "forbidden"), path


def test_without_a_session_member_views_are_401(api):
    for path in MEMBER_VIEWS:
        assert api.get(path).status == 401, path
