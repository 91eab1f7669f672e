"""How long a case (ticket, credit application) has waited for the staff, and when that is too
long.

A case waits from the moment the ball is in the staff's court: a ticket from its last message by
the member (or its creation), an application from its last change of status. Past the stage's
``case_overdue_hours`` (``CASE_OVERDUE_HOURS``) it is overdue: the lists mark it, the staff home
counts it and the admins' daily summary lists it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_CASE_OVERDUE_HOURS = 48


def waited(since: datetime, now: datetime) -> timedelta:
    """Never negative: a clock a little behind another must not show "-1 min"."""
    return max(now - since, timedelta(0))


def waited_minutes(since: datetime, now: datetime) -> int:
    return int(waited(since, now).total_seconds() // 60)


def is_overdue(since: datetime, now: datetime, overdue_hours: int) -> bool:
    return waited(since, now) >= timedelta(hours=overdue_hours)


def overdue_cutoff(now: datetime, overdue_hours: int) -> datetime:
    """Cases waiting since before this instant are overdue (for a Query's range condition)."""
    return now - timedelta(hours=overdue_hours)


def waited_label(since: datetime, now: datetime) -> str:
    """Spanish, short, for a list cell: «35 min», «5 h», «3 d»."""
    minutes = waited_minutes(since, now)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"
