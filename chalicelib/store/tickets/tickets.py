"""Tickets and their threads (tables ``tickets``, ``ticket_messages``; sequence ``seq#tickets``).

Every read is a GetItem or a Query on a key or index; every change to a ticket is conditioned on
its ``version`` (optimistic locking) except the caller's read mark, which no one else writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.domain.tickets.tickets import Category, ConcurrentUpdate, Side, Status
from chalicelib.store.shared import aws
from chalicelib.store.shared.models import CounterModel, TicketMessageModel, TicketModel
from chalicelib.store.shared.paging import Key, Page, Segment, read_page

TICKET_SEQUENCE = "seq#tickets"
_CONFLICTS = {"ConditionalCheckFailedException", "TransactionCanceledException",
              "TransactionConflictException"}



def next_number() -> int:
    """Atomic ``ADD 1`` on the sequence (UpdateItem, ALL_NEW): no two tickets share a number."""
    counter = CounterModel(counter_id=TICKET_SEQUENCE)
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


def create(ticket: TicketModel, first_message: TicketMessageModel) -> None:
    """The ticket and its first message in one transaction: never a ticket without its message."""
    with TransactWrite(connection=aws.transactions()) as transaction:
        transaction.save(ticket, condition=TicketModel.ticket_id.does_not_exist())
        transaction.save(first_message,
                         condition=TicketMessageModel.message_key.does_not_exist())


def get(ticket_id: str) -> TicketModel | None:
    """Key condition: ``ticket_id = :id`` (consistent: the version read is the latest)."""
    try:
        return TicketModel.get(ticket_id, consistent_read=True)
    except DoesNotExist:
        return None


def thread(ticket_id: str) -> list[TicketMessageModel]:
    """Key condition: ``ticket_id = :id``, oldest first (``message_key`` begins with the time)."""
    return list(TicketMessageModel.query(ticket_id, scan_index_forward=True))


def read_marks(ticket: TicketModel) -> dict[str, str]:
    marks: Any = ticket.read_marks
    values = marks.as_dict() if hasattr(marks, "as_dict") else dict(marks or {})
    return {str(user): str(at) for user, at in values.items()}


def mark_read(ticket_id: str, user_id: str, at: str) -> None:
    """``SET read_marks.<user> = :at`` without a version bump: reading never conflicts with staff
    updates, and this attribute is only ever written for its own user."""
    TicketModel._get_connection().update_item(
        ticket_id, actions=[TicketModel.read_marks[user_id].set(at)],
        condition=TicketModel.ticket_id.exists())


def _update(ticket: TicketModel, actions: list[Action]) -> None:
    try:
        ticket.update(actions=actions)
    except UpdateError as error:
        if error.cause_response_code in _CONFLICTS:
            raise ConcurrentUpdate() from error
        raise


def record_message(ticket: TicketModel, message: TicketMessageModel, *, author: Side,
                   status: Status) -> None:
    """Put the message and move the ticket's markers (and status) in one transaction, on the
    version the caller read: a concurrent change makes the whole reply fail, never half-apply."""
    at = message.created_at
    last_by_side = (TicketModel.last_member_message_at if author is Side.MEMBER
                    else TicketModel.last_staff_message_at)
    actions: list[Action] = [
        TicketModel.last_message_at.set(at), last_by_side.set(at),
        TicketModel.message_count.add(1), TicketModel.updated_at.set(at),
        TicketModel.read_marks[message.author_id].set(at),
    ]
    if status != ticket.status:
        actions.append(TicketModel.status.set(status.value))
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(message, condition=TicketMessageModel.message_key.does_not_exist())
            transaction.update(ticket, actions=actions)
    except TransactWriteError as error:
        if error.cause_response_code in _CONFLICTS:
            raise ConcurrentUpdate() from error
        raise


def assign(ticket: TicketModel, *, assignee_id: str, assignee_name: str, status: Status,
           at: str) -> None:
    _update(ticket, [TicketModel.assignee_id.set(assignee_id),
                     TicketModel.assignee_name.set(assignee_name),
                     TicketModel.status.set(status.value), TicketModel.updated_at.set(at)])


def change_status(ticket: TicketModel, *, status: Status, at: str) -> None:
    _update(ticket, [TicketModel.status.set(status.value), TicketModel.updated_at.set(at)])


# --- lists --------------------------------------------------------------------------------

_INDEX_KEYS = {
    "member_id": frozenset({"ticket_id", "member_id", "created_at"}),
    "assignee_id": frozenset({"ticket_id", "assignee_id", "created_at"}),
    "status": frozenset({"ticket_id", "status", "created_at"}),
}


def _filters(status: Status | None, category: Category | None) -> Condition | None:
    condition: Condition | None = None
    if status is not None:
        condition = TicketModel.status == status.value
    if category is not None:
        by_category = TicketModel.category == category.value
        condition = by_category if condition is None else condition & by_category
    return condition


def _segment(index: Any, attribute: str, value: str, condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, filter_condition=condition, scan_index_forward=False,
                           limit=limit, last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_INDEX_KEYS[attribute], run=run)


def of_member(member_id: str, *, status: Status | None, category: Category | None,
              limit: int, cursor: str | None) -> Page[TicketModel]:
    """Index ``by_member``: ``member_id = :m``, newest first; status/category as filters."""
    segment = _segment(TicketModel.by_member, "member_id", member_id, _filters(status, category))
    return read_page([segment], limit, cursor)


def of_assignee(assignee_id: str, *, status: Status | None, category: Category | None,
                limit: int, cursor: str | None) -> Page[TicketModel]:
    """Index ``by_assignee``: ``assignee_id = :a``, newest first; status/category as filters."""
    segment = _segment(TicketModel.by_assignee, "assignee_id", assignee_id,
                       _filters(status, category))
    return read_page([segment], limit, cursor)


def with_statuses(statuses: Sequence[Status], *, category: Category | None, limit: int,
                  cursor: str | None) -> Page[TicketModel]:
    """Index ``by_status``: ``status = :s`` for each status in turn, newest first within each;
    category as a filter."""
    segments = [_segment(TicketModel.by_status, "status", status.value, _filters(None, category))
                for status in statuses]
    return read_page(segments, limit, cursor)
