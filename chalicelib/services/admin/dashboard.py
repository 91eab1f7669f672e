"""The admin's dashboard counts, from counters kept up to date on write (issue 19): one
BatchGetItem of the ``counters`` table, whatever the cooperative's size (docs/data-model.md,
"admin dashboard").

- members registered / with TOTP, staff by role: ``users#active#<role>`` and
  ``users#active#member#totp`` (``store.shared.user_counts``), moved in the same transaction as
  every account write that changes a role, a status or the TOTP;
- users signed in today (Lima's day): the day's sign-in counter (``store.auth.signins``);
- open tickets: ``tickets#status#<status>`` (``store.tickets.tickets``), moved with each status
  change of a ticket;
- applications by state: the counters the credit workflow keeps.

A counter below 0 (never expected: every move is transactional) shows 0. Accounts, tickets and
applications written before the counters are counted once by ``dev.recount``.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.credit.applications import Status as ApplicationStatus
from chalicelib.domain.credit.applications import status_counter
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets.tickets import Status as TicketStatus
from chalicelib.store.admin import queries as admin_queries
from chalicelib.store.auth import signins
from chalicelib.store.shared.user_counts import WITH_TOTP, active_counter
from chalicelib.store.tickets.tickets import status_counter as ticket_counter

OPEN_TICKET_STATES = (TicketStatus.OPEN, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS)
STAFF_ROLES = (Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN)


def dashboard() -> dict[str, Any]:
    signed_in = signins.day_id(clock.lima_today())
    tickets = {state: ticket_counter(state.value) for state in OPEN_TICKET_STATES}
    applications = {state: status_counter(state) for state in ApplicationStatus}
    counts = admin_queries.counters([
        signed_in, WITH_TOTP, *(active_counter(role.value) for role in (Role.MEMBER, *STAFF_ROLES)),
        *tickets.values(), *applications.values()])
    by_ticket_state = {state.value: counts[counter] for state, counter in tickets.items()}
    return {
        "members_registered": counts[active_counter(Role.MEMBER.value)],
        "members_with_totp": counts[WITH_TOTP],
        "staff_active": {role.value: counts[active_counter(role.value)] for role in STAFF_ROLES},
        "signed_in_today": counts[signed_in],
        "open_tickets": sum(by_ticket_state.values()),
        "tickets_by_status": by_ticket_state,
        "applications_by_status": {state.value: counts[counter]
                                   for state, counter in applications.items()},
        "as_of": clock.iso_instant(clock.utc_now()),
    }
