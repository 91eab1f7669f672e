"""Lists of the buzón (who sees which, filters, pages), unread markers, optimistic locking and
numbers under concurrent creation."""

from __future__ import annotations

import threading

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal
from chalicelib.domain.tickets.tickets import parse_new_ticket
from chalicelib.services.tickets import tickets as service
from chalicelib.store.shared.models import TicketModel
from chalicelib.store.tickets import tickets as store
from tests.functional.builders import TEST_CONTEXT
from tests.functional.ticket_builders import Person, a_ticket, daily_limits


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


def _ids(answer) -> list[str]:
    assert answer.status == 200, answer.json
    return [item["id"] for item in answer.json["items"]]


def _everything(api, query: str = "") -> list[str]:
    """Follow ``next_cursor`` to the end."""
    ids: list[str] = []
    cursor = None
    for _ in range(50):
        suffix = f"&cursor={cursor}" if cursor else ""
        answer = api.get(f"/api/tickets?{query}{suffix}")
        ids += _ids(answer)
        cursor = answer.json["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("the cursor never ended")


def test_each_role_lists_only_what_it_may_see(person):
    alice, bruno = person(), person()
    admin, operator = person(Role.ADMIN), person(Role.OPERATOR)
    a1 = a_ticket(alice, subject="A1")["id"]
    a2 = a_ticket(alice, subject="A2")["id"]
    b1 = a_ticket(bruno, subject="B1")["id"]
    admin.api.post(f"/api/tickets/{b1}/assign", {"operator_id": operator.id})

    assert _ids(alice.api.get("/api/tickets")) == [a2, a1]  # newest first
    assert _ids(bruno.api.get("/api/tickets")) == [b1]
    assert _ids(operator.api.get("/api/tickets")) == [b1]
    assert _ids(operator.api.get(f"/api/tickets?assignee={admin.id}")) == [b1]  # theirs only
    assert _ids(admin.api.get("/api/tickets")) == [a2, a1, b1]  # open queue first
    item = bruno.api.get("/api/tickets").json["items"][0]
    assert item["assignee_name"] == "Ana Flores Díaz"
    assert {"number", "subject", "category", "status", "created_at", "last_message_at",
            "unread"} <= set(item)


def test_admins_filter_by_status_category_and_assignee(person):
    member, admin = person(), person(Role.ADMIN)
    first, second = person(Role.OPERATOR), person(Role.OPERATOR)
    aportes = a_ticket(member, category="aportes")["id"]
    cts = a_ticket(member, category="cts")["id"]
    credito = a_ticket(member, category="credito")["id"]
    admin.api.post(f"/api/tickets/{aportes}/assign", {"operator_id": first.id})
    admin.api.post(f"/api/tickets/{cts}/assign", {"operator_id": second.id})
    second.api.post(f"/api/tickets/{cts}/status", {"status": "resolved"})

    assert _ids(admin.api.get("/api/tickets?status=open")) == [credito]
    assert _ids(admin.api.get("/api/tickets?status=resolved")) == [cts]
    assert _ids(admin.api.get("/api/tickets?category=cts")) == [cts]
    assert _ids(admin.api.get(f"/api/tickets?assignee={first.id}")) == [aportes]
    assert _ids(admin.api.get(f"/api/tickets?assignee={second.id}&status=assigned")) == []
    assert _ids(admin.api.get(f"/api/tickets?assignee={second.id}&category=cts")) == [cts]
    assert _ids(member.api.get("/api/tickets?status=resolved")) == [cts]


def test_pages_follow_the_cursor_without_gaps_or_repeats(person, monkeypatch):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    with daily_limits(monkeypatch, tickets=7):
        created = [a_ticket(member, subject=f"T{n}")["id"] for n in range(7)]
    for ticket_id in created[:3]:
        admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})

    first = member.api.get("/api/tickets?limit=3")
    assert len(first.json["items"]) == 3 and first.json["next_cursor"]
    assert _everything(member.api, "limit=3") == created[::-1]
    # the admin's view runs through the status partitions: open ones, then assigned ones
    assert _everything(admin.api, "limit=2") == created[3:][::-1] + created[:3][::-1]
    assert _everything(admin.api, "limit=4&category=aportes") == \
        created[3:][::-1] + created[:3][::-1]
    assert _everything(operator.api, "limit=1") == created[:3][::-1]


