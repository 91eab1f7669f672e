"""Use cases of the buzón: open a ticket, list, read, reply, assign, change its status.

Rules live in ``domain.tickets.tickets``; this module loads, checks who may see the ticket (anyone
else
gets 404, audited), writes through ``store.tickets.tickets``, audits every change and queues the
e-mails
for the notifier. Who is e-mailed:

- a member's reply → the assignee; on an unassigned ticket nobody (admins work the ``open``
  queue, where the unread marker shows it; e-mailing every admin would spread members' questions
  over many inboxes for no gain);
- a staff reply → the member;
- an assignment → the new assignee, and the member the first time (open → assigned);
- a status change → the member.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.emails import Email
from chalicelib.domain.shared.errors import InvalidInput, NotAuthenticated, NotFound
from chalicelib.domain.shared.permissions import ADMIN_ROLES, STAFF_ROLES, Role, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.tickets import emails as ticket_emails
from chalicelib.domain.tickets import tickets as rules
from chalicelib.domain.tickets.tickets import Side, Status
from chalicelib.services.shared import audit, notifications
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import TicketMessageModel, TicketModel, UserModel
from chalicelib.store.shared.paging import Page
from chalicelib.store.tickets import tickets as store

REPLY_ATTEMPTS = 3
"""A reply is an append: when another change wins the race it is re-read and re-applied."""


# --- use cases ----------------------------------------------------------------------------


def open_ticket(principal: Principal, data: Mapping[str, Any],
                context: RequestContext) -> dict[str, Any]:
    """A member's new ticket: a number from the atomic sequence and the first message."""
    form = rules.parse_new_ticket(data)
    member = _user(principal)
    now = rules.stamp(utc_now())
    ticket_id = uuid.uuid4().hex
    number = store.next_number()
    ticket = TicketModel(
        ticket_id=ticket_id, number=number, member_id=principal.user_id,
        member_name=_name(member), status=Status.OPEN.value, category=form.category.value,
        subject=form.subject, created_at=now, updated_at=now, last_message_at=now,
        last_member_message_at=now, message_count=1, read_marks={principal.user_id: now},
    )
    store.create(ticket, _message(ticket_id, member, principal.role, form.message, now))
    _audit("tickets.created", principal, context, ticket, category=form.category.value,
           subject_length=len(form.subject), message_length=len(form.message))
    return {"id": ticket_id, "number": number, "status": Status.OPEN.value,
            "created_at": _api_instant(now)}


def list_tickets(principal: Principal, query: Mapping[str, str]) -> dict[str, Any]:
    """Members: their own (``by_member``); operators: assigned to them (``by_assignee``); admins:
    all, by ``assignee`` (``by_assignee``) or ``status`` (``by_status``), or every status in turn
    with the open queue first. ``status`` and ``category`` filter every view."""
    status = rules.parse_status_filter(query.get("status"))
    category = rules.parse_category_filter(query.get("category"))
    limit = rules.parse_limit(query.get("limit"))
    cursor = query.get("cursor") or None
    page = _page(principal, query, status, category, limit, cursor)
    return {"items": [_summary(ticket, principal) for ticket in page.items],
            "next_cursor": page.next_cursor}


def read_ticket(principal: Principal, ticket_id: str,
                context: RequestContext) -> dict[str, Any]:
    """The ticket and its whole thread; reading marks it read for the caller."""
    ticket = _visible(principal, ticket_id, context)
    messages = store.thread(ticket.ticket_id)
    detail = _detail(ticket, messages, principal)
    if detail["unread"]:
        store.mark_read(ticket.ticket_id, principal.user_id, rules.stamp(utc_now()))
        detail["unread"] = False
    return detail


def post_message(principal: Principal, ticket_id: str, data: Mapping[str, Any],
                 context: RequestContext) -> dict[str, Any]:
    """Add a reply; a member's reply reopens a resolved ticket, the first staff reply starts
    work on an assigned one. The other side is e-mailed."""
    body = rules.parse_reply(data)
    author = _user(principal)
    side = rules.side_of(principal.role)
    for attempt in range(1, REPLY_ATTEMPTS + 1):
        ticket = _visible(principal, ticket_id, context)
        before = Status(ticket.status)
        rules.check_room_for_reply(int(ticket.message_count or 0))
        after = rules.status_after_reply(before, side, bool(ticket.assignee_id))
        message = _message(ticket.ticket_id, author, principal.role, body,
                           rules.stamp(utc_now()))
        try:
            store.record_message(ticket, message, author=side, status=after)
            break
        except rules.ConcurrentUpdate:
            if attempt == REPLY_ATTEMPTS:
                raise
    _audit("tickets.message_added", principal, context, ticket,
           message_id=message.message_key.rsplit("#", 1)[-1], body_length=len(body))
    if after is not before:
        _audit("tickets.status_changed", principal, context, ticket, from_status=before.value,
               to_status=after.value, reason=f"{side.value}_reply")
    _notify_reply(ticket, side, author)
    return {"id": ticket.ticket_id, "status": after.value,
            "message": _message_view(message, principal)}


