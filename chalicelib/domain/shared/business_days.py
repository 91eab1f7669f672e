"""Business days in Lima: Monday to Friday, except the holidays an admin keeps.

The Libro de Reclamaciones answers within a number of business days (the stage's
``COMPLAINT_ANSWER_BUSINESS_DAYS``). Counting starts the business day after the day the reclamo
is received, so a reclamo filed on a Saturday and one filed on the Monday after share a due date
only when the Monday itself is not counted (it is: the Saturday's count starts on Monday).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

DEFAULT_COMPLAINT_ANSWER_BUSINESS_DAYS = 15
"""Código de Protección y Defensa del Consumidor, art. 24: 15 business days, not extendable."""

_SATURDAY = 5


def is_business_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_business_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The ``days``-th business day after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            counted += 1
    return day


def business_days_left(today: date, due: date, holidays: Collection[date]) -> int:
    """Business days from ``today`` (excluded) up to ``due`` (included); negative once past
    due (how many business days late), 0 on the due date itself."""
    if today == due:
        return 0
    step = 1 if due > today else -1
    day, counted = today, 0
    while day != due:
        day += timedelta(days=step)
        if is_business_day(day, holidays):
            counted += step
    return counted
