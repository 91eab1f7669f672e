"""Use cases of the buzón: open a ticket, list, read, reply, assign, change its status.

``TicketDesk`` works on ``domain.tickets.ticket.Ticket`` through the ports below: it loads the
ticket behind the audited 404 of every assigned case (``services.shared.assigned_cases``), lets
the entity decide the move, saves what changed, audits it and e-mails whom the change names. The
app wires the DynamoDB store (``desk()``); the service tests wire in-memory ones. Who is
e-mailed (``domain.tickets.ticket.Notice``):

- a member's reply → the assignee; on an unassigned ticket nobody;
- a staff reply → the member;
- an assignment → the new assignee, and the member the first time (open → assigned);
- a status change → the member.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

from chalicelib.domain.shared.case_waiting import waited_before, waiting_fields
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.daily_quota import DailyQuota, daily_quota
from chalicelib.domain.shared.emails import Email
from chalicelib.domain.shared.errors import InvalidInput, NotAuthenticated, Throttled
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.tickets import emails as ticket_emails
from chalicelib.domain.tickets import tickets as rules
from chalicelib.domain.tickets.requests import (
    AssignRequest,
    ListQuery,
    ReplyRequest,
    StatusRequest,
)
from chalicelib.domain.tickets.ticket import (
    Assigned,
    Message,
    Moved,
    Notice,
    Opened,
    Person,
    ReadMark,
    Replied,
    StatusMove,
    Ticket,
)
from chalicelib.domain.tickets.tickets import Category, NewTicket, Side, Status
from chalicelib.services.shared import assigned_cases, notifications, routing
from chalicelib.services.shared.assigned_cases import AuditLog, CaseKind, Listing, Parties
from chalicelib.settings import settings
from chalicelib.store.shared.paging import Page
from chalicelib.store.tickets import tickets as store
from chalicelib.store.tickets.people import UserDirectory

REPLY_ATTEMPTS = 3
"""A reply is an append: when another change wins the race it is re-read and re-applied."""

TICKET = CaseKind(target_prefix="ticket", denied_action="tickets.access_denied",
                  not_found_message="El ticket no existe.", not_found_code="ticket_not_found")


# --- ports ----------------------------------------------------------------------------------


class TicketRepository(Protocol):
    """Where tickets live. Every save is conditioned on the ticket the change started from
    (``change.before``) and raises ``rules.ConcurrentUpdate`` when it changed meanwhile."""

    def next_number(self) -> int: ...
    def create(self, opened: Opened, quota: DailyQuota) -> None:
        """Within the member's daily quota, or raise its 429 and write nothing."""
        ...
    def load(self, ticket_id: str) -> Ticket | None: ...
    def thread(self, ticket_id: str) -> list[Message]: ...
    def mark_read(self, mark: ReadMark) -> None: ...
    def add_message(self, change: Replied) -> None: ...
    def assign(self, change: Assigned) -> None: ...
    def move(self, change: Moved) -> None: ...

    def of_member(self, member_id: str, *, status: Status | None, category: Category | None,
                  limit: int, cursor: str | None) -> Page[Ticket]: ...

    def of_assignee(self, assignee_id: str, *, status: Status | None,
                    category: Category | None, limit: int, cursor: str | None,
                    waited_before: str | None = None) -> Page[Ticket]:
        """``waited_before``: only those waiting for the staff since that stamp or earlier."""
        ...

    def with_statuses(self, statuses: Sequence[Status], *, category: Category | None,
                      limit: int, cursor: str | None,
                      waited_before: str | None = None) -> Page[Ticket]: ...


class People(Protocol):
    def find(self, user_id: str) -> Person | None: ...


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class _QueuedMail:
    """Requests queue their e-mails; the notifier sends them."""

    def send(self, email: Email) -> None:
        notifications.send_email(email)


