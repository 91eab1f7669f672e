"""The SBS simulation to the cent: published examples, hand-checked irregular cases, properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.credit import amortization
from chalicelib.domain.credit.amortization import (
    annual_cost_rate,
    due_dates,
    schedule,
    simulate,
)

D = Decimal


def dates_every(disbursement: date, periods_days: list[int]) -> list[date]:
    """Due dates that leave exactly ``periods_days`` between each other (e.g. twelve 30-day
    periods, as the lenders' published examples use)."""
    dates, current = [], disbursement
    for days in periods_days:
        current += timedelta(days=days)
        dates.append(current)
    return dates


# --- the public worked examples (docs/design/ARCHITECTURE.md) ------------------------------


def test_twelve_thirty_day_periods_at_30_percent_match_the_published_example():
    disbursed = date(2026, 1, 1)
    table = schedule(D("12000"), D("0.30"), D("0"), disbursed, dates_every(disbursed, [30] * 12))
    first = table.rows[0]
    assert table.installment == D("1149.43")
    assert (first.interest, first.principal, first.balance) == (D("265.25"), D("884.18"),
                                                                D("11115.82"))
    assert first.days == 30 and first.insurance == D("0.00") and first.total == D("1149.43")
    assert table.rows[-1].balance == D("0.00")
    assert table.tcea_presented == D("0.3000")


def test_a_38_day_first_period_due_on_the_2nd_matches_the_published_example():
    table = simulate(D("10000"), D("0.2984"), D("0"), date(2019, 11, 25), 24, "planilla",
                     payroll_day=2)
    first = table.rows[0]
    assert first.due_date == date(2020, 1, 2) and first.days == 38
    assert table.installment == D("545.67")
    assert (first.interest, first.principal) == (D("279.47"), D("266.20"))
    assert [row.due_date for row in table.rows[1:3]] == [date(2020, 2, 2), date(2020, 3, 2)]
    assert table.rows[-1].due_date == date(2021, 12, 2)
    assert table.rows[-1].balance == D("0.00")
    assert table.tcea_presented == D("0.2984")


# --- hand-checked irregular periods ---------------------------------------------------------


def test_one_45_day_period_charges_interest_for_45_days_of_a_360_day_year():
    # 1000 · (1.12^(45/360) − 1) = 1000 · 0.0142669 = 14.27; TCEA = 1.01427^(360/45) − 1 = 0.1200
    disbursed = date(2026, 3, 1)
    table = schedule(D("1000"), D("0.12"), D("0"), disbursed, [disbursed + timedelta(days=45)])
    (row,) = table.rows
    assert (row.days, row.interest, row.principal, row.total, row.balance) == (
        45, D("14.27"), D("1000.00"), D("1014.27"), D("0.00"))
    assert table.tcea_presented == D("0.1200")


def test_two_irregular_periods_with_insurance_on_the_balance():
    # r1 = 1.2^(38/360) − 1 + 0.001·38/30, r2 = 1.2^(31/360) − 1 + 0.001·31/30
    # R = 2000 / (1/(1+r1) + 1/((1+r1)(1+r2))) = 1029.229 → 1029.23
    # row 1: I = 2000·0.019432 = 38.86, Seg = 2000·0.001·38/30 = 2.53, capital 987.84
    # row 2: I = 1012.16·(1.2^(31/360) − 1) = 16.02, Seg = 1012.16·0.001·31/30 = 1.05
    disbursed = date(2026, 1, 24)
    table = schedule(D("2000"), D("0.20"), D("0.001"), disbursed,
                     dates_every(disbursed, [38, 31]))
    first, last = table.rows
    assert table.installment == D("1029.23")
    assert (first.interest, first.insurance, first.principal, first.balance) == (
        D("38.86"), D("2.53"), D("987.84"), D("1012.16"))
    assert (last.interest, last.insurance, last.principal, last.total, last.balance) == (
        D("16.02"), D("1.05"), D("1012.16"), D("1029.23"), D("0.00"))
    assert table.tcea_presented == D("0.2142")  # bisection on the two flows, independently
    assert table.total_insurance == D("3.58") and table.total_interest == D("54.88")


def test_the_last_installment_absorbs_the_rounding():
    # R = 1000/3 = 333.333… → 333.33 twice, then the remaining 333.34 at 0 %
    disbursed = date(2026, 1, 10)
    table = schedule(D("1000"), D("0"), D("0"), disbursed, dates_every(disbursed, [30] * 3))
    assert [row.total for row in table.rows] == [D("333.33"), D("333.33"), D("333.34")]
    assert table.tcea == 0


# --- due dates ------------------------------------------------------------------------------


def test_a_long_term_at_a_high_rate_never_pays_off_before_its_last_installment():
    """S/ 500.00 at 79.96 % over 118 months: the cents' drift grows at about 5 % a month, and the
    rounded installment of 25.69 paid the loan off at the 117th, leaving a negative 118th
    (found by the property test below). At 25.68 the last installment takes what remains."""
    disbursed = date(2019, 3, 29)
    table = amortization.schedule(D("500.00"), D("0.7996"), D("0.0002"), disbursed,
                                  due_dates(disbursed, 118, "ventanilla", None))
    assert all(row.balance >= 0 for row in table.rows)
    assert table.installment == D("25.68")
    assert table.rows[-1].balance == D("0.00") and table.rows[-1].total > 0
    assert table.total_principal == D("500.00")
    assert all(row.total == table.installment for row in table.rows[:-1])


def test_ventanilla_falls_on_the_disbursement_day_clamped_to_short_months():
    dates = due_dates(date(2024, 1, 31), 4, "ventanilla")
    assert dates == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)]


