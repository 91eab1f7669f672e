"""Counts of the staff's ticket workload (``GET /api/tickets/stats``): Queries with
``Select=COUNT`` on the ticket indexes; never a Scan, never the items themselves.

Cost: a COUNT returns no items but is billed for every item its key condition reads before the
filter, so each count of an assignee reads their whole ``by_assignee`` partition (closed tickets
included) and the open queue's count reads the ``by_status = open`` partition. Three assignee
counts per Inicio are cheap while one person's history is hundreds of tickets; a per-assignee
counter (as credit applications keep) is the next step if it ever grows to many thousands.
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.domain.tickets.tickets import Status
from chalicelib.store.shared.models import TicketModel


def assigned_with_status(assignee_id: str, status: Status) -> int:
    """Index ``by_assignee``: ``assignee_id = :a``, filter ``status = :s``, ``Select=COUNT``."""
    return int(TicketModel.by_assignee.count(
        assignee_id, filter_condition=TicketModel.status == status.value))


def unread_by_assignee(assignee_id: str, statuses: Sequence[Status]) -> int:
    """Index ``by_assignee`` with ``Select=COUNT``: the assignee's tickets in ``statuses`` whose
    member wrote after the assignee's read mark, or that the assignee never opened.

    The filter is ``domain.tickets.tickets.is_unread`` seen from the staff side, written as a
    DynamoDB condition so nothing is read into the function: the stamps compare as text (fixed-
    width UTC instants) and a missing read mark means never read.
    """
    member_wrote = TicketModel.last_member_message_at
    read_at = TicketModel.read_marks[assignee_id]
    condition = (TicketModel.status.is_in(*(status.value for status in statuses))
                 & member_wrote.exists()
                 & (read_at.does_not_exist() | (member_wrote > read_at)))
    return int(TicketModel.by_assignee.count(assignee_id, filter_condition=condition))


def with_status(status: Status) -> int:
    """Index ``by_status``: ``status = :s`` with ``Select=COUNT``."""
    return int(TicketModel.by_status.count(status.value))
