"""The holidays an admin keeps (Lima), read by year for the business-day calendar.

In progress (issue 18): the ``holidays`` table and its admin screen replace this empty calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def holidays_of_years(years: Iterable[int]) -> frozenset[date]:
    return frozenset()
