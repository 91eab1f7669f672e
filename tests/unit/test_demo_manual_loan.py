"""The demo's manual loan keeps the manual's 14 paid / 1 overdue / 9 pending on any day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dev.demo_products import AS_OF, add_months, manual_loan_disbursement


@pytest.mark.parametrize("today", [AS_OF + timedelta(days=offset)
                                   for offset in (0, 24, 25, 26, 37, 95, 96, 120, 400, 1000)])
def test_fifteen_due_dates_have_passed_and_nine_remain(today: date) -> None:
    disbursed = manual_loan_disbursement(today)
    due_dates = [add_months(disbursed, n, min(disbursed.day, 28)) for n in range(1, 25)]
    passed = sum(1 for due in due_dates if due < today)
    assert (passed, len(due_dates) - passed) == (15, 9)


def test_on_the_cut_off_date_it_is_the_manuals_own_loan() -> None:
    assert manual_loan_disbursement(AS_OF) == date(2025, 8, 20)
