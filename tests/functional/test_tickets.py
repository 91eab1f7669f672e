"""The buzón end to end through the API: member → admin assigns → operator ↔ member → resolved →
reopened → closed, with the e-mails each step sends and the audit it leaves."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel, TicketMessageModel
from tests.functional.ticket_builders import Person, a_ticket, daily_limits


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


def _status(person: Person, ticket_id: str) -> str:
    return person.api.get(f"/api/tickets/{ticket_id}").json["status"]


def _ticket_audit() -> list[AuditModel]:
    return [record for record in AuditModel.scan() if record.action.startswith("tickets.")]


def test_a_member_opens_a_ticket_and_gets_an_attention_number(person):
    member = person(first_name="Rosa", last_name="Huamán Lazo")
    answer = member.api.post("/api/tickets", {"subject": "  Aporte de marzo  ",
                                              "category": "aportes",
                                              "message": "No veo mi aporte de marzo."})
    assert answer.status == 201
    created = answer.json
    assert created["status"] == "open"
    assert isinstance(created["number"], int) and created["number"] >= 1
    ticket = member.api.get(f"/api/tickets/{created['id']}").json
    assert ticket["subject"] == "Aporte de marzo"
    assert ticket["category_label"] == "Aportes"
    assert ticket["status_label"] == "Abierto"
    assert ticket["assignee_name"] is None
    assert ticket["created_at"].endswith("Z") and len(ticket["created_at"]) == 20
    [first] = ticket["messages"]
    assert first["author_role"] == "member"
    assert first["author_name"] == "Rosa Huamán Lazo"
    assert first["body"] == "No veo mi aporte de marzo."
    assert first["mine"] is True
    assert ticket["allowed_statuses"] == []


def test_the_whole_conversation_from_opening_to_closing(person, outbox):
    member = person(first_name="Rosa", last_name="Huamán Lazo")
    admin = person(Role.ADMIN, first_name="Carla", last_name="Admin")
    operator = person(Role.OPERATOR, first_name="Luis", last_name="Operador")
    created = a_ticket(member, subject="Retiro de CTS", category="cts",
                       message="¿Cuánto puedo retirar?")
    ticket_id, number = created["id"], created["number"]

    assigned = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    assert assigned.status == 200
    assert assigned.json["status"] == "assigned"
    assert assigned.json["assignee_name"] == "Luis Operador"
    assert operator.api.get("/api/tickets").json["items"][0]["id"] == ticket_id

    reply = operator.api.post(f"/api/tickets/{ticket_id}/messages",
                              {"body": "Puede retirar el excedente de 4 remuneraciones."})
    assert reply.status == 201
    assert reply.json["status"] == "in_progress"  # the first staff reply starts the work

    assert member.api.post(f"/api/tickets/{ticket_id}/messages",
                           {"body": "Gracias, ¿y el plazo?"}).status == 201
    assert _status(member, ticket_id) == "in_progress"

    resolved = operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    assert resolved.status == 200 and resolved.json["status"] == "resolved"

    reopened = member.api.post(f"/api/tickets/{ticket_id}/messages",
                               {"body": "Aún no me llega el depósito."})
    assert reopened.status == 201
    assert reopened.json["status"] == "in_progress"  # reopened, back with the same assignee

    assert operator.api.post(f"/api/tickets/{ticket_id}/status",
                             {"status": "resolved"}).status == 200
    closed = admin.api.post(f"/api/tickets/{ticket_id}/status", {"status": "closed"})
    assert closed.status == 200 and closed.json["status"] == "closed"

    thread = member.api.get(f"/api/tickets/{ticket_id}").json
    assert [(m["author_role"], m["author_name"]) for m in thread["messages"]] == [
        ("member", "Rosa Huamán Lazo"), ("operator", "Luis Operador"),
        ("member", "Rosa Huamán Lazo"), ("member", "Rosa Huamán Lazo")]
    assert thread["can_reply"] is False

    mails = [(m["to"], m["subject"]) for m in outbox()]
    assert mails == [
        (operator.email, f"Se te asignó el ticket N° {number}"),
        (member.email, f"Tu ticket N° {number} ya tiene un responsable"),
        (member.email, f"Nueva respuesta en tu ticket N° {number}"),
        (operator.email, f"El socio respondió en el ticket N° {number}"),
        (member.email, f"Tu ticket N° {number} está resuelto"),
        (operator.email, f"El socio respondió en el ticket N° {number}"),
        (member.email, f"Tu ticket N° {number} está resuelto"),
        (member.email, f"Tu ticket N° {number} está cerrado"),
    ]


def test_every_change_is_audited_without_message_text(person):
    member = person()
    admin = person(Role.ADMIN)
    operator = person(Role.OPERATOR)
    ticket_id = a_ticket(member, message="Mi clave de cajero es 1234")["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    operator.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "No comparta su clave."})
    operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Entendido, otra duda"})

    records = _ticket_audit()
    actions = sorted((r.action, r.actor_id) for r in records)
    assert actions == sorted([
        ("tickets.created", member.id), ("tickets.assigned", admin.id),
        ("tickets.message_added", operator.id), ("tickets.status_changed", operator.id),
        ("tickets.status_changed", operator.id), ("tickets.message_added", member.id),
        ("tickets.status_changed", member.id)])
    assert {r.target for r in records} == {f"ticket:{ticket_id}"}
    dumped = " ".join(r.details or "" for r in records)
    assert "1234" not in dumped and "clave" not in dumped.lower()
    reopen = next(json.loads(r.details) for r in records
                  if r.action == "tickets.status_changed" and r.actor_id == member.id)
    assert reopen == {"number": reopen["number"], "from_status": "resolved",
                      "to_status": "in_progress", "reason": "member_reply"}
    added = next(json.loads(r.details) for r in records
                 if r.action == "tickets.message_added" and r.actor_id == operator.id)
    assert added["body_length"] == str(len("No comparta su clave."))


def test_a_members_reply_to_an_unassigned_ticket_emails_nobody(person, outbox):
    member = person()
    ticket_id = a_ticket(member)["id"]
    assert member.api.post(f"/api/tickets/{ticket_id}/messages",
                           {"body": "¿Alguien me lee?"}).status == 201
    assert outbox() == []


def test_an_admin_may_reply_and_resolve_any_ticket_and_the_member_is_told(person, outbox):
    member = person()
    admin = person(Role.SUPER_ADMIN, first_name="Sofía", last_name="Gerencia")
    ticket_id = a_ticket(member)["id"]
    assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                          {"operator_id": admin.id}).status == 200
    answer = admin.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Ya está."})
    assert answer.status == 201
    assert answer.json["message"]["author_role"] == "super_admin"
    assert answer.json["message"]["author_name"] == "Sofía Gerencia"
    assert admin.api.post(f"/api/tickets/{ticket_id}/status",
                          {"status": "resolved"}).status == 200
    assert [m["to"] for m in outbox()].count(member.email) == 3


def test_the_emails_escape_what_the_member_typed(person, outbox):
    member = person()
    admin = person(Role.ADMIN)
    operator = person(Role.OPERATOR)
    ticket_id = a_ticket(member, subject="<img src=x onerror=alert(1)>")["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    [to_operator, _to_member] = outbox()
    assert "<img src=x onerror=alert(1)>" in to_operator["text"]
    assert "<img" not in to_operator["html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in to_operator["html"]


def test_reassigning_moves_the_ticket_to_the_new_person_and_only_they_are_told(person, outbox):
    member = person()
    admin = person(Role.ADMIN)
    first, second = person(Role.OPERATOR), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": first.id})
    first.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Lo veo."})
    outbox()
    answer = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": second.id})
    assert answer.status == 200 and answer.json["status"] == "assigned"
    assert [m["to"] for m in outbox()[-1:]] == [second.email]
    assert first.api.get(f"/api/tickets/{ticket_id}").status == 404
    assert second.api.get(f"/api/tickets/{ticket_id}").status == 200
    second.api.post(f"/api/tickets/{ticket_id}/status", {"status": "in_progress"})
    again = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": second.id})
    assert again.status == 200  # already theirs: nothing changes, nobody is e-mailed twice
    assert again.json["status"] == "in_progress"
    assert len(outbox()) == 5


def test_the_first_message_is_stored_in_the_thread_table(person):
    member = person()
    ticket_id = a_ticket(member, message="Primera línea\nSegunda línea")["id"]
    [message] = list(TicketMessageModel.query(ticket_id))
    assert message.body == "Primera línea\nSegunda línea"
    assert message.author_id == member.id


def test_a_member_past_the_daily_limit_is_429_until_lima_midnight(person, monkeypatch,
                                                                  time_machine):
    """The stage's MEMBER_DAILY_TICKETS per Lima day; the refusal is audited, says when to try
    again (Retry-After: the seconds to Lima's midnight) and stores nothing."""
    from datetime import UTC, datetime, timedelta

    late = datetime(2026, 12, 3, 4, 58, tzinfo=UTC)  # 23:58 in Lima
    time_machine.move_to(late, tick=False)
    member, other = person(), person()
    with daily_limits(monkeypatch, tickets=2):
        a_ticket(member)
        a_ticket(member)
        refused = member.api.post("/api/tickets", {"subject": "Otra", "category": "aportes",
                                                   "message": "Una más"})
        assert refused.status == 429
        assert refused.headers["Retry-After"] == "120"
        assert refused.json["error"] == {
            "code": "daily_limit_reached",
            "message": "Alcanzaste el máximo de 2 tickets por día. Podrás crear otro mañana."}
        assert len(member.api.get("/api/tickets").json["items"]) == 2
        a_ticket(other)
        denied = [r for r in AuditModel.scan()
                  if r.action == "tickets.created" and r.outcome == "denied"]
        assert [r.actor_id for r in denied] == [member.user.user_id]

        time_machine.move_to(late + timedelta(minutes=2, seconds=1), tick=False)
        assert a_ticket(member)["status"] == "open"
