"""``domain.tickets.ticket.Ticket``: each move returns what changed (the ticket after, the new
message, the status move, whom to e-mail) and leaves the ticket it started from untouched; the
typed requests of ``domain.tickets.requests``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets.requests import (
    ListQuery,
    parse_list_query,
    parse_reply_request,
    parse_status_request,
)
from chalicelib.domain.tickets.ticket import Author, Notice, Person, StatusMove, Ticket
from chalicelib.domain.tickets.tickets import Category, NewTicket, Status, ThreadFull

MOMENT = datetime(2026, 3, 31, 4, 30, tzinfo=UTC)  # 23:30 in Lima on a month's last day
MEMBER = Author(user_id="m1", role=Role.MEMBER, name="Ana Socia")
OPERATOR = Person(user_id="o1", role=Role.OPERATOR, name="Omar Operador",
                  email="o1@example.pe", active=True)
FORM = NewTicket(subject="Aporte", category=Category.APORTES, message="¿Y mi saldo?")


def opened() -> Ticket:
    return Ticket.open("t" * 32, 7, MEMBER, FORM, MOMENT, "msg1").ticket


def assigned() -> Ticket:
    change = opened().assign(OPERATOR, MOMENT + timedelta(seconds=1))
    assert change is not None
    return change.ticket


def test_opening_starts_the_thread_and_marks_it_read_for_the_member() -> None:
    change = Ticket.open("t" * 32, 7, MEMBER, FORM, MOMENT, "msg1")
    assert (change.ticket.status, change.ticket.message_count) == (Status.OPEN, 1)
    assert change.first_message.body == FORM.message
    assert change.ticket.created_at == "2026-03-31T04:30:00.000000Z"
    assert not change.ticket.is_unread_for(Role.MEMBER, MEMBER.user_id)
    assert change.ticket.is_unread_for(Role.ADMIN, "a1")


def test_the_first_assignment_tells_assignee_and_member_a_reassignment_only_the_assignee() -> None:
    first = opened().assign(OPERATOR, MOMENT)
    assert first is not None
    assert first.notices == (Notice.ASSIGNED_TO_STAFF, Notice.ASSIGNED_TO_MEMBER)
    assert first.status_move == StatusMove(Status.OPEN, Status.ASSIGNED, "assignment")
    assert first.before.assignee_id is None and first.ticket.assignee_id == OPERATOR.user_id
    assert first.ticket.assign(OPERATOR, MOMENT) is None
    other = Person(user_id="o2", role=Role.OPERATOR, name="Otro", email="", active=True)
    again = first.ticket.assign(other, MOMENT)
    assert again is not None and again.notices == (Notice.ASSIGNED_TO_STAFF,)


def test_a_staff_reply_starts_work_and_names_the_member_to_mail() -> None:
    ticket = assigned()
    later = MOMENT + timedelta(seconds=2)
    change = ticket.reply(OPERATOR.as_author(Role.OPERATOR), "Lo reviso", later, "msg2")
    assert change.status_move == StatusMove(Status.ASSIGNED, Status.IN_PROGRESS, "staff_reply")
    assert change.notices == (Notice.REPLY_TO_MEMBER,)
    assert change.ticket.message_count == 2 and ticket.message_count == 1
    assert change.ticket.last_staff_message_at == change.message.created_at
    assert change.ticket.is_unread_for(Role.MEMBER, MEMBER.user_id)


def test_a_member_reply_on_an_unassigned_ticket_mails_nobody_and_moves_nothing() -> None:
    change = opened().reply(MEMBER, "Otro dato", MOMENT, "msg2")
    assert (change.status_move, change.notices) == (None, ())


def test_a_full_thread_takes_no_reply() -> None:
    from dataclasses import replace

    full = replace(opened(), message_count=300)
    with pytest.raises(ThreadFull):
        full.reply(MEMBER, "Uno más", MOMENT, "msg")


def test_a_status_move_tells_the_member() -> None:
    change = assigned().move(Status.RESOLVED, MOMENT)
    assert change.status_move == StatusMove(Status.ASSIGNED, Status.RESOLVED, "staff")
    assert change.notices == (Notice.STATUS_TO_MEMBER,)


def test_requests_parse_into_typed_values_and_refuse_server_owned_fields() -> None:
    assert parse_reply_request({"body": " hola "}).body == "hola"
    assert parse_status_request({"status": "resolved"}).status is Status.RESOLVED
    assert parse_list_query({"limit": "5", "assignee": " o1 "}) == ListQuery(
        status=None, category=None, limit=5, cursor=None, assignee="o1")
    with pytest.raises(InvalidInput) as refusal:
        parse_reply_request({"body": "hola", "status": "closed"})
    assert refusal.value.code == "read_only_field"
