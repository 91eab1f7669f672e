"""Tickets and their threads (tables ``tickets``, ``ticket_messages``; sequence ``seq#tickets``).

Every read is a GetItem or a Query on a key or index; every change to a ticket is conditioned on
its ``version`` (optimistic locking) except the caller's read mark, which no one else writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import and_
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.domain.tickets.ticket import (
    Assigned,
    Message,
    Moved,
    Opened,
    ReadMark,
    Replied,
    Ticket,
)
from chalicelib.domain.tickets.tickets import (
    ADMIN_LIST_ORDER,
    WAITING_FOR_STAFF,
    Category,
    ConcurrentUpdate,
    Side,
    Status,
)
from chalicelib.store.shared import aws, daily_quotas, staff_lists
from chalicelib.store.shared.conflicts import conflicts_as
from chalicelib.store.shared.models import CounterModel, TicketMessageModel, TicketModel
from chalicelib.store.shared.paging import Key, Page, Segment, read_page

TICKET_SEQUENCE = "seq#tickets"
STATUS_COUNTER = "tickets#status#"
"""``tickets#status#<status>`` in ``counters``: how many tickets are in that status (the admin
dashboard). Moved in the same transaction as every write that creates a ticket or changes its
status, so it never drifts from the tickets; ``dev.recount`` sets it from the items once."""
_QUOTA_POSITION = 2
"""The quota follows the ticket and its first message in a creation's transaction."""


def next_number() -> int:
    """Atomic ``ADD 1`` on the sequence (UpdateItem, ALL_NEW): no two tickets share a number."""
    counter = CounterModel(counter_id=TICKET_SEQUENCE)
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


def create(ticket: TicketModel, first_message: TicketMessageModel, quota: DailyQuota) -> None:
    """The ticket, its first message and the member's daily quota (``store.shared.daily_quotas``,
    one extra write) in one transaction: never a ticket without its message, never one past the
    quota (429 ``daily_limit_reached``)."""
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(ticket, condition=TicketModel.ticket_id.does_not_exist())
            transaction.save(first_message,
                             condition=TicketMessageModel.message_key.does_not_exist())
            daily_quotas.take(transaction, quota)
            _count(transaction, {ticket.status: 1})
    except TransactWriteError as error:
        if daily_quotas.failed_at(error, _QUOTA_POSITION):
            raise quota.refusal() from error
        raise


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


def status_counter(status: str) -> str:
    return f"{STATUS_COUNTER}{status}"


def _count(transaction: TransactWrite, deltas: dict[str, int]) -> None:
    """``ADD`` each status counter's delta (``{status: +1 or -1}``) in ``transaction``."""
    for status, delta in deltas.items():
        transaction.update(CounterModel(counter_id=status_counter(status)),
                           actions=[CounterModel.value.add(delta)])


def _status_actions(ticket: TicketModel, status: Status) -> list[Action]:
    """The new status and its place in ``by_staff_order``."""
    return [TicketModel.status.set(status.value), TicketModel.staff_list.set(staff_lists.PARTITION),
            TicketModel.staff_order.set(staff_lists.staff_order(ADMIN_LIST_ORDER, status.value,
                                                                ticket.created_at))]


def _update(ticket: TicketModel, actions: list[Action], status: Status) -> None:
    """The ticket on the version read and, when its status changes, its counters in the same
    transaction (never a counter moved for a change that lost its race, nor the reverse)."""
    moved = {ticket.status: -1, status.value: 1} if status.value != ticket.status else {}
    with conflicts_as(ConcurrentUpdate), \
            TransactWrite(connection=aws.transactions()) as transaction:
        transaction.update(ticket, actions=[*actions, *_status_actions(ticket, status)])
        _count(transaction, moved)


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
    moved: dict[str, int] = {}
    if status != ticket.status:
        actions.extend(_status_actions(ticket, status))
        moved = {ticket.status: -1, status.value: 1}
    with conflicts_as(ConcurrentUpdate), \
            TransactWrite(connection=aws.transactions()) as transaction:
        transaction.save(message, condition=TicketMessageModel.message_key.does_not_exist())
        transaction.update(ticket, actions=actions)
        _count(transaction, moved)


def assign(ticket: TicketModel, *, assignee_id: str, assignee_name: str, status: Status,
           at: str) -> None:
    _update(ticket, [TicketModel.assignee_id.set(assignee_id),
                     TicketModel.assignee_name.set(assignee_name),
                     TicketModel.updated_at.set(at)], status)


def change_status(ticket: TicketModel, *, status: Status, at: str) -> None:
    _update(ticket, [TicketModel.updated_at.set(at)], status)


# --- lists --------------------------------------------------------------------------------

_INDEX_KEYS = {
    "member_id": frozenset({"ticket_id", "member_id", "created_at"}),
    "assignee_id": frozenset({"ticket_id", "assignee_id", "created_at"}),
    "status": frozenset({"ticket_id", "status", "created_at"}),
}