def test_a_cursor_cannot_be_pointed_at_someone_elses_partition(person):
    alice, bruno = person(), person()
    for _ in range(2):
        a_ticket(alice)
    cursor = alice.api.get("/api/tickets?limit=1").json["next_cursor"]
    answer = bruno.api.get(f"/api/tickets?limit=1&cursor={cursor}")
    assert answer.status == 400 and answer.error_code == "invalid_cursor"


# --- unread markers -------------------------------------------------------------------------


def _unread(person: Person, ticket_id: str) -> bool:
    items = person.api.get("/api/tickets").json["items"]
    return next(item["unread"] for item in items if item["id"] == ticket_id)


def test_a_reply_is_unread_for_the_other_side_until_they_open_the_ticket(person):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    assert _unread(member, ticket_id) is False  # one's own words are never news
    assert _unread(admin, ticket_id) is True  # a new ticket waits in the admins' queue
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    assert _unread(operator, ticket_id) is True

    operator.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Hola"})
    assert _unread(operator, ticket_id) is False  # replying means having read it
    assert _unread(member, ticket_id) is True
    opened = member.api.get(f"/api/tickets/{ticket_id}")
    assert opened.json["unread"] is False
    assert _unread(member, ticket_id) is False

    member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Gracias"})
    assert _unread(operator, ticket_id) is True
    assert _unread(admin, ticket_id) is True  # each reader has their own mark
    operator.api.get(f"/api/tickets/{ticket_id}")
    assert _unread(operator, ticket_id) is False
    assert _unread(admin, ticket_id) is True


def test_a_state_change_alone_does_not_mark_the_ticket_unread(person):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    assert _unread(member, ticket_id) is False


def test_reading_does_not_bump_the_version_staff_updates_lock_on(person):
    member = person()
    ticket_id = a_ticket(member)["id"]
    admin = person(Role.ADMIN)
    version = TicketModel.get(ticket_id).version
    admin.api.get(f"/api/tickets/{ticket_id}")
    ticket = TicketModel.get(ticket_id)
    assert ticket.version == version
    assert admin.id in store.read_marks(ticket)


# --- optimistic locking ---------------------------------------------------------------------


def test_of_two_concurrent_staff_updates_the_loser_gets_409_and_nothing_is_lost(
        person, monkeypatch):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    stale = TicketModel.get(ticket_id)  # the admin's view, read before the operator acts

    assert operator.api.post(f"/api/tickets/{ticket_id}/status",
                             {"status": "in_progress"}).status == 200
    monkeypatch.setattr(store, "get", lambda _id: stale)
    answer = admin.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    assert answer.status == 409 and answer.error_code == "concurrent_update"
    answer = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": admin.id})
    assert answer.status == 409 and answer.error_code == "concurrent_update"
    monkeypatch.undo()
    ticket = TicketModel.get(ticket_id)
    assert (ticket.status, ticket.assignee_id) == ("in_progress", operator.id)


def test_a_reply_racing_a_state_change_is_reapplied_on_the_fresh_ticket(person, monkeypatch):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    stale = TicketModel.get(ticket_id)
    operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    real_get, calls = store.get, []

    def first_stale(ticket_id: str):
        calls.append(ticket_id)
        return stale if len(calls) == 1 else real_get(ticket_id)

    monkeypatch.setattr(store, "get", first_stale)
    answer = member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Sigue fallando"})
    assert answer.status == 201
    assert answer.json["status"] == "in_progress"  # decided on the fresh, resolved ticket
    assert len(calls) == 2
    ticket = TicketModel.get(ticket_id)
    assert (ticket.status, int(ticket.message_count)) == ("in_progress", 2)


# --- numbers --------------------------------------------------------------------------------


def test_twenty_tickets_opened_at_once_get_twenty_distinct_numbers(
        person, atomic_requests):
    """The HTTP edge is driven one request at a time by Chalice (its ``current_request`` is
    shared), so the threads call the use case directly: what makes numbers unique is the store's
    atomic counter, exercised here."""
    members = [person() for _ in range(4)]
    principals = [Principal(user_id=m.id, role=Role.MEMBER, dni=m.user.dni, totp_enabled=False,
                            session_id="test") for m in members]
    barrier = threading.Barrier(20)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def open_one(n: int) -> None:
        try:
            barrier.wait()
            created = service.open_ticket(principals[n % 4], parse_new_ticket({
                "subject": f"Consulta {n}", "category": "otros", "message": "Hola"}),
                TEST_CONTEXT)
            with lock:
                numbers.append(created["number"])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))
    stored = [int(t.number) for t in TicketModel.scan()]
    assert sorted(stored) == list(range(1, 21))
