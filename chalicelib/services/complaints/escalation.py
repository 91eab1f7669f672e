"""The open sheets near or past their legal due date (issue 18): for the admins' daily summary
(every open sheet) and the staff home's «Reclamos por vencer» (an operator's own; admins all).
Reads the index in due-date order and stops at the first sheet further away than
``ESCALATION_BUSINESS_DAYS``; the holidays of this year and the next (one Query each)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.complaints.complaint import Complaint
from chalicelib.domain.complaints.escalation import ESCALATION_BUSINESS_DAYS, due_soon
from chalicelib.domain.shared.clock import lima_today
from chalicelib.domain.shared.permissions import is_allowed
from chalicelib.domain.shared.principal import Principal
from chalicelib.store.complaints import complaints as store
from chalicelib.store.shared import holidays


def _known_holidays(year: int) -> frozenset[Any]:
    # a sheet two business days from due, or late, falls due at most a year from today; one
    # late for longer than a year is counted from last year's holidays
    return holidays.holidays_of_years((year - 1, year, year + 1))


def open_due_soon() -> list[tuple[Complaint, int]]:
    """Every open sheet due within ``ESCALATION_BUSINESS_DAYS`` or late, earliest first."""
    today = lima_today()
    return list(due_soon(store.open_complaints(), today, _known_holidays(today.year)))


def due_soon_counts(principal: Principal) -> dict[str, Any]:
    """``{mine, all, within_days}``: the caller's sheets near or past due, and for those who
    assign sheets (admins) everyone's (``None`` for operators)."""
    today = lima_today()
    known = _known_holidays(today.year)
    mine = sum(1 for _ in due_soon(store.assigned_to(principal.user_id), today, known))
    everyone = (sum(1 for _ in due_soon(store.open_complaints(), today, known))
                if is_allowed(principal.role, "complaints.assign") else None)
    return {"mine": mine, "all": everyone, "within_days": ESCALATION_BUSINESS_DAYS}
