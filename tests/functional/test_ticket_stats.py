"""GET /api/tickets/stats: what in the buzón waits for a staff member (issue 16, point 8), counted
with Query COUNTs, and agreeing with what the list shows."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.domain.shared.permissions import Role
from tests.functional.builders import ApiClient
from tests.functional.ticket_builders import Person, a_ticket, daily_limits


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


def _stats(staff: Person) -> dict[str, Any]:
    answer = staff.api.get("/api/tickets/stats")
    assert answer.status == 200, answer.json
    return dict(answer.json)


def _given(admin: Person, member: Person, to: Person, count: int) -> list[str]:
    ids = [a_ticket(member, subject=f"Consulta {n}")["id"] for n in range(count)]
    for ticket_id in ids:
        assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                              {"operator_id": to.id}).status == 200
    return ids


def _moved(staff: Person, ticket_id: str, status: str) -> None:
    assert staff.api.post(f"/api/tickets/{ticket_id}/status", {"status": status}).status == 200


def test_an_operator_counts_their_tickets_by_state_and_those_with_news(person, monkeypatch):
    member, admin = person(), person(Role.ADMIN)
    operator, colleague = person(Role.OPERATOR), person(Role.OPERATOR)
    with daily_limits(monkeypatch, tickets=8):
        untouched, opened, started, answered, finished = _given(admin, member, operator, 5)
        _given(admin, member, colleague, 2)  # a colleague's work is not the operator's
        a_ticket(member, subject="En cola")  # the open queue is not theirs either
    assert operator.api.get(f"/api/tickets/{opened}").status == 200  # read: no news
    _moved(operator, started, "in_progress")  # a move is not a read
    assert operator.api.post(f"/api/tickets/{answered}/messages",
                             {"body": "Lo reviso."}).status == 201  # → in_progress, read
    assert member.api.post(f"/api/tickets/{answered}/messages",
                           {"body": "Gracias, espero."}).status == 201  # news again
    _moved(operator, finished, "resolved")  # waits for no one

    stats = _stats(operator)

    # assigned: untouched, opened; in progress: started, answered
    assert stats["mine"] == {"assigned": 2, "in_progress": 2}
    assert stats["unread"] == 3  # untouched, started, answered
    assert stats["unassigned"] is None  # operators do not assign
    assert stats["as_of"].endswith("Z")
    listed = operator.api.get("/api/tickets?limit=100").json["items"]
    assert stats["unread"] == sum(1 for item in listed if item["unread"]
                                  and item["status"] in {"assigned", "in_progress"})
    assert {item["id"] for item in listed if item["unread"]} >= {untouched, started, answered}


def test_an_admin_sees_the_unassigned_queue_and_their_own_work(person):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    for n in range(3):
        a_ticket(member, subject=f"Sin asignar {n}")
    _given(admin, member, operator, 1)
    (mine,) = _given(admin, member, admin, 1)
    _moved(admin, mine, "in_progress")

    stats = _stats(admin)

    assert stats["unassigned"] == 3
    assert stats["mine"] == {"assigned": 0, "in_progress": 1}
    assert stats["unread"] == 1  # assigning is not reading the member's message
    assert person(Role.SUPER_ADMIN).api.get("/api/tickets/stats").json["unassigned"] == 3


def test_nothing_to_count_is_zeros(person):
    stats = _stats(person(Role.OPERATOR))
    assert stats["mine"] == {"assigned": 0, "in_progress": 0}
    assert stats["unread"] == 0


def test_members_are_refused_and_the_anonymous_must_sign_in(person, app):
    member = person()
    a_ticket(member)
    refused = member.api.get("/api/tickets/stats")
    assert refused.status == 403  # not a 404 of a ticket called «stats»
    assert refused.error_code == "forbidden"
    assert ApiClient(Client(app)).get("/api/tickets/stats").status == 401