# --- the use cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketDesk:
    tickets: TicketRepository
    people: People
    mailer: Mailer
    audit_log: AuditLog
    site_url: str
    daily_tickets: int = 5
    routing: routing.ArrivalRouting = routing.NO_ROUTING
    """Who a new ticket goes to on arrival (``services.shared.routing``)."""
    overdue_hours: int = field(default_factory=lambda: settings().case_overdue_hours)
    """Past this a waiting ticket is overdue (``CASE_OVERDUE_HOURS``)."""

    def open_ticket(self, principal: Principal, form: NewTicket,
                    context: RequestContext) -> dict[str, Any]:
        """A member's new ticket: a number from the atomic sequence and the first message;
        past ``daily_tickets`` today (Lima) an audited 429 ``daily_limit_reached``."""
        member = self._author(principal)
        ticket_id, now = uuid.uuid4().hex, utc_now()
        opened = Ticket.open(ticket_id, self.tickets.next_number(),
                             member.as_author(principal.role), form, now, uuid.uuid4().hex)
        ticket = opened.ticket
        quota = daily_quota("tickets", principal.user_id, self.daily_tickets,
                            rules.daily_limit_message(self.daily_tickets), now)
        try:
            self.tickets.create(opened, quota)
        except Throttled as refusal:
            self._audit("tickets.created", principal, context, ticket, outcome="denied",
                        reason=refusal.code, category=form.category.value)
            raise
        self._audit("tickets.created", principal, context, ticket, category=form.category.value,
                    subject_length=len(form.subject), message_length=len(form.message))
        ticket = self.routing.route_ticket(ticket, self.tickets, context)  # issue 17
        return {"id": ticket_id, "number": ticket.number, "status": ticket.status.value,
                "created_at": _api_instant(ticket.created_at)}

    def list_tickets(self, principal: Principal, query: ListQuery) -> dict[str, Any]:
        """Members: their own; operators: assigned to them; admins: all, by ``assignee`` or
        ``status``, or every status in turn with the open queue first. ``status`` and
        ``category`` filter every view, ``waiting`` the staff's; each row says how long the
        ticket has waited for the staff."""
        now = utc_now()
        page = assigned_cases.read_list(principal, {"assignee": query.assignee},
                                        self._listing(query, now))
        return {"items": [{**_summary(ticket, principal),
                           **waiting_fields(ticket.waiting_since, now, self.overdue_hours)}
                          for ticket in page.items],
                "next_cursor": page.next_cursor}

    def read_ticket(self, principal: Principal, ticket_id: str,
                    context: RequestContext) -> dict[str, Any]:
        """The ticket and its whole thread; reading marks it read for the caller."""
        ticket = self._visible(principal, ticket_id, context)
        detail = _detail(ticket, self.tickets.thread(ticket.ticket_id), principal)
        mark = ticket.read_by(principal.role, principal.user_id, utc_now())
        if mark is not None:
            self.tickets.mark_read(mark)
            detail["unread"] = False
        return detail

    def post_message(self, principal: Principal, ticket_id: str, request: ReplyRequest,
                     context: RequestContext) -> dict[str, Any]:
        """Add a reply (``Ticket.reply``); the other side is e-mailed."""
        author = self._author(principal)
        change = self._reply(principal, ticket_id, author, request.body, context)
        self._audit("tickets.message_added", principal, context, change.ticket,
                    message_id=change.message.message_id, body_length=len(request.body))
        if change.status_move is not None:
            self._audit_move(principal, context, change.ticket, change.status_move)
        self._notify(change.notices, change.ticket, author.name)
        return {"id": change.ticket.ticket_id, "status": change.ticket.status.value,
                "message": _message_view(change.message, principal)}

    def assign_ticket(self, principal: Principal, ticket_id: str, request: AssignRequest,
                      context: RequestContext) -> dict[str, Any]:
        """An admin gives the ticket to an active operator or admin; it becomes ``assigned``."""
        ticket = self._visible(principal, ticket_id, context)
        assignee = self._active_staff(request.operator_id)
        change = ticket.assign(assignee, utc_now())
        if change is None:
            return _after_change(ticket, principal)  # already theirs: nothing to write or say
        self.tickets.assign(change)
        self._audit("tickets.assigned", principal, context, change.ticket,
                    assignee_id=assignee.user_id,
                    previous_assignee_id=ticket.assignee_id or "-",
                    from_status=change.status_move.from_status.value,
                    to_status=change.status_move.to_status.value)
        self._notify(change.notices, change.ticket, "")
        return _after_change(change.ticket, principal)

    def change_status(self, principal: Principal, ticket_id: str, request: StatusRequest,
                      context: RequestContext) -> dict[str, Any]:
        """The assignee or an admin moves the ticket along the state machine."""
        ticket = self._visible(principal, ticket_id, context)
        change = ticket.move(request.status, utc_now())
        self.tickets.move(change)
        self._audit_move(principal, context, change.ticket, change.status_move)
        self._notify(change.notices, change.ticket, "")
        return _after_change(change.ticket, principal)

    # --- steps ------------------------------------------------------------------------------

    def _visible(self, principal: Principal, ticket_id: str,
                 context: RequestContext) -> Ticket:
        return assigned_cases.visible(principal, ticket_id, context, TICKET,
                                      load=self.tickets.load, parties=_parties,
                                      audit_log=self.audit_log)

    def _reply(self, principal: Principal, ticket_id: str, author: Person, body: str,
               context: RequestContext) -> Replied:
        """Decide the reply on the ticket as read; when another change won the race, read it
        again and decide anew (a member's reply may now reopen a ticket just resolved)."""
        for attempt in range(1, REPLY_ATTEMPTS + 1):
            ticket = self._visible(principal, ticket_id, context)
            change = ticket.reply(author.as_author(principal.role), body, utc_now(),
                                  uuid.uuid4().hex)
            try:
                self.tickets.add_message(change)
                return change
            except rules.ConcurrentUpdate:
                if attempt == REPLY_ATTEMPTS:
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _listing(self, query: ListQuery, now: datetime) -> Listing[Page[Ticket]]:
        status, category, limit, cursor = query.status, query.category, query.limit, query.cursor
        statuses = [status] if status else list(rules.ADMIN_LIST_ORDER)
        cutoff = (None if query.waiting is None
                  else waited_before(query.waiting, now, self.overdue_hours))
        return Listing(
            of_member=lambda member_id: self.tickets.of_member(
                member_id, status=status, category=category, limit=limit, cursor=cursor),
            of_assignee=lambda assignee_id: self.tickets.of_assignee(
                assignee_id, status=status, category=category, limit=limit, cursor=cursor,
                waited_before=cutoff),
            everyone=lambda: self.tickets.with_statuses(
                statuses, category=category, limit=limit, cursor=cursor,
                waited_before=cutoff))

    def _author(self, principal: Principal) -> Person:
        person = self.people.find(principal.user_id)
        if person is None:
            raise NotAuthenticated()
        return person

    def _active_staff(self, user_id: str) -> Person:
        person = self.people.find(user_id)
        if person is None or not person.is_active_staff:
            raise InvalidInput("Solo se asignan tickets a operadores o administradores activos.",
                               code="invalid_assignee",
                               fields={"operator_id": "Elige un operador o administrador activo."})
        return person

    def _audit(self, action: str, principal: Principal, context: RequestContext, ticket: Ticket,
               outcome: str = "success", **details: object) -> None:
        """Ids, numbers, states and lengths only: a message's text never reaches the audit. The
        record is about the ticket's member (dropped by the writer when they are the actor)."""
        self.audit_log.record(action=action, outcome=outcome, context=context,
                              principal=principal, target=TICKET.target(ticket.ticket_id),
                              details={"number": ticket.number, **details},
                              subject_id=ticket.member_id)

    def _audit_move(self, principal: Principal, context: RequestContext, ticket: Ticket,
                    move: StatusMove) -> None:
        self._audit("tickets.status_changed", principal, context, ticket,
                    from_status=move.from_status.value, to_status=move.to_status.value,
                    reason=move.reason)

    def _notify(self, notices: Sequence[Notice], ticket: Ticket, author_name: str) -> None:
        """Each e-mail goes to its person only while their account is active."""
        for notice in notices:
            recipient_id = ticket.member_id if notice in _TO_MEMBER else ticket.assignee_id
            person = self.people.find(recipient_id) if recipient_id else None
            if person is not None and person.active:
                self.mailer.send(_email(notice, person.email, ticket, author_name,
                                        self.site_url))


