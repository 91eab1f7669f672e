"""The admin's dashboard counts, without a Scan (docs/data-model.md, "admin dashboard").

- members registered / with TOTP, staff: one ``by_role`` COUNT Query (filtered on status and
  TOTP) per figure; each reads the role's partition (a cooperative's few thousand members are a
  few dozen RCUs) and returns no items;
- users signed in today (Lima's day): the day's sign-in counter (store.auth.signins), one GetItem;
- open tickets: one ``by_status`` COUNT Query per open state;
- applications by state: the counters the credit workflow keeps (one BatchGetItem).
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.credit.applications import Status as ApplicationStatus
from chalicelib.domain.credit.applications import status_counter
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets.tickets import Status as TicketStatus
from chalicelib.store.admin import queries as admin_queries
from chalicelib.store.auth import signins, users
from chalicelib.store.credit import credit as credit_store

OPEN_TICKET_STATES = (TicketStatus.OPEN, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS)


def dashboard() -> dict[str, Any]:
    today = clock.lima_today()
    tickets = {state.value: admin_queries.tickets_with_status(state.value)
               for state in OPEN_TICKET_STATES}
    counters = credit_store.counters(status_counter(state) for state in ApplicationStatus)
    staff = {role.value: users.count_active(role.value)
             for role in (Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN)}
    return {
        "members_registered": users.count_active(Role.MEMBER.value),
        "members_with_totp": users.count_active(Role.MEMBER.value, with_totp=True),
        "staff_active": staff,
        "signed_in_today": signins.of_day(today),
        "open_tickets": sum(tickets.values()),
        "tickets_by_status": tickets,
        "applications_by_status": {state.value: max(0, counters[status_counter(state)])
                                   for state in ApplicationStatus},
        "as_of": clock.iso_instant(clock.utc_now()),
    }