def assign_ticket(principal: Principal, ticket_id: str, data: Mapping[str, Any],
                  context: RequestContext) -> dict[str, Any]:
    """An admin gives the ticket to an active operator or admin; it becomes ``assigned``."""
    operator_id = rules.parse_operator_id(data)
    ticket = _visible(principal, ticket_id, context)
    assignee = _active_staff(operator_id)
    before = Status(ticket.status)
    if ticket.assignee_id == assignee.user_id and before in rules.ASSIGNABLE:
        return _after_change(ticket, principal)  # already theirs: nothing to write or announce
    after = rules.status_after_assignment(before)
    previous_assignee = ticket.assignee_id
    store.assign(ticket, assignee_id=assignee.user_id, assignee_name=_name(assignee),
                 status=after, at=rules.stamp(utc_now()))
    _audit("tickets.assigned", principal, context, ticket, assignee_id=assignee.user_id,
           previous_assignee_id=previous_assignee or "-", from_status=before.value,
           to_status=after.value)
    _send(ticket_emails.assigned_to_staff(
        assignee.email, number=int(ticket.number), subject=ticket.subject,
        category=rules.Category(ticket.category), member_name=ticket.member_name,
        link=_link(Side.STAFF, ticket.ticket_id)))
    if before is Status.OPEN:
        _email_member(ticket, lambda to: ticket_emails.assigned_to_member(
            to, number=int(ticket.number), subject=ticket.subject,
            link=_link(Side.MEMBER, ticket.ticket_id)))
    return _after_change(ticket, principal)


def change_status(principal: Principal, ticket_id: str, data: Mapping[str, Any],
                  context: RequestContext) -> dict[str, Any]:
    """The assignee or an admin moves the ticket along the state machine; the member is told."""
    requested = rules.parse_status(data)
    ticket = _visible(principal, ticket_id, context)
    before = Status(ticket.status)
    after = rules.status_after_staff_change(before, requested)
    store.change_status(ticket, status=after, at=rules.stamp(utc_now()))
    _audit("tickets.status_changed", principal, context, ticket, from_status=before.value,
           to_status=after.value, reason="staff")
    _email_member(ticket, lambda to: ticket_emails.status_to_member(
        to, number=int(ticket.number), subject=ticket.subject, status=after,
        link=_link(Side.MEMBER, ticket.ticket_id)))
    return _after_change(ticket, principal)


# --- loading and checks -------------------------------------------------------------------


def _visible(principal: Principal, ticket_id: str, context: RequestContext) -> TicketModel:
    """The ticket if the caller may see it; otherwise 404 (and an audited refusal when it
    exists), so ids of other members' tickets reveal nothing."""
    ticket = store.get(ticket_id) if rules.is_ticket_id(ticket_id) else None
    if ticket is not None and rules.can_see(principal.role, principal.user_id, ticket.member_id,
                                            ticket.assignee_id):
        return ticket
    if ticket is not None:
        audit.record(action="tickets.access_denied", outcome="denied", context=context,
                     principal=principal, target=f"ticket:{ticket.ticket_id}")
    raise NotFound("El ticket no existe.", code="ticket_not_found")


def _user(principal: Principal) -> UserModel:
    user = users.get(principal.user_id)
    if user is None:
        raise NotAuthenticated()
    return user


def _active_staff(user_id: str) -> UserModel:
    user = users.get(user_id)
    role = parse_role(user.role) if user else None
    if user is None or role not in STAFF_ROLES or user.status != "active":
        raise InvalidInput("Solo se asignan tickets a operadores o administradores activos.",
                           code="invalid_assignee",
                           fields={"operator_id": "Elige un operador o administrador activo."})
    return user


def _page(principal: Principal, query: Mapping[str, str], status: Status | None,
          category: rules.Category | None, limit: int, cursor: str | None) -> Page[TicketModel]:
    if principal.role is Role.MEMBER:
        return store.of_member(principal.user_id, status=status, category=category,
                               limit=limit, cursor=cursor)
    assignee = principal.user_id if principal.role not in ADMIN_ROLES \
        else (query.get("assignee") or "").strip()
    if assignee:
        if len(assignee) > 64:
            raise InvalidInput(fields={"assignee": "Responsable desconocido."})
        return store.of_assignee(assignee, status=status, category=category, limit=limit,
                                 cursor=cursor)
    statuses = [status] if status else list(rules.ADMIN_LIST_ORDER)
    return store.with_statuses(statuses, category=category, limit=limit, cursor=cursor)


