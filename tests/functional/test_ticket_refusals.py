"""Every way the buzón says no: visibility (404), roles (403), bad input (400), the state machine
(409), and text that looks like HTML stays text."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel, TicketModel
from tests.functional.ticket_builders import Person, a_ticket


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


@pytest.fixture
def assigned(person):
    """A member's ticket assigned by an admin to an operator: (member, admin, operator, id)."""
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                          {"operator_id": operator.id}).status == 200
    return member, admin, operator, ticket_id


# --- visibility: 404, never a hint that the ticket exists ---------------------------------


def test_a_member_cannot_read_or_answer_another_members_ticket(person):
    owner, stranger = person(), person()
    ticket_id = a_ticket(owner)["id"]
    read = stranger.api.get(f"/api/tickets/{ticket_id}")
    assert read.status == 404 and read.error_code == "ticket_not_found"
    assert stranger.api.post(f"/api/tickets/{ticket_id}/messages",
                             {"body": "hola"}).status == 404
    assert stranger.api.get("/api/tickets").json["items"] == []
    denied = [r for r in AuditModel.scan() if r.action == "tickets.access_denied"]
    assert [(r.actor_id, r.outcome) for r in denied] == [(stranger.user.user_id, "denied")] * 2


def test_an_unknown_id_answers_exactly_like_anothers_ticket(person):
    owner, stranger = person(), person()
    ticket_id = a_ticket(owner)["id"]
    theirs = stranger.api.get(f"/api/tickets/{ticket_id}")
    missing = stranger.api.get(f"/api/tickets/{'0' * 32}")
    malformed = stranger.api.get(f"/api/tickets/{'x' * 3000}")
    assert theirs.status == missing.status == malformed.status == 404
    assert theirs.json == missing.json == malformed.json


def test_an_operator_sees_only_tickets_assigned_to_them(person, assigned):
    _member, _admin, _operator, ticket_id = assigned
    other = person(Role.OPERATOR)
    assert other.api.get(f"/api/tickets/{ticket_id}").status == 404
    assert other.api.post(f"/api/tickets/{ticket_id}/messages",
                          {"body": "Me meto"}).status == 404
    assert other.api.post(f"/api/tickets/{ticket_id}/status",
                          {"status": "in_progress"}).status == 404
    assert other.api.get("/api/tickets").json["items"] == []
    assert other.api.get(f"/api/tickets?assignee={_operator.id}").json["items"] == []


def test_an_operator_cannot_see_an_unassigned_ticket(person):
    member, operator = person(), person(Role.OPERATOR)
    ticket_id = a_ticket(member)["id"]
    assert operator.api.get(f"/api/tickets/{ticket_id}").status == 404


# --- roles: 403 -----------------------------------------------------------------------------


def test_a_member_cannot_assign_or_change_the_state(person, assigned):
    member, _admin, operator, ticket_id = assigned
    assign = member.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    status = member.api.post(f"/api/tickets/{ticket_id}/status", {"status": "closed"})
    assert assign.status == status.status == 403
    assert assign.error_code == status.error_code == "forbidden"
    assert TicketModel.get(ticket_id).status == "assigned"


def test_an_operator_cannot_assign(assigned):
    _member, _admin, operator, ticket_id = assigned
    answer = operator.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    assert answer.status == 403


def test_staff_do_not_open_tickets_and_strangers_are_not_signed_in(person, api):
    admin = person(Role.ADMIN)
    answer = admin.api.post("/api/tickets", {"subject": "x", "category": "otros",
                                             "message": "y"})
    assert answer.status == 403
    assert api.get("/api/tickets").status == 401


def test_staff_without_two_factor_reach_nothing(person):
    operator = person(Role.OPERATOR, totp_secret=None)
    answer = operator.api.get("/api/tickets")
    assert answer.status == 403 and answer.error_code == "totp_enrolment_required"


def test_state_changes_need_the_csrf_header(person):
    member = person()
    answer = member.api.post("/api/tickets", {"subject": "a", "category": "otros",
                                              "message": "b"}, csrf=False)
    assert answer.status == 403 and answer.error_code == "csrf_header_missing"


# --- input: 400 with fields -----------------------------------------------------------------


def test_empty_subject_and_message_are_refused_with_both_fields(person):
    member = person()
    answer = member.api.post("/api/tickets", {"subject": "   ", "category": "ahorros",
                                              "message": "\n\t "})
    assert answer.status == 400
    assert answer.error_code == "invalid_input"
    assert set(answer.json["error"]["fields"]) == {"subject", "message"}


def test_missing_fields_and_wrong_types_are_refused(person):
    member = person()
    answer = member.api.post("/api/tickets", {"subject": 42, "message": ["a"]})
    assert answer.status == 400
    assert set(answer.json["error"]["fields"]) == {"subject", "category", "message"}
    assert member.api.post("/api/tickets", raw=b"[1, 2]").status == 400
    assert member.api.post("/api/tickets", raw=b"{not json").status == 400


def test_an_unknown_category_is_refused(person):
    member = person()
    answer = member.api.post("/api/tickets", {"subject": "Hola", "category": "bitcoin",
                                              "message": "Hola"})
    assert answer.status == 400
    assert list(answer.json["error"]["fields"]) == ["category"]


def test_a_body_of_5000_characters_passes_and_5001_does_not(person):
    member = person()
    ticket_id = a_ticket(member, message="a" * 5000)["id"]
    too_long = member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "b" * 5001})
    assert too_long.status == 400
    assert "body" in too_long.json["error"]["fields"]
    first = member.api.post("/api/tickets", {"subject": "s", "category": "otros",
                                             "message": "m" * 5001})
    assert first.status == 400 and "message" in first.json["error"]["fields"]
    assert member.api.post(f"/api/tickets/{ticket_id}/messages",
                           {"body": "b" * 5000}).status == 201


