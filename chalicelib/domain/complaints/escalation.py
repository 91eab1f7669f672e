"""Escalation of the Libro de Reclamaciones (issue 18): an open sheet whose legal due date is two
business days away or less, or already past, is brought to the admins' attention (their daily
summary e-mail) and counted on the staff home («Reclamos por vencer»)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date

from chalicelib.domain.complaints.complaint import Complaint
from chalicelib.domain.shared.business_days import business_days_left

ESCALATION_BUSINESS_DAYS = 2
"""A sheet is escalated when this many business days or fewer are left to answer it."""


def due_soon(open_by_due: Iterable[Complaint], today: date,
             holidays: Collection[date]) -> Iterator[tuple[Complaint, int]]:
    """Each open sheet of ``open_by_due`` (earliest due date first, as the indexes read) with
    its business days left, while that is ``ESCALATION_BUSINESS_DAYS`` or fewer: the first one
    further away ends the reading, so a long queue is never read to its end."""
    for complaint in open_by_due:
        if not complaint.is_open:
            continue
        days_left = business_days_left(today, complaint.due_on, holidays)
        if days_left > ESCALATION_BUSINESS_DAYS:
            return
        yield complaint, days_left
