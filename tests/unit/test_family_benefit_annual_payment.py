"""Beneficio familiar: the annual payment is twelve monthly fees (manual 1.3 and 2.4.7)."""

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import accounts
from chalicelib.domain.imports import product_rows
from chalicelib.domain.shared import products
from tests.product_rows import a_family_plan

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("monthly_fee, annual", [
    ("30.00", "360.00"),        # the manual's plan: S/ 30.00 a month → S/ 360.00 a year
    ("20.00", "240.00"),
    ("0.00", "0.00"),
    ("33.33", "399.96"),
    ("33.335", "400.02"),       # 400.020
    ("0.08375", "1.01"),        # 1.005: half-up, not half-even
    ("0.0004", "0.00"),         # 0.0048
    ("0.000417", "0.01"),       # 0.005004
])
def test_the_annual_payment_is_twelve_monthly_fees_rounded_half_up(monthly_fee, annual):
    result = products.family_benefit_annual_payment(Decimal(monthly_fee))
    assert isinstance(result, Decimal)
    assert result == Decimal(annual) and result.as_tuple().exponent == -2


@pytest.mark.parametrize("monthly_fee", [30.0, 30, "30.00"])
def test_the_annual_payment_takes_only_decimals(monthly_fee):
    with pytest.raises(TypeError):
        products.family_benefit_annual_payment(monthly_fee)


def test_a_row_whose_annual_payment_is_twelve_fees_is_clean():
    record, problems = product_rows.check_family_benefit_row(
        {**a_family_plan()[0], "annual_payment": "360"}, TODAY)
    assert problems == []
    assert record["annual_payment"] == "360.00"


@pytest.mark.parametrize("annual_payment", ["300.00", "359.99", "360.01", "0"])
def test_a_row_whose_annual_payment_is_not_twelve_fees_is_refused_on_that_field(annual_payment):
    _, problems = product_rows.check_family_benefit_row(
        {**a_family_plan()[0], "annual_payment": annual_payment}, TODAY)
    assert problems == [("annual_payment",
                         "El pago anual debe ser 12 cuotas mensuales: S/ 360.00.")]


def test_the_expected_figure_follows_the_row_s_monthly_fee():
    _, problems = product_rows.check_family_benefit_row(
        {**a_family_plan()[0], "monthly_fee": "45.50", "annual_payment": "500.00"}, TODAY)
    assert problems == [("annual_payment",
                         "El pago anual debe ser 12 cuotas mensuales: S/ 546.00.")]


@pytest.mark.parametrize("column, value", [("monthly_fee", "30.005"), ("monthly_fee", ""),
                                           ("annual_payment", ""), ("annual_payment", "-360")])
def test_a_bad_fee_or_annual_payment_is_reported_once_as_a_bad_amount(column, value):
    _, problems = product_rows.check_family_benefit_row(
        {**a_family_plan()[0], column: value}, TODAY)
    assert [field for field, _ in problems] == [column]
    assert "monto" in problems[0][1]


def test_every_row_of_a_plan_carrying_a_wrong_annual_payment_is_refused():
    plan = [{**row, "annual_payment": "300.00"} for row in a_family_plan()]
    results = [product_rows.check_family_benefit_row(row, TODAY)[1] for row in plan]
    assert all([field for field, _ in problems] == ["annual_payment"] for problems in results)


def test_the_view_shows_the_annual_payment_computed_from_the_monthly_fee():
    records = [product_rows.check_family_benefit_row(row, TODAY)[0] for row in a_family_plan()]
    doc = product_rows.family_benefit_document(records)
    assert accounts.family_benefit_view(doc)["annual_payment"] == "360.00"
    # A plan stored before the check existed shows the computed figure, not the stored one.
    doc.data["annual_payment"] = "999.00"
    view = accounts.family_benefit_view(doc)
    assert (view["monthly_fee"], view["annual_payment"]) == ("30.00", "360.00")