def test_a_subject_longer_than_150_characters_is_refused(person):
    member = person()
    answer = member.api.post("/api/tickets", {"subject": "s" * 151, "category": "otros",
                                              "message": "m"})
    assert answer.status == 400 and list(answer.json["error"]["fields"]) == ["subject"]
    assert a_ticket(member, subject="s" * 150)["status"] == "open"


def test_an_empty_reply_is_refused(person):
    member = person()
    ticket_id = a_ticket(member)["id"]
    answer = member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "  "})
    assert answer.status == 400 and list(answer.json["error"]["fields"]) == ["body"]


def test_html_and_script_are_stored_and_returned_verbatim_as_text(person):
    member = person()
    script = '<script>alert("x")</script><b onclick="steal()">negrita</b>'
    ticket_id = a_ticket(member, subject="<i>urgente</i>", message=script)["id"]
    answer = member.api.get(f"/api/tickets/{ticket_id}")
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json["subject"] == "<i>urgente</i>"
    assert answer.json["messages"][0]["body"] == script
    assert member.api.get("/api/tickets").json["items"][0]["subject"] == "<i>urgente</i>"


def test_control_characters_are_stripped_and_text_is_trimmed(person):
    member = person()
    ticket_id = a_ticket(member, subject="\tHola\x00\u202e mundo\n",
                         message="  línea 1\r\nlínea\x07 2  ")["id"]
    ticket = member.api.get(f"/api/tickets/{ticket_id}").json
    assert ticket["subject"] == "Hola mundo"
    assert ticket["messages"][0]["body"] == "línea 1\nlínea 2"


def test_a_member_cannot_set_server_owned_fields(person):
    member = person()
    for field in ("status", "assignee_id", "number", "member_id"):
        body = {"subject": "Hola", "category": "otros", "message": "Hola", field: "x"}
        answer = member.api.post("/api/tickets", body)
        assert answer.status == 400, field
        assert answer.error_code == "read_only_field"
        assert list(answer.json["error"]["fields"]) == [field]
    assert list(TicketModel.scan()) == []


def test_a_reply_cannot_set_its_author_or_the_state(person):
    member = person()
    ticket_id = a_ticket(member)["id"]
    answer = member.api.post(f"/api/tickets/{ticket_id}/messages",
                             {"body": "hola", "author_role": "admin", "status": "closed"})
    assert answer.status == 400 and answer.error_code == "read_only_field"
    assert set(answer.json["error"]["fields"]) == {"author_role", "status"}


def test_a_ticket_is_assigned_only_to_an_active_operator_or_admin(person):
    member, admin = person(), person(Role.ADMIN)
    ticket_id = a_ticket(member)["id"]
    targets = {
        "the member": member.id,
        "another member": person().id,
        "an inactive operator": person(Role.OPERATOR, status="inactive").id,
        "nobody": "0" * 32,
        "a blank": " ",
        "a number": 7,
    }
    for who, target in targets.items():
        answer = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": target})
        assert answer.status == 400, who
        assert "operator_id" in answer.json["error"]["fields"]
    assert TicketModel.get(ticket_id).status == "open"


def test_an_unknown_status_is_a_400(assigned):
    _member, _admin, operator, ticket_id = assigned
    answer = operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "archived"})
    assert answer.status == 400 and list(answer.json["error"]["fields"]) == ["status"]


def test_bad_list_parameters_are_a_400(person):
    member = person()
    for query in ("limit=0", "limit=101", "limit=abc", "status=archived", "category=bitcoin",
                  "cursor=not-a-cursor"):
        answer = member.api.get(f"/api/tickets?{query}")
        assert answer.status == 400, query
        assert answer.json["error"]["fields"]


# --- the state machine: 409 -----------------------------------------------------------------


def test_moves_outside_the_state_machine_are_a_409(assigned):
    _member, _admin, operator, ticket_id = assigned
    for status in ("open", "assigned", "closed"):
        answer = operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": status})
        assert answer.status == 409, status
        assert answer.error_code == "invalid_transition"


def test_an_open_ticket_changes_state_only_by_assignment(person):
    member, admin = person(), person(Role.ADMIN)
    ticket_id = a_ticket(member)["id"]
    answer = admin.api.post(f"/api/tickets/{ticket_id}/status", {"status": "in_progress"})
    assert answer.status == 409 and answer.error_code == "invalid_transition"


def test_a_closed_ticket_takes_no_replies_no_moves_and_no_assignment(assigned):
    member, admin, operator, ticket_id = assigned
    for status in ("resolved", "closed"):
        assert operator.api.post(f"/api/tickets/{ticket_id}/status",
                                 {"status": status}).status == 200
    reply = member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "¿Sigue?"})
    assert reply.status == 409 and reply.error_code == "ticket_closed"
    reopen = admin.api.post(f"/api/tickets/{ticket_id}/status", {"status": "in_progress"})
    assert reopen.status == 409 and reopen.error_code == "invalid_transition"
    assign = admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": admin.id})
    assert assign.status == 409 and assign.error_code == "invalid_transition"


def test_a_full_thread_takes_no_more_replies(person):
    member = person()
    ticket_id = a_ticket(member)["id"]
    ticket = TicketModel.get(ticket_id)
    ticket.update(actions=[TicketModel.message_count.set(300)])
    answer = member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Uno más"})
    assert answer.status == 409 and answer.error_code == "thread_full"