def test_planilla_falls_on_the_last_day_by_default_and_skips_a_period_shorter_than_20_days():
    # 2026-01-15 + 20 days = 2026-02-04: January 31st is too soon, so February 28th (44 days)
    dates = due_dates(date(2026, 1, 15), 3, "planilla")
    assert dates == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_planilla_in_the_disbursement_month_when_payday_is_20_days_away_or_more():
    assert due_dates(date(2026, 3, 5), 1, "planilla", payroll_day=25) == [date(2026, 3, 25)]
    assert due_dates(date(2026, 3, 6), 1, "planilla", payroll_day=25) == [date(2026, 4, 25)]


def test_planilla_payroll_day_31_is_clamped_in_every_short_month():
    dates = due_dates(date(2025, 12, 1), 4, "planilla", payroll_day=31)
    assert dates == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28),
                     date(2026, 3, 31)]


def test_a_50_day_first_period_when_payday_just_missed_the_20_days():
    table = simulate(D("5000"), D("0.18"), D("0.0006"), date(2026, 3, 1), 6, "planilla", 20)
    assert table.rows[0].due_date == date(2026, 4, 20)
    assert [row.days for row in table.rows] == [50, 30, 31, 30, 31, 31]


def test_schedules_cross_the_year_end():
    dates = due_dates(date(2026, 11, 30), 3, "ventanilla")
    assert dates == [date(2026, 12, 30), date(2027, 1, 30), date(2027, 2, 28)]


def test_bad_arguments_are_programming_errors():
    with pytest.raises(ValueError):
        due_dates(date(2026, 1, 1), 0, "ventanilla")
    with pytest.raises(ValueError):
        due_dates(date(2026, 1, 1), 3, "cheque")
    with pytest.raises(ValueError):
        schedule(D("100"), D("0.1"), D("0"), date(2026, 1, 2), [date(2026, 1, 1)])


# --- TCEA -------------------------------------------------------------------------------------


