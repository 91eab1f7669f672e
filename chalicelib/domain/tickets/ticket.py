"""A ticket of the buzón as the domain sees it, and what each of its moves changes.

``Ticket`` is an immutable value: ``reply``, ``assign``, ``move`` and ``read_by`` return a change
that carries the ticket after the move together with what the service must do about it (the new
message, the status move to audit, whom to e-mail). The rules themselves (the state machine, who
sees what, unread markers) are the functions of ``domain.tickets.tickets``; this module only puts
them behind the entity. The store keeps ``version`` opaque: it conditions the write of a change
on the version of ``before``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.shared.assigned_case import can_see, stamp
from chalicelib.domain.shared.permissions import STAFF_ROLES, Role
from chalicelib.domain.tickets import tickets as rules
from chalicelib.domain.tickets.tickets import Category, NewTicket, Side, Status


@dataclass(frozen=True)
class Author:
    """Who writes or receives a ticket: the name is copied into the ticket and its messages."""

    user_id: str
    role: Role
    name: str

    @property
    def side(self) -> Side:
        return rules.side_of(self.role)


@dataclass(frozen=True)
class Person:
    """A user as the buzón needs them: to sign a message, to take a ticket, to be e-mailed."""

    user_id: str
    role: Role | None
    """``None`` for a stored role the portal does not know (never staff)."""
    name: str
    email: str
    active: bool

    @property
    def is_active_staff(self) -> bool:
        return self.active and self.role in STAFF_ROLES

    def as_author(self, role: Role) -> Author:
        """Signed with the role of the session that writes (the principal's)."""
        return Author(user_id=self.user_id, role=role, name=self.name)


@dataclass(frozen=True)
class Message:
    message_id: str
    author_id: str
    author_role: str
    author_name: str
    body: str
    created_at: str
    """An ``assigned_case.stamp`` instant: messages sort by it."""


class Notice(StrEnum):
    """An e-mail a change calls for; the service finds the address and writes it."""

    REPLY_TO_MEMBER = "reply_to_member"
    REPLY_TO_ASSIGNEE = "reply_to_assignee"
    ASSIGNED_TO_STAFF = "assigned_to_staff"
    ASSIGNED_TO_MEMBER = "assigned_to_member"
    STATUS_TO_MEMBER = "status_to_member"


@dataclass(frozen=True)
class StatusMove:
    """One step along the state machine: the audit's history entry."""

    from_status: Status
    to_status: Status
    reason: str


@dataclass(frozen=True)
class Ticket:
    ticket_id: str
    number: int
    member_id: str
    member_name: str
    status: Status
    category: Category
    subject: str
    created_at: str
    updated_at: str
    assignee_id: str | None = None
    assignee_name: str | None = None
    last_message_at: str | None = None
    last_member_message_at: str | None = None
    last_staff_message_at: str | None = None
    message_count: int = 0
    read_marks: dict[str, str] = field(default_factory=dict)
    version: int | None = None

    @classmethod
    def open(cls, ticket_id: str, number: int, member: Author, form: NewTicket,
             moment: datetime, message_id: str) -> Opened:
        """A member's new ticket: ``open``, with their message first in the thread."""
        at = stamp(moment)
        ticket = cls(ticket_id=ticket_id, number=number, member_id=member.user_id,
                     member_name=member.name, status=Status.OPEN, category=form.category,
                     subject=form.subject, created_at=at, updated_at=at, last_message_at=at,
                     last_member_message_at=at, message_count=1,
                     read_marks={member.user_id: at})
        return Opened(ticket, _message(message_id, member, form.message, at))

    def visible_to(self, role: Role, user_id: str) -> bool:
        return can_see(role, user_id, self.member_id, self.assignee_id)

    @property
    def waiting_since(self) -> str | None:
        """Since when the ticket waits for the staff (``domain.shared.waiting``): the member's
        last message (or the creation) while it is open, assigned or in progress and the staff
        has not answered that message; ``None`` when it waits for the member or for no one.
        ``store.tickets.tickets.waiting_condition`` is the same rule as a DynamoDB filter."""
        if self.status not in rules.WAITING_FOR_STAFF:
            return None
        member_wrote = self.last_member_message_at or self.created_at
        staff_wrote = self.last_staff_message_at
        if staff_wrote is not None and staff_wrote > member_wrote:
            return None
        return member_wrote

    def is_unread_for(self, role: Role, user_id: str) -> bool:
        return rules.is_unread(rules.side_of(role), self.last_member_message_at,
                               self.last_staff_message_at, self.read_marks.get(user_id))

    def read_by(self, role: Role, user_id: str, moment: datetime) -> ReadMark | None:
        """Reading marks the ticket read for the reader; nothing to write when it was read."""
        if not self.is_unread_for(role, user_id):
            return None
        at = stamp(moment)
        marks = {**self.read_marks, user_id: at}
        return ReadMark(replace(self, read_marks=marks), user_id, at)

    def staff_moves_for(self, role: Role) -> list[Status]:
        return rules.staff_moves_for(role, self.status)

    def reply(self, author: Author, body: str, moment: datetime, message_id: str) -> Replied:
        """Add a message; a member reopens a resolved ticket, staff start work on an assigned
        one. The other side is told."""
        rules.check_room_for_reply(self.message_count)
        side = author.side
        after = rules.status_after_reply(self.status, side, bool(self.assignee_id))
        at = stamp(moment)
        message = _message(message_id, author, body, at)
        ticket = replace(self, status=after, updated_at=at, last_message_at=at,
                         message_count=self.message_count + 1,
                         read_marks={**self.read_marks, author.user_id: at})
        ticket = _with_last_by_side(ticket, side, at)
        move = StatusMove(self.status, after, f"{side.value}_reply") if after != self.status \
            else None
        return Replied(self, ticket, message, side, move, _reply_notices(side, self))

    def assign(self, assignee: Person, moment: datetime) -> Assigned | None:
        """Give the ticket to ``assignee`` (``assigned``); ``None`` when it already is theirs."""
        if self.assignee_id == assignee.user_id and self.status in rules.ASSIGNABLE:
            return None
        after = rules.status_after_assignment(self.status)
        ticket = replace(self, assignee_id=assignee.user_id, assignee_name=assignee.name,
                         status=after, updated_at=stamp(moment))
        notices = (Notice.ASSIGNED_TO_STAFF,) if self.status is not Status.OPEN \
            else (Notice.ASSIGNED_TO_STAFF, Notice.ASSIGNED_TO_MEMBER)
        return Assigned(self, ticket, StatusMove(self.status, after, "assignment"), notices)

    def move(self, requested: Status, moment: datetime) -> Moved:
        """The status endpoint: the assignee or an admin moves the ticket; the member is told."""
        after = rules.status_after_staff_change(self.status, requested)
        ticket = replace(self, status=after, updated_at=stamp(moment))
        return Moved(self, ticket, StatusMove(self.status, after, "staff"),
                     (Notice.STATUS_TO_MEMBER,))


def _message(message_id: str, author: Author, body: str, at: str) -> Message:
    return Message(message_id=message_id, author_id=author.user_id,
                   author_role=author.role.value, author_name=author.name, body=body,
                   created_at=at)


def _with_last_by_side(ticket: Ticket, side: Side, at: str) -> Ticket:
    if side is Side.MEMBER:
        return replace(ticket, last_member_message_at=at)
    return replace(ticket, last_staff_message_at=at)


def _reply_notices(side: Side, before: Ticket) -> tuple[Notice, ...]:
    """Staff replies reach the member; a member's reply reaches the assignee, and nobody on an
    unassigned ticket (the admins' open queue shows it unread; mailing every admin would spread
    members' questions over many inboxes for no gain)."""
    if side is Side.STAFF:
        return (Notice.REPLY_TO_MEMBER,)
    return (Notice.REPLY_TO_ASSIGNEE,) if before.assignee_id else ()


# --- what changed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    ticket: Ticket
    first_message: Message


@dataclass(frozen=True)
class ReadMark:
    ticket: Ticket
    user_id: str
    at: str


@dataclass(frozen=True)
class Replied:
    before: Ticket
    ticket: Ticket
    message: Message
    side: Side
    status_move: StatusMove | None
    notices: tuple[Notice, ...]


@dataclass(frozen=True)
class Assigned:
    before: Ticket
    ticket: Ticket
    status_move: StatusMove
    notices: tuple[Notice, ...]


@dataclass(frozen=True)
class Moved:
    before: Ticket
    ticket: Ticket
    status_move: StatusMove
    notices: tuple[Notice, ...]
