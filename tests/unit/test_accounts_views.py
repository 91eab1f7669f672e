import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import accounts
from chalicelib.domain.imports import product_rows
from chalicelib.domain.shared import errors
from chalicelib.domain.shared.products import MovementDocument, ProductDocument
from tests.product_rows import a_family_plan, a_loan, a_movement_row, a_savings_row

TODAY = date(2026, 11, 25)


def loan_doc(**kwargs) -> ProductDocument:
    records = [product_rows.check_loan_row(row, TODAY)[0] for row in a_loan(**kwargs)]
    return product_rows.loan_document(records)


def savings_doc(**overrides) -> ProductDocument:
    return product_rows.savings_document([product_rows.check_savings_row(
        a_savings_row(**overrides), TODAY)[0]])


def movement(day: str, amount: str, balance: str, movement_id: str = "M1",
             number: str = "001100000101") -> MovementDocument:
    record, problems = product_rows.check_movement_row(a_movement_row(
        movement_id=movement_id, date=day, amount=amount, balance=balance,
        product_number=number), TODAY)
    assert problems == []
    return product_rows.movement_document([record])


def test_progress_is_installments_paid_over_total_rounded_half_up():
    assert accounts.progress_pct(14, 24) == 58
    assert accounts.progress_pct(1, 8) == 13  # 12.5 → 13
    assert accounts.progress_pct(0, 0) == 0


def test_an_unpaid_installment_due_before_today_is_overdue():
    assert accounts.installment_status({"status": "pending", "due_date": "2026-11-24"},
                                       TODAY) == "overdue"
    assert accounts.installment_status({"status": "pending", "due_date": "2026-11-25"},
                                       TODAY) == "pending"
    assert accounts.installment_status({"status": "paid", "due_date": "2020-01-01"},
                                       TODAY) == "paid"


def test_a_loan_card_counts_paid_pending_and_overdue_and_names_the_next_due():
    item = accounts.loan_item(loan_doc(installments=6, paid=2, first_due=date(2026, 9, 1)),
                              TODAY)
    # due 09-01, 10-01, 10-31 (overdue), 11-30, 12-30, 2027-01-29
    assert (item["installments_paid"], item["installments_overdue"],
            item["installments_pending"]) == (2, 1, 3)
    assert item["progress_pct"] == 33
    # «Próxima cuota» is the next one not yet due; the overdue one is its own alert
    assert item["next_due"]["date"] == "2026-11-30"
    assert item["overdue"] == {"count": 1, "amount": item["overdue"]["amount"],
                               "oldest_due_date": "2026-10-31"}


def test_the_overdue_alert_adds_every_overdue_installment_and_names_the_oldest():
    item = accounts.loan_item(loan_doc(installments=6, paid=1, first_due=date(2026, 9, 1)),
                              TODAY)
    schedule = loan_doc(installments=6, paid=1, first_due=date(2026, 9, 1)).data["schedule"]
    overdue_totals = [Decimal(row["total"]) for row in schedule[1:3]]
    assert item["overdue"] == {"count": 2, "amount": str(sum(overdue_totals)),
                               "oldest_due_date": "2026-10-01"}
    assert item["next_due"]["date"] == "2026-11-30"


def test_a_loan_up_to_date_has_no_overdue_alert():
    item = accounts.loan_item(loan_doc(installments=6, paid=3, first_due=date(2026, 9, 1)),
                              TODAY)
    assert item["overdue"] is None and item["installments_overdue"] == 0


def test_the_dashboard_tells_each_loans_overdue_installments():
    view = accounts.dashboard_view([loan_doc(installments=6, paid=2,
                                             first_due=date(2026, 9, 1))], [], TODAY)
    assert view["loans"][0]["overdue"]["count"] == 1
    assert view["loans"][0]["overdue"]["oldest_due_date"] == "2026-10-31"


def test_a_paid_off_loan_has_no_next_due():
    item = accounts.loan_item(loan_doc(installments=2, paid=2), TODAY)
    assert item["next_due"] is None and item["progress_pct"] == 100
    assert item["overdue"] is None


def test_the_family_benefit_splits_the_holder_amount_and_lists_the_entitled():
    records = [product_rows.check_family_benefit_row(row, TODAY)[0] for row in a_family_plan()]
    view = accounts.family_benefit_view(product_rows.family_benefit_document(records))
    assert [(b["name"], b["amount_on_holder_death"], b["entitled"])
            for b in view["beneficiaries"]] == [("YAI", "6000.00", False),
                                                ("YANQUI", "0.00", True),
                                                ("JUANA", "0.00", True), ("BRIAN", "0.00", True)]
    assert view["total_distributed"] == view["holder_death_amount"] == "6000.00"


def test_without_a_plan_the_family_benefit_says_not_enrolled():
    assert accounts.family_benefit_view(None)["enrolled"] is False


def test_savings_totals_are_per_currency():
    view = accounts.savings_view([savings_doc(),
                                  savings_doc(account_number="001100000102", currency="USD",
                                              balance="100.50")])
    assert view["totals"] == {"PEN": "3105.97", "USD": "100.50"}