def waiting_condition(waited_before: str) -> Condition:
    """``Ticket.waiting_since`` at or before the cutoff, as a FilterExpression: in a state that
    waits for the staff, the member's last message (or the creation, for a ticket without one)
    by then, and no staff message after it."""
    member_wrote = TicketModel.last_member_message_at
    staff_wrote = TicketModel.last_staff_message_at
    states = TicketModel.status.is_in(*(status.value for status in WAITING_FOR_STAFF))
    since_cutoff = ((member_wrote <= waited_before)
                    | (member_wrote.does_not_exist() & (TicketModel.created_at <= waited_before)))
    staff_not_after = (staff_wrote.does_not_exist() | (staff_wrote <= member_wrote)
                       | (member_wrote.does_not_exist()
                          & (staff_wrote <= TicketModel.created_at)))
    condition: Condition = states & since_cutoff & staff_not_after
    return condition


def _filters(status: Status | None, category: Category | None,
             waited_before: str | None = None) -> Condition | None:
    conditions: list[Condition] = []
    if status is not None:
        conditions.append(TicketModel.status == status.value)
    if category is not None:
        conditions.append(TicketModel.category == category.value)
    if waited_before is not None:
        conditions.append(waiting_condition(waited_before))
    combined: Condition | None = reduce(and_, conditions) if conditions else None
    return combined


def _segment(index: Any, attribute: str, value: str, condition: Condition | None,
             waited_before: str | None = None) -> Segment:
    """``waited_before`` adds the key condition ``created_at <= :cutoff``: a ticket waits at
    most since its creation, so none created later can have waited that long."""
    range_condition = None if waited_before is None else TicketModel.created_at <= waited_before

    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, range_key_condition=range_condition,
                           filter_condition=condition, scan_index_forward=False,
                           limit=limit, last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_INDEX_KEYS[attribute], run=run)


def of_member(member_id: str, *, status: Status | None, category: Category | None,
              limit: int, cursor: str | None) -> Page[TicketModel]:
    """Index ``by_member``: ``member_id = :m``, newest first; status/category as filters."""
    segment = _segment(TicketModel.by_member, "member_id", member_id, _filters(status, category))
    return read_page([segment], limit, cursor)


def of_assignee(assignee_id: str, *, status: Status | None, category: Category | None,
                limit: int, cursor: str | None,
                waited_before: str | None = None) -> Page[TicketModel]:
    """Index ``by_assignee``: ``assignee_id = :a``, newest first; status/category/waiting time
    as filters (waiting also as ``created_at <= :cutoff``)."""
    segment = _segment(TicketModel.by_assignee, "assignee_id", assignee_id,
                       _filters(status, category, waited_before), waited_before)
    return read_page([segment], limit, cursor)


def with_statuses(statuses: Sequence[Status], *, category: Category | None, limit: int,
                  cursor: str | None, waited_before: str | None = None) -> Page[TicketModel]:
    """Index ``by_status``: ``status = :s`` for each status in turn, newest first within each;
    category and waiting time as filters (waiting: only the states that wait, with
    ``created_at <= :cutoff``). More than one status: the same order from one Query of
    ``by_staff_order`` (``store.shared.staff_lists``), the waiting cutoff as a filter."""
    if waited_before is not None:
        statuses = [status for status in statuses if status in WAITING_FOR_STAFF]
    condition = _filters(None, category, waited_before)
    if len(statuses) > 1:  # one Query of by_staff_order in the same order (issue 19)
        if waited_before is not None:
            condition = _with(condition, TicketModel.created_at <= waited_before)
        return read_page([staff_lists.segment(TicketModel, "ticket_id", ADMIN_LIST_ORDER,
                                              statuses, condition)], limit, cursor)
    segments = [_segment(TicketModel.by_status, "status", status.value, condition,
                         waited_before)
                for status in statuses]
    return read_page(segments, limit, cursor)


def _with(condition: Condition | None, more: Condition) -> Condition:
    return more if condition is None else condition & more


def count_waiting(waited_before: str, assignee_id: str | None) -> int:
    """``Select=COUNT`` of the tickets waiting since ``waited_before`` or earlier: the assignee's
    ``by_assignee`` partition, or (``None``) each waiting state's ``by_status`` partition, with
    the key condition ``created_at <= :cutoff`` and the waiting filter. Billed for every item
    the key condition reads (those created before the cutoff)."""
    condition = waiting_condition(waited_before)
    if assignee_id is not None:
        index: Any = TicketModel.by_assignee
        return int(index.count(assignee_id, TicketModel.created_at <= waited_before,
                               filter_condition=condition))
    by_status: Any = TicketModel.by_status
    return sum(int(by_status.count(status.value, TicketModel.created_at <= waited_before,
                                   filter_condition=condition))
               for status in WAITING_FOR_STAFF)


def waiting_items(waited_before: str) -> list[TicketModel]:
    """Every ticket waiting since ``waited_before`` or earlier (the admins' daily summary): each
    waiting state's ``by_status`` partition with ``created_at <= :cutoff`` and the waiting
    filter, oldest first."""
    by_status: Any = TicketModel.by_status
    items = [item for status in WAITING_FOR_STAFF
             for item in by_status.query(status.value, TicketModel.created_at <= waited_before,
                                         filter_condition=waiting_condition(waited_before))]
    return sorted(items, key=lambda item: item.created_at)