# --- building records and answers ---------------------------------------------------------


def _name(user: UserModel) -> str:
    return f"{user.first_name} {user.last_name}".strip()


def _message(ticket_id: str, author: UserModel, role: Role, body: str,
             at: str) -> TicketMessageModel:
    return TicketMessageModel(ticket_id=ticket_id, message_key=f"{at}#{uuid.uuid4().hex}",
                              author_id=author.user_id, author_role=role.value,
                              author_name=_name(author), body=body, created_at=at)


def _api_instant(stamp: str | None) -> str | None:
    return iso_instant(parse_instant(stamp)) if stamp else None


def _unread(ticket: TicketModel, principal: Principal) -> bool:
    return rules.is_unread(rules.side_of(principal.role), ticket.last_member_message_at,
                           ticket.last_staff_message_at,
                           store.read_marks(ticket).get(principal.user_id))


def _summary(ticket: TicketModel, principal: Principal) -> dict[str, Any]:
    status = Status(ticket.status)
    category = rules.Category(ticket.category)
    return {
        "id": ticket.ticket_id,
        "number": int(ticket.number),
        "subject": ticket.subject,
        "category": category.value,
        "category_label": rules.CATEGORY_LABELS[category],
        "status": status.value,
        "status_label": rules.STATUS_LABELS[status],
        "member_id": ticket.member_id,
        "member_name": ticket.member_name,
        "assignee_id": ticket.assignee_id,
        "assignee_name": ticket.assignee_name,
        "created_at": _api_instant(ticket.created_at),
        "updated_at": _api_instant(ticket.updated_at),
        "last_message_at": _api_instant(ticket.last_message_at),
        "message_count": int(ticket.message_count or 0),
        "unread": _unread(ticket, principal),
    }


def _message_view(message: TicketMessageModel, principal: Principal) -> dict[str, Any]:
    return {
        "id": message.message_key.rsplit("#", 1)[-1],
        "author_role": message.author_role,
        "author_name": message.author_name,
        "body": message.body,
        "created_at": _api_instant(message.created_at),
        "mine": message.author_id == principal.user_id,
    }


def _detail(ticket: TicketModel, messages: list[TicketMessageModel],
            principal: Principal) -> dict[str, Any]:
    status = Status(ticket.status)
    return {
        **_summary(ticket, principal),
        "messages": [_message_view(message, principal) for message in messages],
        "can_reply": status is not Status.CLOSED,
        "allowed_statuses": [s.value for s in rules.staff_moves_for(principal.role, status)],
    }


def _after_change(ticket: TicketModel, principal: Principal) -> dict[str, Any]:
    summary = _summary(ticket, principal)
    summary["allowed_statuses"] = [
        s.value for s in rules.staff_moves_for(principal.role, Status(ticket.status))]
    return summary


# --- audit and e-mail ---------------------------------------------------------------------


def _audit(action: str, principal: Principal, context: RequestContext, ticket: TicketModel,
           **details: object) -> None:
    """Ids, numbers, states and lengths only: a message's text never reaches the audit log."""
    audit.record(action=action, outcome="success", context=context, principal=principal,
                 target=f"ticket:{ticket.ticket_id}",
                 details={"number": int(ticket.number), **details})


def _link(side: Side, ticket_id: str) -> str:
    page = "buzon" if side is Side.MEMBER else "mensajes"
    return f"{settings().site_url.rstrip('/')}/{page}?ticket={quote(ticket_id)}"


def _send(email: Email) -> None:
    notifications.send_email(email)


def _email_member(ticket: TicketModel, build: Callable[[str], Email]) -> None:
    member = users.get(ticket.member_id)
    if member is not None and member.status == "active":
        _send(build(member.email))


def _notify_reply(ticket: TicketModel, side: Side, author: UserModel) -> None:
    if side is Side.STAFF:
        _email_member(ticket, lambda to: ticket_emails.reply_to_member(
            to, number=int(ticket.number), subject=ticket.subject, author_name=_name(author),
            link=_link(Side.MEMBER, ticket.ticket_id)))
        return
    if not ticket.assignee_id:
        return  # unassigned: the admins' open queue shows it as unread
    assignee = users.get(ticket.assignee_id)
    if assignee is not None and assignee.status == "active":
        _send(ticket_emails.reply_to_staff(
            assignee.email, number=int(ticket.number), subject=ticket.subject,
            member_name=_name(author), link=_link(Side.STAFF, ticket.ticket_id)))