def test_the_savings_csv_has_a_bom_spanish_headers_and_the_manuals_row():
    text = accounts.savings_csv(accounts.savings_view([savings_doc()]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][0] == "Cuenta" and "Saldo" in rows[0]
    assert rows[1] == ["XXXXXXXX0101", "AHORRO", "S/", "3105.97", "1.00%", "05/12/2016",
                       "03/10/2026"]


def test_a_formula_looking_type_is_neutralized_in_the_csv():
    text = accounts.savings_csv(accounts.savings_view([savings_doc(type="=HYPERLINK(1)")]))
    assert "'=HYPERLINK(1)" in text


def test_month_ends_follow_the_movements_and_end_on_the_current_balance():
    doc = savings_doc(balance="3105.97")
    moves = [movement("2026-09-10", "100.00", "3000.00", "M1"),
             movement("2026-10-03", "105.97", "3105.97", "M2")]
    points = accounts.history([doc], moves, TODAY, 4)
    assert points == [{"month": "2026-08", "balance": "2900.00"},
                      {"month": "2026-09", "balance": "3000.00"},
                      {"month": "2026-10", "balance": "3105.97"},
                      {"month": "2026-11", "balance": "3105.97"}]


def test_a_product_opened_later_holds_nothing_before():
    doc = savings_doc(opened_on="2026-10-01", balance="50.00", last_movement_on="")
    points = accounts.history([doc], [], TODAY, 3)
    assert [p["balance"] for p in points] == ["0.00", "50.00", "50.00"]


def test_the_dashboard_totals_are_the_product_views_sums():
    docs = [savings_doc(), savings_doc(account_number="001100000102", currency="USD",
                                       balance="10.00"), loan_doc(installments=4, paid=2)]
    view = accounts.dashboard_view(docs, [], TODAY)
    assert view["totals"]["savings_pen"] == accounts.savings_view(docs[:2])["totals"]["PEN"]
    assert view["totals"]["loans_balance"] == accounts.loans_view(docs[2:],
                                                                  TODAY)["summary"]["balance"]
    assert view["evolution"][-1]["savings"] == view["totals"]["savings_pen"]
    assert len(view["evolution"]) == 12


def test_the_months_can_end_at_an_earlier_month_and_keep_its_last_day():
    assert accounts.last_months(TODAY, 3, until=date(2026, 9, 14)) == [
        ("2026-07", date(2026, 7, 31)), ("2026-08", date(2026, 8, 31)),
        ("2026-09", date(2026, 9, 30))]
    # a cut-off "after" today (a clock behind the export) still ends today
    assert accounts.last_months(TODAY, 1, until=date(2026, 12, 2)) == [("2026-11", TODAY)]


def test_the_evolution_ends_at_the_data_cut_off_with_the_same_month_end_balances():
    doc = savings_doc(balance="3105.97", as_of="2026-10-03")
    moves = [movement("2026-09-10", "100.00", "3000.00", "M1"),
             movement("2026-10-03", "105.97", "3105.97", "M2")]
    points = accounts.dashboard_view([doc], moves, TODAY)["evolution"]
    assert len(points) == 12
    assert (points[0]["month"], points[-1]["month"]) == ("2025-11", "2026-10")
    assert [p["savings"] for p in points] == \
        [p["balance"] for p in accounts.history([doc], moves, TODAY, 13)[:12]]
    assert points[-1]["savings"] == "3105.97"
    assert accounts.evolution_window_start([doc], TODAY) == "2025-11-01"


def test_without_products_the_evolution_ends_at_today():
    points = accounts.dashboard_view([], [], TODAY)["evolution"]
    assert (points[0]["month"], points[-1]["month"]) == ("2025-12", "2026-11")
    assert accounts.evolution_window_start([], TODAY) == "2025-12-01"


@pytest.mark.parametrize("params, bad", [
    ({"from": "2026-13-01"}, {"from"}),
    ({"from": "2026-10-01", "to": "2026-09-01"}, {"to"}),
    ({"product": "family_benefit"}, {"product"}),
    ({"limit": "0"}, {"limit"}),
    ({"limit": "101"}, {"limit"}),
    ({"limit": "abc", "to": "ayer"}, {"limit", "to"}),
])
def test_bad_movement_filters_name_each_field(params, bad):
    with pytest.raises(errors.InvalidInput) as caught:
        accounts.parse_movement_query(params)
    assert set(caught.value.fields) == bad


def test_good_movement_filters_are_parsed():
    query = accounts.parse_movement_query({"from": "2026-01-01", "to": "2026-06-30",
                                           "product": "loans", "limit": "50"})
    assert (query.start, query.end, query.product, query.page.limit) == (
        date(2026, 1, 1), date(2026, 6, 30), "loans", 50)
    assert accounts.parse_movement_query({}).page.limit == accounts.DEFAULT_PAGE
