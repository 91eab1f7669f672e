"""Business days in Lima (weekends and the admin's holidays skipped), counted by hand on a
calendar: 2026-07-27 is a Monday; 28 and 29 July are Fiestas Patrias."""

from datetime import date

import pytest

from chalicelib.domain.shared.business_days import (
    add_business_days,
    business_days_left,
    is_business_day,
)

FIESTAS_PATRIAS = frozenset({date(2026, 7, 28), date(2026, 7, 29)})


def test_weekends_and_holidays_are_not_business_days():
    assert is_business_day(date(2026, 7, 27), FIESTAS_PATRIAS)
    assert not is_business_day(date(2026, 7, 28), FIESTAS_PATRIAS)
    assert not is_business_day(date(2026, 8, 1), FIESTAS_PATRIAS)  # Saturday


def test_the_count_starts_the_day_after_and_skips_weekends():
    # Friday 2026-07-03 + 1 business day is Monday 2026-07-06
    assert add_business_days(date(2026, 7, 3), 1, frozenset()) == date(2026, 7, 6)
    assert add_business_days(date(2026, 7, 3), 0, frozenset()) == date(2026, 7, 3)


def test_fifteen_business_days_around_fiestas_patrias():
    # Mon 27 Jul: 30, 31 Jul (2), 3-7 Aug (7), 10-14 Aug (12), 17-19 Aug (15)
    assert add_business_days(date(2026, 7, 27), 15, FIESTAS_PATRIAS) == date(2026, 8, 19)
    assert add_business_days(date(2026, 7, 27), 15, frozenset()) == date(2026, 8, 17)


def test_a_saturday_filing_counts_from_monday():
    assert add_business_days(date(2026, 7, 4), 1, frozenset()) == date(2026, 7, 6)


def test_days_left_counts_business_days_and_goes_negative_when_late():
    due = date(2026, 8, 19)
    assert business_days_left(date(2026, 8, 19), due, FIESTAS_PATRIAS) == 0
    assert business_days_left(date(2026, 8, 14), due, FIESTAS_PATRIAS) == 3  # Fri: 17, 18, 19
    assert business_days_left(date(2026, 8, 24), due, FIESTAS_PATRIAS) == -3  # 20, 21, 24


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_business_days(date(2026, 7, 27), -1, frozenset())
