"""What in the buzón waits for a staff member (``GET /api/tickets/stats``, the staff Inicio).

``mine``: the caller's tickets still being worked on, by status; ``unread``: those of them where
the member wrote after the caller last read the ticket (the list's ``unread`` mark); ``unassigned``:
the open queue nobody has taken yet, for those who assign (admins), ``None`` for operators, who
are given tickets and never take them; ``overdue``: those waiting past the stage's
``case_overdue_hours`` (the caller's, and everyone's for admins); ``complaints_due``: the
open reclamos of the Libro de Reclamaciones due within two business days or late (issue 18;
the caller's, and everyone's for admins), the staff home's «Reclamos por vencer».
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.shared.assigned_case import stamp
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import is_allowed
from chalicelib.domain.shared.principal import Principal
from chalicelib.domain.shared.waiting import overdue_cutoff
from chalicelib.domain.tickets.tickets import Status
from chalicelib.services.complaints.escalation import due_soon_counts
from chalicelib.settings import settings
from chalicelib.store.tickets import tickets as tickets_store
from chalicelib.store.tickets import workload as counts

BEING_WORKED_ON = (Status.ASSIGNED, Status.IN_PROGRESS)
"""A ticket's assignee owes work on it in these states; resolved and closed ones wait for no one
(a member's reply reopens a resolved ticket into ``in_progress``)."""


def ticket_stats(principal: Principal) -> dict[str, Any]:
    """Three Query COUNTs on the caller's ``by_assignee`` partition, and for admins one on the
    ``by_status = open`` partition (``store.tickets.workload`` says what each costs)."""
    me = principal.user_id
    unassigned = (counts.with_status(Status.OPEN)
                  if is_allowed(principal.role, "tickets.assign") else None)
    return {
        "mine": {status.value: counts.assigned_with_status(me, status)
                 for status in BEING_WORKED_ON},
        "unread": counts.unread_by_assignee(me, BEING_WORKED_ON),
        "unassigned": unassigned,
        "overdue": _overdue_counts(principal),
        "complaints_due": due_soon_counts(principal),
        "as_of": iso_instant(utc_now()),
    }


def _overdue_counts(principal: Principal) -> dict[str, Any]:
    """Tickets waiting for the staff past ``case_overdue_hours``: the caller's, and for those who
    assign (admins) everyone's (``None`` for operators); Query COUNTs with a range key condition
    (``store.tickets.tickets.count_waiting``)."""
    hours = settings().case_overdue_hours
    cutoff = stamp(overdue_cutoff(utc_now(), hours))
    everyone = (tickets_store.count_waiting(cutoff, None)
                if is_allowed(principal.role, "tickets.assign") else None)
    return {"mine": tickets_store.count_waiting(cutoff, principal.user_id), "all": everyone,
            "hours": hours}
