"""The staff's lists (issue 17): operators filter Mensajes and Solicitudes by status, category or
credit type and waiting time; every row says how long the case waited for the staff
(``waiting_since``, ``waited_label``, ``overdue``); the staff home counts the overdue ones."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.shared.permissions import Role
from tests.functional.builders import FrozenClock, signed_in
from tests.functional.credit_builders import (
    a_credit_cast,
    a_credit_product,
    an_application,
    assigned,
    moved,
)
from tests.functional.ticket_builders import Person, a_ticket, daily_limits


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def _items(staff: Any, path: str) -> list[dict[str, Any]]:
    answer = staff.api.get(path)
    assert answer.status == 200, answer.json
    return list(answer.json["items"])


def _ids(staff: Any, path: str) -> set[str]:
    return {item["id"] for item in _items(staff, path)}


def _give(admin: Person, ticket_id: str, to: Person) -> None:
    assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                          {"operator_id": to.id}).status == 200


def _later(clock: FrozenClock, hours: int, *people: Any) -> None:
    """Travel; the sessions would have timed out, so everyone signs in again."""
    clock.advance(hours=hours)
    for someone in people:
        signed_in(someone.api, someone.user)


# --- tickets ----------------------------------------------------------------------------------


def test_an_operator_filters_their_tickets_by_status_and_category(person, monkeypatch):
    member, admin = person(), person(Role.ADMIN)
    operator, colleague = person(Role.OPERATOR), person(Role.OPERATOR)
    with daily_limits(monkeypatch, tickets=8):
        savings = a_ticket(member, category="ahorros")["id"]
        started = a_ticket(member, category="aportes")["id"]
        untouched = a_ticket(member, category="aportes")["id"]
        foreign = a_ticket(member, category="aportes")["id"]
    for ticket_id in (savings, started, untouched):
        _give(admin, ticket_id, operator)
    _give(admin, foreign, colleague)
    assert operator.api.post(f"/api/tickets/{started}/status",
                             {"status": "in_progress"}).status == 200

    assert _ids(operator, "/api/tickets?status=assigned") == {savings, untouched}
    assert _ids(operator, "/api/tickets?category=aportes") == {started, untouched}
    assert _ids(operator, "/api/tickets?status=assigned&category=aportes") == {untouched}
    # an operator's ?assignee= is ignored: a colleague's ticket never shows
    assert foreign not in _ids(operator, f"/api/tickets?assignee={colleague.id}&category=aportes")


def test_a_ticket_waits_from_the_members_last_message_until_the_staff_answers(person, clock):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    _give(admin, ticket_id, operator)
    (row,) = _items(operator, "/api/tickets")
    assert row["waiting_since"] == row["created_at"]
    assert row["waited_label"] == "0 min" and row["overdue"] is False

    _later(clock, 49, member, admin, operator)

    (row,) = _items(operator, "/api/tickets")
    assert row["overdue"] is True and row["waited_label"] == "2 d"
    assert _ids(operator, "/api/tickets?waiting=overdue") == {ticket_id}
    assert _ids(operator, "/api/tickets?waiting=50") == set()
    assert _ids(admin, "/api/tickets?waiting=overdue") == {ticket_id}

    assert operator.api.post(f"/api/tickets/{ticket_id}/messages",
                             {"body": "¿Me envía su constancia?"}).status == 201
    (row,) = _items(operator, "/api/tickets")  # now it waits for the member
    assert row["waiting_since"] is None and row["overdue"] is False
    assert _ids(operator, "/api/tickets?waiting=1") == set()

    _later(clock, 3, member, operator)
    assert member.api.post(f"/api/tickets/{ticket_id}/messages",
                           {"body": "Adjunto la constancia."}).status == 201
    _later(clock, 2, operator)
    (row,) = _items(operator, "/api/tickets?waiting=2")  # waits from the member's reply
    assert row["waited_label"] == "2 h" and row["overdue"] is False


def test_a_waiting_filter_that_is_not_hours_is_refused(person):
    operator = person(Role.OPERATOR)
    for value in ("ayer", "0", "-3", "1.5"):
        answer = operator.api.get(f"/api/tickets?waiting={value}")
        assert answer.status == 400, value
        assert "waiting" in answer.json["error"]["fields"]
    assert operator.api.get("/api/credit/applications?waiting=nunca").status == 400


def test_the_staff_home_counts_overdue_tickets(person, clock, monkeypatch):
    member, admin = person(), person(Role.ADMIN)
    operator, colleague = person(Role.OPERATOR), person(Role.OPERATOR)
    with daily_limits(monkeypatch, tickets=8):
        mine, answered, theirs, queued = (a_ticket(member)["id"] for _ in range(4))
    _give(admin, mine, operator)
    _give(admin, answered, operator)
    _give(admin, theirs, colleague)
    clock.advance(minutes=1)
    assert operator.api.post(f"/api/tickets/{answered}/messages",
                             {"body": "Revisado."}).status == 201  # waits for the member
    _later(clock, 48, admin, operator, member)
    fresh = a_ticket(member)["id"]  # new: not overdue
    _give(admin, fresh, operator)

    stats = operator.api.get("/api/tickets/stats").json
    assert stats["overdue"] == {"mine": 1, "all": None, "hours": 48}
    assert admin.api.get("/api/tickets/stats").json["overdue"]["all"] == 3  # mine, theirs, queued
    assert queued in _ids(admin, "/api/tickets?waiting=overdue")


# --- credit applications ----------------------------------------------------------------------


def test_an_operator_filters_their_applications_by_status_and_credit_type(app, monkeypatch):
    member, operator, admin = a_credit_cast(app)
    colleague = Person(app, Role.OPERATOR)
    a_credit_product("ESCOLAR", name="Crédito escolar")
    with daily_limits(monkeypatch, applications=8):
        consumo = an_application(member)
        escolar = an_application(member, product_code="ESCOLAR")
        reviewed = an_application(member)
        foreign = an_application(member, product_code="ESCOLAR")
    for application in (consumo, escolar, reviewed):
        assigned(admin, application, operator)
    assigned(admin, foreign, colleague)
    moved(operator, reviewed, "in_review")

    path = "/api/credit/applications"
    assert _ids(operator, f"{path}?status=assigned") == {consumo["id"], escolar["id"]}
    assert _ids(operator, f"{path}?product=escolar") == {escolar["id"]}
    assert _ids(operator, f"{path}?product=CONSUMO&status=in_review") == {reviewed["id"]}
    assert _ids(admin, f"{path}?product=ESCOLAR") == {escolar["id"], foreign["id"]}
    assert operator.api.get(f"{path}?product=no%20vale").status == 400


def test_an_application_waits_from_its_last_status_change(app, clock):
    member, operator, admin = a_credit_cast(app)
    application = an_application(member)
    _later(clock, 30, member, operator, admin)
    assigned(admin, application, operator)  # received → assigned: the wait starts again
    _later(clock, 47, operator, admin)

    path = "/api/credit/applications"
    (row,) = _items(operator, path)
    assert row["overdue"] is False and row["waited_label"] == "47 h"
    assert _ids(operator, f"{path}?waiting=40") == {application["id"]}

    _later(clock, 1, operator, admin)
    (row,) = _items(operator, f"{path}?waiting=overdue")
    assert row["overdue"] is True and row["waited_label"] == "2 d"
    stats = admin.api.get("/api/credit/stats").json["overdue"]
    assert stats == {"mine": 0, "all": 1, "hours": 48}
    assert operator.api.get("/api/credit/stats").json["overdue"] == {
        "mine": 1, "all": None, "hours": 48}

    moved(operator, application, "in_review")
    moved(operator, application, "observed", observation="Falta la boleta de pago.")
    (row,) = _items(operator, path)  # observed: it waits for the member
    assert row["waiting_since"] is None and row["overdue"] is False
    assert _ids(operator, f"{path}?waiting=overdue") == set()