# --- the app's desk and its entry points ------------------------------------------------------


def desk() -> TicketDesk:
    """The desk on DynamoDB, the SQS mail queue and the audit table."""
    return TicketDesk(tickets=store.DynamoTickets(), people=UserDirectory(),
                      mailer=_QueuedMail(), audit_log=assigned_cases.APP_AUDIT,
                      site_url=settings().site_url,
                      daily_tickets=settings().member_daily_tickets,
                      routing=routing.APP_ROUTING)


def open_ticket(principal: Principal, form: NewTicket,
                context: RequestContext) -> dict[str, Any]:
    return desk().open_ticket(principal, form, context)


def list_tickets(principal: Principal, query: ListQuery) -> dict[str, Any]:
    return desk().list_tickets(principal, query)


def read_ticket(principal: Principal, ticket_id: str, context: RequestContext) -> dict[str, Any]:
    return desk().read_ticket(principal, ticket_id, context)


def post_message(principal: Principal, ticket_id: str, request: ReplyRequest,
                 context: RequestContext) -> dict[str, Any]:
    return desk().post_message(principal, ticket_id, request, context)


def assign_ticket(principal: Principal, ticket_id: str, request: AssignRequest,
                  context: RequestContext) -> dict[str, Any]:
    return desk().assign_ticket(principal, ticket_id, request, context)


