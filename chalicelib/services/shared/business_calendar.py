"""The Libro de Reclamaciones' legal due dates: business days in Lima from the day a reclamo is
received, skipping weekends and the holidays an admin keeps (``store.shared.holidays``)."""

from __future__ import annotations

from datetime import date

from chalicelib.domain.shared.business_days import add_business_days, business_days_left
from chalicelib.domain.shared.clock import lima_today
from chalicelib.settings import settings
from chalicelib.store.shared import holidays


def answer_due_date(received_on: date) -> date:
    """The last day to answer a reclamo or queja received on ``received_on`` (a Lima date)."""
    days = settings().complaint_answer_business_days
    # 15 business days never span more than two calendar years' holidays
    known = holidays.holidays_of_years((received_on.year, received_on.year + 1))
    return add_business_days(received_on, days, known)


def days_left_to_answer(due: date) -> int:
    """Business days from today (Lima) to ``due``: 0 on the day, negative once late."""
    today = lima_today()
    years = tuple(range(min(today, due).year, max(today, due).year + 1))
    return business_days_left(today, due, holidays.holidays_of_years(years))