# --- the repository of ``domain.tickets.ticket.Ticket`` -------------------------------------
#
# The service works on the entity; these translate it to and from the items above and call the
# functions above, so every write keeps its condition (the ``version`` of the ticket the change
# started from) and its transaction.


def to_ticket(item: TicketModel) -> Ticket:
    return Ticket(
        ticket_id=item.ticket_id, number=int(item.number), member_id=item.member_id,
        member_name=item.member_name, status=Status(item.status),
        category=Category(item.category), subject=item.subject, created_at=item.created_at,
        updated_at=item.updated_at, assignee_id=item.assignee_id,
        assignee_name=item.assignee_name, last_message_at=item.last_message_at,
        last_member_message_at=item.last_member_message_at,
        last_staff_message_at=item.last_staff_message_at,
        message_count=int(item.message_count or 0), read_marks=read_marks(item),
        version=None if item.version is None else int(item.version))


def to_item(ticket: Ticket) -> TicketModel:
    """A new ticket has no ``version`` yet: its first save sets one."""
    item = TicketModel(
        ticket_id=ticket.ticket_id, number=ticket.number, member_id=ticket.member_id,
        member_name=ticket.member_name, status=ticket.status.value,
        category=ticket.category.value, subject=ticket.subject, created_at=ticket.created_at,
        updated_at=ticket.updated_at, assignee_id=ticket.assignee_id,
        assignee_name=ticket.assignee_name, last_message_at=ticket.last_message_at,
        last_member_message_at=ticket.last_member_message_at,
        last_staff_message_at=ticket.last_staff_message_at,
        message_count=ticket.message_count, read_marks=dict(ticket.read_marks),
        staff_list=staff_lists.PARTITION,
        staff_order=staff_lists.staff_order(ADMIN_LIST_ORDER, ticket.status.value,
                                            ticket.created_at))
    if ticket.version is not None:
        item.version = ticket.version
    return item


def to_message(item: TicketMessageModel) -> Message:
    return Message(message_id=item.message_key.rsplit("#", 1)[-1], author_id=item.author_id,
                   author_role=item.author_role, author_name=item.author_name, body=item.body,
                   created_at=item.created_at)


def to_message_item(ticket_id: str, message: Message) -> TicketMessageModel:
    """``message_key`` starts with the instant, so a Query returns the thread in order."""
    return TicketMessageModel(ticket_id=ticket_id,
                              message_key=f"{message.created_at}#{message.message_id}",
                              author_id=message.author_id, author_role=message.author_role,
                              author_name=message.author_name, body=message.body,
                              created_at=message.created_at)


def _tickets(page: Page[TicketModel]) -> Page[Ticket]:
    return Page([to_ticket(item) for item in page.items], page.next_cursor)


class DynamoTickets:
    """``services.tickets.tickets.TicketRepository`` on DynamoDB."""

    def next_number(self) -> int:
        return next_number()

    def create(self, opened: Opened, quota: DailyQuota) -> None:
        create(to_item(opened.ticket),
               to_message_item(opened.ticket.ticket_id, opened.first_message), quota)

    def load(self, ticket_id: str) -> Ticket | None:
        item = get(ticket_id)
        return None if item is None else to_ticket(item)

    def thread(self, ticket_id: str) -> list[Message]:
        return [to_message(item) for item in thread(ticket_id)]

    def mark_read(self, mark: ReadMark) -> None:
        mark_read(mark.ticket.ticket_id, mark.user_id, mark.at)

    def add_message(self, change: Replied) -> None:
        record_message(to_item(change.before),
                       to_message_item(change.ticket.ticket_id, change.message),
                       author=change.side, status=change.ticket.status)

    def assign(self, change: Assigned) -> None:
        after = change.ticket
        assign(to_item(change.before), assignee_id=after.assignee_id or "",
               assignee_name=after.assignee_name or "", status=after.status,
               at=after.updated_at)

    def move(self, change: Moved) -> None:
        change_status(to_item(change.before), status=change.ticket.status,
                      at=change.ticket.updated_at)

    def of_member(self, member_id: str, *, status: Status | None, category: Category | None,
                  limit: int, cursor: str | None) -> Page[Ticket]:
        return _tickets(of_member(member_id, status=status, category=category, limit=limit,
                                  cursor=cursor))

    def of_assignee(self, assignee_id: str, *, status: Status | None,
                    category: Category | None, limit: int, cursor: str | None,
                    waited_before: str | None = None) -> Page[Ticket]:
        return _tickets(of_assignee(assignee_id, status=status, category=category, limit=limit,
                                    cursor=cursor, waited_before=waited_before))

    def with_statuses(self, statuses: Sequence[Status], *, category: Category | None,
                      limit: int, cursor: str | None,
                      waited_before: str | None = None) -> Page[Ticket]:
        return _tickets(with_statuses(statuses, category=category, limit=limit, cursor=cursor,
                                      waited_before=waited_before))
