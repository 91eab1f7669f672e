"""The buzón's use cases (``services.tickets.tickets.TicketDesk``) on in-memory ports: no moto,
milliseconds. The HTTP contract of the same behaviour is in tests/functional/test_ticket*.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.shared.errors import InvalidInput, NotFound, Throttled
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.tickets.requests import (
    AssignRequest,
    ListQuery,
    ReplyRequest,
    StatusRequest,
)
from chalicelib.domain.tickets.ticket import Person
from chalicelib.domain.tickets.tickets import (
    Category,
    ConcurrentUpdate,
    InvalidTransition,
    NewTicket,
    Status,
    TicketClosed,
)
from chalicelib.services.tickets.tickets import TicketDesk
from tests.unit.in_memory import InMemoryPeople, RecordedAudit, RecordedMail
from tests.unit.in_memory_tickets import InMemoryTickets

CONTEXT = RequestContext(ip="203.0.113.9", user_agent="pytest")
FORM = NewTicket(subject="Consulta sobre mi aporte", category=Category.APORTES,
                 message="¿Cuándo se actualiza mi saldo?")


@dataclass
class Buzon:
    desk: TicketDesk
    tickets: InMemoryTickets
    people: InMemoryPeople
    mail: RecordedMail
    audit: RecordedAudit
    clock: Any

    def person(self, role: Role, *, active: bool = True) -> Principal:
        user_id = uuid.uuid4().hex
        self.people.add(Person(user_id=user_id, role=role, name=f"{role.value} {user_id[:4]}",
                               email=f"{user_id}@example.pe", active=active))
        return Principal(user_id=user_id, role=role, dni=None, totp_enabled=False,
                         session_id="test")

    def later(self) -> None:
        """A second later: the next write is another instant."""
        self.clock.shift(timedelta(seconds=1))

    def open(self, member: Principal) -> str:
        return str(self.desk.open_ticket(member, FORM, CONTEXT)["id"])

    def assigned(self, member: Principal, admin: Principal, operator: Principal) -> str:
        ticket_id = self.open(member)
        self.desk.assign_ticket(admin, ticket_id, AssignRequest(operator.user_id), CONTEXT)
        self.later()
        return ticket_id

    def email_of(self, principal: Principal) -> str:
        return self.people.people[principal.user_id].email


@pytest.fixture
def buzon(time_machine: Any) -> Buzon:
    """A desk on in-memory ports, its clock stopped at the run's instant (which may be Lima's
    month-end, tests/conftest.py)."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    tickets, people, mail, audit = InMemoryTickets(), InMemoryPeople(), RecordedMail(), \
        RecordedAudit()
    desk = TicketDesk(tickets=tickets, people=people, mailer=mail, audit_log=audit,
                      site_url="https://portal.example.pe/")
    return Buzon(desk, tickets, people, mail, audit, time_machine)


def reply(buzon: Buzon, who: Principal, ticket_id: str, body: str = "Hola") -> dict[str, Any]:
    answer = buzon.desk.post_message(who, ticket_id, ReplyRequest(body), CONTEXT)
    buzon.later()
    return answer


def move(buzon: Buzon, who: Principal, ticket_id: str, status: Status) -> dict[str, Any]:
    answer = buzon.desk.change_status(who, ticket_id, StatusRequest(status), CONTEXT)
    buzon.later()
    return answer


# --- opening and reading ---------------------------------------------------------------------


def test_a_member_opens_a_numbered_ticket_with_its_first_message(buzon: Buzon) -> None:
    member = buzon.person(Role.MEMBER)
    first = buzon.desk.open_ticket(member, FORM, CONTEXT)
    second = buzon.desk.open_ticket(member, FORM, CONTEXT)

    assert (first["number"], second["number"], first["status"]) == (1, 2, "open")
    detail = buzon.desk.read_ticket(member, first["id"], CONTEXT)
    assert [m["body"] for m in detail["messages"]] == [FORM.message]
    assert detail["messages"][0]["mine"] and not detail["unread"]
    assert buzon.audit.lines[0].action == "tickets.created"
    assert buzon.audit.lines[0].details["message_length"] == len(FORM.message)
    assert buzon.mail.sent == []


def test_reading_marks_the_ticket_read_for_the_reader_only(buzon: Buzon) -> None:
    member, admin = buzon.person(Role.MEMBER), buzon.person(Role.ADMIN)
    ticket_id = buzon.open(member)
    buzon.later()

    assert buzon.desk.read_ticket(admin, ticket_id, CONTEXT)["unread"] is False
    stored = buzon.tickets.tickets[ticket_id]
    assert admin.user_id in stored.read_marks and stored.version == 1  # no version bump
    listed = buzon.desk.list_tickets(admin, ListQuery(None, None, 20, None, ""))
    assert [item["unread"] for item in listed["items"]] == [False]


