from datetime import date

import pytest

from chalicelib.domain.imports import product_rows
from chalicelib.domain.imports.kinds import IMPORT_KINDS
from chalicelib.domain.shared.products import masked, product_id
from tests.product_rows import (
    a_cts_row,
    a_family_plan,
    a_fixed_deposit_row,
    a_loan,
    a_movement_row,
    a_savings_row,
    csv_of,
)

TODAY = date(2026, 11, 25)


def fields(problems):
    return {field for field, _ in problems}


@pytest.mark.parametrize("kind, row", [
    ("contributions", {"dni": "40000001", "account_number": "0340000001", "balance": "4850",
                       "monthly_fee": "50.00", "opened_on": "2010-03-15",
                       "as_of": "2026-11-25"}),
    ("savings", a_savings_row()),
    ("fixed_deposits", a_fixed_deposit_row()),
    ("cts", a_cts_row()),
    ("movements", a_movement_row()),
    ("loans", a_loan()[0]),
    ("family_benefit", a_family_plan()[0]),
])
def test_a_good_row_of_each_kind_is_clean(kind, row):
    record, problems = IMPORT_KINDS[kind].check(row, TODAY)
    assert problems == []
    assert set(IMPORT_KINDS[kind].columns) <= set(row)
    assert all(isinstance(value, str) for value in record.values())


def test_money_is_normalized_to_two_decimals_and_rates_to_four():
    record, _ = product_rows.check_savings_row(a_savings_row(balance="3105.9", rate="0.01"),
                                               TODAY)
    assert (record["balance"], record["rate"]) == ("3105.90", "0.0100")


def test_each_bad_savings_field_is_named_in_spanish():
    _, problems = product_rows.check_savings_row(a_savings_row(
        dni="123", currency="EUR", balance="3,105.97", rate="1.5", opened_on="05/12/2016",
        type=""), TODAY)
    assert fields(problems) == {"dni", "currency", "balance", "rate", "opened_on", "type"}
    assert all(message[0].isupper() and message.endswith(".") for _, message in problems)


def test_a_negative_balance_is_refused_but_a_movement_may_be_negative():
    _, problems = product_rows.check_savings_row(a_savings_row(balance="-1.00"), TODAY)
    assert fields(problems) == {"balance"}
    _, problems = product_rows.check_movement_row(a_movement_row(amount="-250.50"), TODAY)
    assert problems == []


def test_cut_off_and_movement_dates_cannot_be_future():
    _, problems = product_rows.check_savings_row(a_savings_row(as_of="2026-11-26"), TODAY)
    assert fields(problems) == {"as_of"}
    _, problems = product_rows.check_movement_row(a_movement_row(date="2027-01-01"), TODAY)
    assert fields(problems) == {"date"}


def test_an_opening_after_the_cut_off_or_a_maturity_before_opening_is_refused():
    _, problems = product_rows.check_fixed_deposit_row(a_fixed_deposit_row(
        opened_on="2026-12-01", matures_on="2026-11-01"), TODAY)
    assert fields(problems) == {"opened_on", "matures_on"}


def test_cts_available_cannot_exceed_the_balance():
    _, problems = product_rows.check_cts_row(a_cts_row(available_to_withdraw="99999.00"), TODAY)
    assert fields(problems) == {"available_to_withdraw"}


def test_a_movement_names_a_product_that_moves():
    _, problems = product_rows.check_movement_row(a_movement_row(product="family_benefit",
                                                                 movement_id="a b"), TODAY)
    assert fields(problems) == {"product", "movement_id"}


def test_an_installment_must_add_up_and_fit_in_the_loan():
    row = {**a_loan()[0], "total": "999.99", "n": "7"}
    _, problems = product_rows.check_loan_row(row, TODAY)
    assert fields(problems) == {"total", "n"}


def numbered(rows):
    return [(line, product_rows.check_loan_row(row, TODAY)[0]) for line, row in
            enumerate(rows, start=2)]


def test_a_complete_schedule_passes_the_group_check():
    assert product_rows.check_loan_group(numbered(a_loan())) == []


def test_a_schedule_with_a_missing_or_repeated_installment_is_refused():
    rows = a_loan(installments=4)
    rows[2] = {**rows[2], "n": "2"}
    errors = product_rows.check_loan_group(numbered(rows))
    assert {(e.line, e.field) for e in errors} >= {(4, "n"), (2, "n")}
    assert any("3" in e.message for e in errors if e.line == 2)


def test_loan_columns_must_agree_on_every_installment():
    rows = a_loan()
    rows[1] = {**rows[1], "original_amount": "2000.00"}
    errors = product_rows.check_loan_group(numbered(rows))
    assert [(e.line, e.field) for e in errors] == [(3, "original_amount")]


def test_due_dates_must_grow_with_the_installment_number():
    rows = a_loan()
    rows[0], rows[1] = {**rows[0], "due_date": rows[1]["due_date"]}, \
        {**rows[1], "due_date": rows[0]["due_date"]}
    errors = product_rows.check_loan_group(numbered(rows))
    assert [e.field for e in errors] == ["due_date"]


def test_family_percentages_must_add_to_exactly_100():
    plan = a_family_plan(beneficiaries=(("ANA", "Hija", "60", "true"),
                                        ("LUIS", "Hijo", "30", "true")))
    checked = [(line, product_rows.check_family_benefit_row(row, TODAY)[0])
               for line, row in enumerate(plan, start=2)]
    errors = product_rows.check_family_benefit_group(checked)
    assert [(e.line, e.field) for e in errors] == [(2, "percentage")]
    assert "90" in errors[0].message


def test_a_loan_document_holds_its_schedule_in_order():
    rows = list(reversed(a_loan(installments=3, paid=1)))
    records = [product_rows.check_loan_row(row, TODAY)[0] for row in rows]
    doc = product_rows.loan_document(records)
    assert [row["n"] for row in doc.data["schedule"]] == [1, 2, 3]
    assert doc.product_id == product_id("loans", "0210000000002")
    assert "0210000000002" not in doc.product_id


def test_a_movement_points_at_its_products_id():
    record, _ = product_rows.check_movement_row(a_movement_row(), TODAY)
    doc = product_rows.movement_document([record])
    assert doc.product_id == product_id("savings", "001100000101")


def test_account_numbers_are_masked_but_for_the_last_four_digits():
    assert masked("001100000101") == "XXXXXXXX0101"
    assert masked("123") == "XXX"


def test_csv_builders_write_the_documented_header():
    assert csv_of("movements", [a_movement_row()]).splitlines()[0] == (
        "dni,movement_id,product,product_number,date,description,amount,currency,balance")