def test_the_tcea_of_exact_unrounded_flows_is_the_tea():
    tea = D("0.2984")
    disbursed = date(2026, 1, 1)
    dates = dates_every(disbursed, [38, 31, 28, 31])
    factor = [(1 + tea) ** (D((due - disbursed).days) / 360) for due in dates]
    payments = [(D(1000) * f, (due - disbursed).days) for f, due in zip(factor, dates,
                                                                          strict=True)]
    amount = D(1000) * len(dates)
    assert abs(annual_cost_rate(amount, payments) - tea) < D("1e-15")


def test_the_tcea_of_the_twelve_month_example_is_reported_to_four_decimals():
    disbursed = date(2026, 1, 1)
    table = schedule(D("12000"), D("0.30"), D("0"), disbursed, dates_every(disbursed, [30] * 12))
    assert abs(table.tcea - D("0.3")) < D("0.00001")
    assert str(table.tcea_presented) == "0.3000"


# --- properties ---------------------------------------------------------------------------

amounts = st.integers(min_value=50_000, max_value=10_000_000).map(lambda c: D(c) / 100)
teas = st.integers(min_value=100, max_value=8_000).map(lambda b: D(b) / 10_000)
insurance_rates = st.integers(min_value=20, max_value=200).map(lambda b: D(b) / 100_000)
"""Credit-life insurance from 0.02 % to 0.2 % a month (cooperatives charge about 0.05 %)."""
dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2035, 12, 31))
methods = st.sampled_from(["planilla", "ventanilla"])
payroll_days = st.none() | st.integers(min_value=1, max_value=31)
terms = st.integers(min_value=1, max_value=120)


def _check_every_row_adds_up(table: amortization.Schedule) -> None:
    balance = table.amount
    for row in table.rows:
        assert row.principal + row.interest + row.insurance == row.total
        assert balance - row.principal == row.balance
        assert row.interest >= 0 and row.insurance >= 0 and row.days >= 1
        balance = row.balance
    assert table.rows[-1].balance == D("0.00")
    assert table.total_principal == table.amount
    assert table.total_payable == table.total_principal + table.total_interest \
        + table.total_insurance
    assert all(row.total == table.installment for row in table.rows[:-1])


@settings(max_examples=150, deadline=None)
@given(amounts, teas, insurance_rates, dates, terms, methods, payroll_days)
def test_with_insurance_the_schedule_closes_and_the_tcea_exceeds_the_tea(
        amount, tea, insurance, disbursed, term, method, payroll_day):
    table = simulate(amount, tea, insurance, disbursed, term, method, payroll_day)
    _check_every_row_adds_up(table)
    assert len(table.rows) == term
    assert table.tcea > tea
    assert table.tcea_presented >= tea


@settings(max_examples=150, deadline=None)
@given(amounts, teas, dates, terms, methods, payroll_days)
def test_without_insurance_the_schedule_closes_and_the_tcea_is_the_tea_up_to_cents(
        amount, tea, disbursed, term, method, payroll_day):
    table = simulate(amount, tea, D("0"), disbursed, term, method, payroll_day)
    _check_every_row_adds_up(table)
    assert table.total_insurance == 0
    # Exactly the TEA on unrounded flows (test above). Rounding each row's interest to cents
    # moves it a little either way, about 0.005·(1+TEA)/(P·t) a year per row: 3.4 basis points
    # at worst seen for S/ 500 over a 20-day first period at 80 %; 10 bound it from S/ 500 up.
    assert abs(table.tcea - tea) < D("0.001")


@settings(max_examples=100, deadline=None)
@given(dates, terms, methods, payroll_days)
def test_due_dates_are_monthly_and_the_first_is_at_least_20_days_away(
        disbursed, term, method, payroll_day):
    dates_ = due_dates(disbursed, term, method, payroll_day)
    assert (dates_[0] - disbursed).days >= 20
    assert (dates_[0] - disbursed).days <= 31 + 20
    for earlier, later in pairwise(dates_):
        months = (later.year - earlier.year) * 12 + later.month - earlier.month
        assert months == 1