# --- replies ---------------------------------------------------------------------------------


def test_a_member_reply_on_an_unassigned_ticket_mails_nobody(buzon: Buzon) -> None:
    member = buzon.person(Role.MEMBER)
    ticket_id = buzon.open(member)

    answer = reply(buzon, member, ticket_id, "Agrego un dato")
    assert answer["status"] == "open" and answer["message"]["mine"]
    assert buzon.mail.sent == []
    assert buzon.audit.actions()[-1] == "tickets.message_added"


def test_the_first_staff_reply_starts_work_and_mails_the_member(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    buzon.mail.sent.clear()

    assert reply(buzon, operator, ticket_id, "Lo reviso")["status"] == "in_progress"
    assert [e.subject for e in buzon.mail.to(buzon.email_of(member))] == [
        "Nueva respuesta en tu ticket N° 1"]
    moved = buzon.audit.lines[-1]
    assert (moved.action, moved.details["reason"]) == ("tickets.status_changed", "staff_reply")


def test_a_member_reply_reopens_a_resolved_ticket_and_mails_the_assignee(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    move(buzon, operator, ticket_id, Status.RESOLVED)

    assert reply(buzon, member, ticket_id, "Sigue fallando")["status"] == "in_progress"
    assert [e.subject for e in buzon.mail.to(buzon.email_of(operator))][-1] == \
        "El socio respondió en el ticket N° 1"
    listed = buzon.desk.list_tickets(operator, ListQuery(None, None, 20, None, ""))
    assert [(t["message_count"], t["unread"]) for t in listed["items"]] == [(2, True)]


def test_nobody_writes_on_a_closed_ticket(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    move(buzon, operator, ticket_id, Status.RESOLVED)
    move(buzon, operator, ticket_id, Status.CLOSED)

    with pytest.raises(TicketClosed):
        reply(buzon, member, ticket_id)
    assert buzon.tickets.tickets[ticket_id].message_count == 1


# --- assignment ------------------------------------------------------------------------------


def test_an_assignment_mails_the_assignee_and_the_member_the_first_time(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)

    stored = buzon.tickets.tickets[ticket_id]
    assert (stored.status, stored.assignee_id) == (Status.ASSIGNED, operator.user_id)
    assert [e.to for e in buzon.mail.sent] == [buzon.email_of(operator), buzon.email_of(member)]
    assert buzon.audit.lines[-1].details["previous_assignee_id"] == "-"
    other = buzon.person(Role.OPERATOR)
    buzon.desk.assign_ticket(admin, ticket_id, AssignRequest(other.user_id), CONTEXT)
    assert [e.to for e in buzon.mail.sent][2:] == [buzon.email_of(other)]


def test_assigning_a_ticket_to_whom_already_has_it_writes_and_mails_nothing(
        buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    writes, mails, audits = buzon.tickets.writes, len(buzon.mail.sent), len(buzon.audit.lines)

    answer = buzon.desk.assign_ticket(admin, ticket_id, AssignRequest(operator.user_id), CONTEXT)
    assert answer["status"] == "assigned"
    assert (buzon.tickets.writes, len(buzon.mail.sent), len(buzon.audit.lines)) == (
        writes, mails, audits)


@pytest.mark.parametrize("assignee_role, active", [(Role.MEMBER, True), (Role.OPERATOR, False)])
def test_a_ticket_goes_only_to_active_staff(buzon: Buzon, assignee_role: Role,
                                            active: bool) -> None:
    member, admin = buzon.person(Role.MEMBER), buzon.person(Role.ADMIN)
    assignee = buzon.person(assignee_role, active=active)
    ticket_id = buzon.open(member)

    with pytest.raises(InvalidInput) as refusal:
        buzon.desk.assign_ticket(admin, ticket_id, AssignRequest(assignee.user_id), CONTEXT)
    assert refusal.value.code == "invalid_assignee"
    assert buzon.tickets.tickets[ticket_id].status is Status.OPEN


# --- status moves ----------------------------------------------------------------------------


def test_the_assignee_moves_the_ticket_and_the_member_is_told(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)

    answer = move(buzon, operator, ticket_id, Status.IN_PROGRESS)
    assert (answer["status"], answer["allowed_statuses"]) == ("in_progress", ["resolved"])
    assert buzon.mail.sent[-1].subject == "Tu ticket N° 1 está en atención"
    line = buzon.audit.lines[-1]
    assert (line.details["from_status"], line.details["to_status"]) == ("assigned",
                                                                        "in_progress")
    with pytest.raises(InvalidTransition):
        move(buzon, operator, ticket_id, Status.CLOSED)


# --- who sees what ---------------------------------------------------------------------------


def test_another_member_gets_the_same_404_as_for_a_missing_ticket_and_is_audited(
        buzon: Buzon) -> None:
    ticket_id = buzon.open(buzon.person(Role.MEMBER))
    stranger = buzon.person(Role.MEMBER)

    with pytest.raises(NotFound) as hidden:
        reply(buzon, stranger, ticket_id)
    with pytest.raises(NotFound) as missing:
        buzon.desk.read_ticket(stranger, uuid.uuid4().hex, CONTEXT)
    assert (hidden.value.code, hidden.value.message) == (missing.value.code,
                                                         missing.value.message)
    denied = [line for line in buzon.audit.lines if line.outcome == "denied"]
    assert [(d.action, d.target) for d in denied] == [("tickets.access_denied",
                                                       f"ticket:{ticket_id}")]
    assert buzon.tickets.tickets[ticket_id].message_count == 1


def test_an_operator_sees_only_the_tickets_assigned_to_them(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    mine = buzon.assigned(member, admin, operator)
    unassigned = buzon.open(member)

    with pytest.raises(NotFound):
        move(buzon, operator, unassigned, Status.IN_PROGRESS)
    listed = buzon.desk.list_tickets(operator, ListQuery(None, None, 20, None, "someone"))
    assert [item["id"] for item in listed["items"]] == [mine]
    everything = buzon.desk.list_tickets(admin, ListQuery(None, None, 20, None, ""))
    assert [item["id"] for item in everything["items"]] == [unassigned, mine]  # open first


# --- races -----------------------------------------------------------------------------------


def test_a_reply_racing_a_status_change_is_decided_again_on_the_fresh_ticket(
        buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    move(buzon, operator, ticket_id, Status.IN_PROGRESS)
    buzon.tickets.before_next_write(lambda: move(buzon, operator, ticket_id, Status.RESOLVED))

    answer = reply(buzon, member, ticket_id, "Sigue fallando")
    assert answer["status"] == "in_progress"  # the resolved ticket was reopened
    stored = buzon.tickets.tickets[ticket_id]
    assert (stored.status, stored.message_count) == (Status.IN_PROGRESS, 2)


def test_of_two_racing_staff_changes_the_loser_gets_a_conflict(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    ticket_id = buzon.assigned(member, admin, operator)
    buzon.tickets.before_next_write(lambda: move(buzon, operator, ticket_id,
                                                 Status.IN_PROGRESS))

    with pytest.raises(ConcurrentUpdate):
        buzon.desk.change_status(admin, ticket_id, StatusRequest(Status.RESOLVED), CONTEXT)
    stored = buzon.tickets.tickets[ticket_id]
    assert (stored.status, stored.assignee_id) == (Status.IN_PROGRESS, operator.user_id)


# --- one member cannot flood the buzón -------------------------------------------------------


def test_past_the_daily_limit_a_member_waits_for_lima_midnight(buzon: Buzon) -> None:
    """Five a Lima day by default; the sixth is an audited 429 until Lima's midnight (05:00
    UTC), and another member is not held back."""
    buzon.clock.move_to(datetime(2026, 12, 3, 4, 30, tzinfo=UTC), tick=False)  # 23:30 in Lima
    member, other = buzon.person(Role.MEMBER), buzon.person(Role.MEMBER)
    for _ in range(5):
        buzon.open(member)

    with pytest.raises(Throttled) as refused:
        buzon.open(member)

    assert refused.value.code == "daily_limit_reached"
    assert refused.value.message == ("Alcanzaste el máximo de 5 tickets por día. "
                                     "Podrás crear otro mañana.")
    assert refused.value.retry_after_seconds == 30 * 60
    assert len(buzon.tickets.tickets) == 5
    denied = buzon.audit.lines[-1]
    assert (denied.action, denied.outcome, denied.actor_id) == (
        "tickets.created", "denied", member.user_id)
    assert denied.details["reason"] == "daily_limit_reached"
    buzon.open(other)

    buzon.clock.shift(timedelta(minutes=30))  # midnight in Lima: a new day
    buzon.open(member)
    assert len(buzon.tickets.tickets) == 7


def test_every_record_on_a_ticket_names_its_member_as_the_subject(buzon: Buzon) -> None:
    member, admin, operator = (buzon.person(r) for r in (Role.MEMBER, Role.ADMIN,
                                                          Role.OPERATOR))
    other = buzon.person(Role.MEMBER)
    ticket_id = buzon.assigned(member, admin, operator)
    reply(buzon, operator, ticket_id, "Lo reviso")
    buzon.open(other)

    by_staff = [(line.action, line.subject_id) for line in buzon.audit.lines
                if line.actor_id in (admin.user_id, operator.user_id)]
    assert by_staff == [("tickets.assigned", member.user_id),
                        ("tickets.message_added", member.user_id),
                        ("tickets.status_changed", member.user_id)]
    assert buzon.audit.lines[-1].subject_id == other.user_id  # dropped by the writer: the actor