def change_status(principal: Principal, ticket_id: str, request: StatusRequest,
                  context: RequestContext) -> dict[str, Any]:
    return desk().change_status(principal, ticket_id, request, context)


# --- answers ----------------------------------------------------------------------------------


def _parties(ticket: Ticket) -> Parties:
    return Parties(member_id=ticket.member_id, assignee_id=ticket.assignee_id)


def _api_instant(stamp: str | None) -> str | None:
    return iso_instant(parse_instant(stamp)) if stamp else None


def _summary(ticket: Ticket, principal: Principal) -> dict[str, Any]:
    return {
        "id": ticket.ticket_id,
        "number": ticket.number,
        "subject": ticket.subject,
        "category": ticket.category.value,
        "category_label": rules.CATEGORY_LABELS[ticket.category],
        "status": ticket.status.value,
        "status_label": rules.STATUS_LABELS[ticket.status],
        "member_id": ticket.member_id,
        "member_name": ticket.member_name,
        "assignee_id": ticket.assignee_id,
        "assignee_name": ticket.assignee_name,
        "created_at": _api_instant(ticket.created_at),
        "updated_at": _api_instant(ticket.updated_at),
        "last_message_at": _api_instant(ticket.last_message_at),
        "message_count": ticket.message_count,
        "unread": ticket.is_unread_for(principal.role, principal.user_id),
    }


def _message_view(message: Message, principal: Principal) -> dict[str, Any]:
    return {
        "id": message.message_id,
        "author_role": message.author_role,
        "author_name": message.author_name,
        "body": message.body,
        "created_at": _api_instant(message.created_at),
        "mine": message.author_id == principal.user_id,
    }


def _allowed_statuses(ticket: Ticket, principal: Principal) -> list[str]:
    return [status.value for status in ticket.staff_moves_for(principal.role)]


def _detail(ticket: Ticket, messages: list[Message], principal: Principal) -> dict[str, Any]:
    return {
        **_summary(ticket, principal),
        "messages": [_message_view(message, principal) for message in messages],
        "can_reply": ticket.status is not Status.CLOSED,
        "allowed_statuses": _allowed_statuses(ticket, principal),
    }


def _after_change(ticket: Ticket, principal: Principal) -> dict[str, Any]:
    return {**_summary(ticket, principal),
            "allowed_statuses": _allowed_statuses(ticket, principal)}


# --- e-mails ----------------------------------------------------------------------------------

_TO_MEMBER = frozenset({Notice.REPLY_TO_MEMBER, Notice.ASSIGNED_TO_MEMBER,
                        Notice.STATUS_TO_MEMBER})


def _link(site_url: str, side: Side, ticket_id: str) -> str:
    page = "buzon" if side is Side.MEMBER else "mensajes"
    return f"{site_url.rstrip('/')}/{page}?ticket={quote(ticket_id)}"


def _email(notice: Notice, to: str, ticket: Ticket, author_name: str, site_url: str) -> Email:
    """``author_name``: who wrote the reply a reply notice is about."""
    number, subject = ticket.number, ticket.subject
    member_link = _link(site_url, Side.MEMBER, ticket.ticket_id)
    staff_link = _link(site_url, Side.STAFF, ticket.ticket_id)
    match notice:
        case Notice.REPLY_TO_MEMBER:
            return ticket_emails.reply_to_member(to, number=number, subject=subject,
                                                 author_name=author_name, link=member_link)
        case Notice.REPLY_TO_ASSIGNEE:
            return ticket_emails.reply_to_staff(to, number=number, subject=subject,
                                                member_name=author_name, link=staff_link)
        case Notice.ASSIGNED_TO_STAFF:
            return ticket_emails.assigned_to_staff(
                to, number=number, subject=subject, category=ticket.category,
                member_name=ticket.member_name, link=staff_link)
        case Notice.ASSIGNED_TO_MEMBER:
            return ticket_emails.assigned_to_member(to, number=number, subject=subject,
                                                    link=member_link)
        case Notice.STATUS_TO_MEMBER:
            return ticket_emails.status_to_member(to, number=number, subject=subject,
                                                  status=ticket.status, link=member_link)
