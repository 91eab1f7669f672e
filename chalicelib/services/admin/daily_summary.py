"""The admins' daily summary (issue 17): at 08:00 Lima the notifier's daily schedule calls
``send_daily_summary``; the first run of the Lima day takes the day's mark (a conditional put)
and e-mails every active admin what waits in the buzón and in credit and the overdue cases; a
second run the same day sends nothing.

Reads: the day's mark (one PutItem), Query COUNTs of the ticket states on ``by_status``, one
BatchGetItem of the credit counters, the waiting states' ``by_status`` partitions with
``created_at <= cutoff`` and the waiting filter, the open reclamos on ``complaints.open_by_due``
up to the first one more than two business days from due (and the holidays, one Query per
year), and the admins' ``by_role`` partitions. No Scan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.admin.daily_summary import (
    DAILY_SUMMARY_JOB,
    DueComplaint,
    OverdueCase,
    QueueFigures,
    assignee_reminder_email,
    summary_email,
)
from chalicelib.domain.complaints.complaint import Complaint
from chalicelib.domain.complaints.escalation import ESCALATION_BUSINESS_DAYS
from chalicelib.domain.credit import applications as credit_rules
from chalicelib.domain.credit.applications import Status as AppStatus
from chalicelib.domain.shared.assigned_case import stamp
from chalicelib.domain.shared.clock import lima_today, parse_instant, utc_now
from chalicelib.domain.shared.permissions import ADMIN_ROLES
from chalicelib.domain.shared.waiting import overdue_cutoff, waited_label
from chalicelib.domain.tickets import tickets as ticket_rules
from chalicelib.domain.tickets.tickets import Status as TicketStatus
from chalicelib.services.complaints.escalation import open_due_soon
from chalicelib.services.shared import notifications
from chalicelib.settings import settings
from chalicelib.store.admin.daily_summary import claim_day
from chalicelib.store.auth import users
from chalicelib.store.credit import credit as credit_store
from chalicelib.store.tickets import tickets as ticket_store
from chalicelib.store.tickets import workload as ticket_counts

__all__ = ["DAILY_SUMMARY_JOB", "send_daily_summary"]


def send_daily_summary() -> dict[str, Any]:
    """``{"sent": n}``: how many admins were e-mailed (0 on a second run the same day)."""
    now = utc_now()
    day = lima_today(now)
    if not claim_day(day):
        return {"sent": 0, "day": day.isoformat()}
    hours = settings().case_overdue_hours
    cutoff = stamp(overdue_cutoff(now, hours))
    cases = _overdue_tickets(cutoff, now) + _overdue_applications(cutoff, now)
    tickets = QueueFigures(
        unassigned=ticket_counts.with_status(TicketStatus.OPEN),
        in_progress=sum(ticket_counts.with_status(status)
                        for status in (TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS)),
        overdue=sum(1 for case in cases if case.kind == "Ticket"))
    applications = _application_figures(sum(1 for case in cases if case.kind == "Solicitud"))
    due = open_due_soon()
    complaints = [_due_line(complaint, days_left) for complaint, days_left in due]
    admins = _active_admin_emails()
    for address in admins:
        notifications.send_email(summary_email(
            address, day=day, tickets=tickets, applications=applications, overdue=cases,
            overdue_hours=hours, site_url=settings().site_url, complaints=complaints,
            complaint_days=ESCALATION_BUSINESS_DAYS))
    reminded = _remind_assignees(due, day)
    return {"sent": len(admins), "reminded": reminded, "day": day.isoformat()}


def _overdue_tickets(cutoff: str, now: Any) -> list[OverdueCase]:
    found = [ticket_store.to_ticket(item) for item in ticket_store.waiting_items(cutoff)]
    return [OverdueCase(kind="Ticket", number=ticket.number,
                        what=ticket_rules.CATEGORY_LABELS[ticket.category],
                        waited=waited_label(parse_instant(ticket.waiting_since or ""), now),
                        assignee=ticket.assignee_name)
            for ticket in found if ticket.waiting_since]


def _overdue_applications(cutoff: str, now: Any) -> list[OverdueCase]:
    found = [credit_store.to_application(item) for item in credit_store.waiting_items(cutoff)]
    return [OverdueCase(kind="Solicitud", number=application.number,
                        what=application.product_name,
                        waited=waited_label(parse_instant(application.waiting_since or ""), now),
                        assignee=application.assignee_name)
            for application in found if application.waiting_since]


def _due_line(complaint: Complaint, days_left: int) -> DueComplaint:
    return DueComplaint(code=complaint.code, due_on=complaint.due_on, days_left=days_left,
                        assignee=complaint.assignee_name)


def _remind_assignees(due: list[tuple[Complaint, int]], day: date) -> int:
    """Each active operator with reclamos near or past due gets their own list (issue 18); one
    BatchGetItem of the assignees. Returns how many were e-mailed."""
    by_assignee: dict[str, list[DueComplaint]] = {}
    for complaint, days_left in due:
        if complaint.assignee_id:
            by_assignee.setdefault(complaint.assignee_id, []).append(
                _due_line(complaint, days_left))
    people = users.many(set(by_assignee)) if by_assignee else {}
    reminded = 0
    for user_id, lines in by_assignee.items():
        person = people.get(user_id)
        if person is None or person.status != "active":
            continue
        notifications.send_email(assignee_reminder_email(
            str(person.email), day=day, complaints=lines,
            within_days=ESCALATION_BUSINESS_DAYS, site_url=settings().site_url))
        reminded += 1
    return reminded


def _application_figures(overdue: int) -> QueueFigures:
    """From the dashboard's status counters (one BatchGetItem)."""
    working = (AppStatus.ASSIGNED, AppStatus.IN_REVIEW, AppStatus.OBSERVED)
    ids = {status: credit_rules.status_counter(status) for status in (AppStatus.RECEIVED,
                                                                      *working)}
    values = credit_store.counters(ids.values())
    return QueueFigures(unassigned=max(0, values[ids[AppStatus.RECEIVED]]),
                        in_progress=sum(max(0, values[ids[status]]) for status in working),
                        overdue=overdue)


def _active_admin_emails() -> list[str]:
    """Every active admin and super_admin (the ``by_role`` partitions, page by page)."""
    roles = sorted(role.value for role in ADMIN_ROLES)
    found: list[str] = []
    cursor: str | None = None
    while True:
        page = users.by_roles(roles, "", 100, cursor)
        found += [str(user.email) for user in page.items if user.status == "active"]
        cursor = page.next_cursor
        if cursor is None:
            return found
