"""The buzón's pure rules: the state machine, who sees a ticket, unread markers, input rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.shared.assigned_case import can_see, stamp
from chalicelib.domain.shared.assigned_case import is_case_id as is_ticket_id
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets import emails as ticket_emails
from chalicelib.domain.tickets.tickets import (
    CATEGORY_LABELS,
    MAX_MESSAGES,
    STATUS_LABELS,
    Category,
    InvalidTransition,
    Side,
    Status,
    ThreadFull,
    TicketClosed,
    check_room_for_reply,
    clean_text,
    is_unread,
    parse_new_ticket,
    parse_operator_id,
    parse_reply,
    parse_status,
    staff_moves_for,
    status_after_assignment,
    status_after_reply,
    status_after_staff_change,
)

# --- the state machine --------------------------------------------------------------------

ALLOWED_STAFF_MOVES = {
    (Status.ASSIGNED, Status.IN_PROGRESS), (Status.ASSIGNED, Status.RESOLVED),
    (Status.IN_PROGRESS, Status.RESOLVED),
    (Status.RESOLVED, Status.IN_PROGRESS), (Status.RESOLVED, Status.CLOSED),
}


def test_the_status_endpoint_allows_exactly_the_documented_moves():
    for current in Status:
        for requested in Status:
            if (current, requested) in ALLOWED_STAFF_MOVES:
                assert status_after_staff_change(current, requested) is requested
            else:
                with pytest.raises(InvalidTransition) as refused:
                    status_after_staff_change(current, requested)
                assert refused.value.code == "invalid_transition"


def test_only_an_assignment_takes_a_ticket_out_of_open_and_into_assigned():
    assert status_after_assignment(Status.OPEN) is Status.ASSIGNED
    assert status_after_assignment(Status.ASSIGNED) is Status.ASSIGNED
    assert status_after_assignment(Status.IN_PROGRESS) is Status.ASSIGNED
    for current in (Status.RESOLVED, Status.CLOSED):
        with pytest.raises(InvalidTransition):
            status_after_assignment(current)


def test_a_members_reply_reopens_a_resolved_ticket_with_its_assignee():
    assert status_after_reply(Status.RESOLVED, Side.MEMBER, has_assignee=True) \
        is Status.IN_PROGRESS


def test_a_members_reply_reopens_an_unassigned_resolved_ticket_into_the_open_queue():
    assert status_after_reply(Status.RESOLVED, Side.MEMBER, has_assignee=False) is Status.OPEN


def test_the_first_staff_reply_starts_the_work_on_an_assigned_ticket():
    assert status_after_reply(Status.ASSIGNED, Side.STAFF, has_assignee=True) \
        is Status.IN_PROGRESS


def test_other_replies_leave_the_state_alone():
    for current in (Status.OPEN, Status.IN_PROGRESS):
        for side in Side:
            assert status_after_reply(current, side, has_assignee=True) is current
    assert status_after_reply(Status.ASSIGNED, Side.MEMBER, True) is Status.ASSIGNED
    assert status_after_reply(Status.RESOLVED, Side.STAFF, True) is Status.RESOLVED


def test_nobody_writes_on_a_closed_ticket():
    for side in Side:
        with pytest.raises(TicketClosed) as refused:
            status_after_reply(Status.CLOSED, side, has_assignee=True)
        assert refused.value.code == "ticket_closed"


def test_members_are_offered_no_state_changes_and_staff_the_allowed_ones():
    assert staff_moves_for(Role.MEMBER, Status.RESOLVED) == []
    assert staff_moves_for(Role.OPERATOR, Status.RESOLVED) == [Status.IN_PROGRESS,
                                                               Status.CLOSED]
    assert staff_moves_for(Role.ADMIN, Status.CLOSED) == []


def test_every_category_and_state_has_a_spanish_label():
    assert set(CATEGORY_LABELS) == set(Category)
    assert set(STATUS_LABELS) == set(Status)
    assert [c.value for c in Category] == ["aportes", "ahorros", "plazo_fijo", "cts",
                                           "prestamos", "beneficio_familiar", "credito",
                                           "acceso", "otros"]


# --- who sees what --------------------------------------------------------------------------


def test_members_see_their_own_operators_their_assigned_admins_all():
    assert can_see(Role.MEMBER, "m1", member_id="m1", assignee_id=None)
    assert not can_see(Role.MEMBER, "m2", member_id="m1", assignee_id=None)
    assert can_see(Role.OPERATOR, "o1", member_id="m1", assignee_id="o1")
    assert not can_see(Role.OPERATOR, "o2", member_id="m1", assignee_id="o1")
    assert not can_see(Role.OPERATOR, "o1", member_id="m1", assignee_id=None)
    assert can_see(Role.ADMIN, "a1", member_id="m1", assignee_id=None)
    assert can_see(Role.SUPER_ADMIN, "s1", member_id="m1", assignee_id="o1")


def test_a_member_who_is_somehow_the_assignee_still_sees_only_their_own():
    assert not can_see(Role.MEMBER, "m2", member_id="m1", assignee_id="m2")


# --- unread markers -------------------------------------------------------------------------


def test_unread_means_the_other_side_wrote_after_the_last_read():
    early, late = "2026-01-01T10:00:00.000001Z", "2026-01-01T10:00:00.000002Z"
    assert is_unread(Side.MEMBER, last_member_message_at=late, last_staff_message_at=late,
                     read_at=early)
    assert not is_unread(Side.MEMBER, last_member_message_at=late, last_staff_message_at=early,
                         read_at=early)
    assert not is_unread(Side.MEMBER, last_member_message_at=late, last_staff_message_at=None,
                         read_at=None)
    assert is_unread(Side.STAFF, last_member_message_at=early, last_staff_message_at=None,
                     read_at=None)
    assert not is_unread(Side.STAFF, last_member_message_at=early, last_staff_message_at=late,
                         read_at=early)


def test_stamps_sort_as_text_in_time_order():
    first = datetime(2026, 1, 1, 9, 59, 59, 999999, tzinfo=UTC)
    second = datetime(2026, 1, 1, 10, 0, 0, 0, tzinfo=UTC)
    assert stamp(first) < stamp(second)
    assert stamp(second) == "2026-01-01T10:00:00.000000Z"


# --- input rules ----------------------------------------------------------------------------


def _ticket(**overrides):
    return {"subject": "Mi aporte", "category": "aportes", "message": "Hola", **overrides}


def test_a_valid_ticket_is_trimmed():
    form = parse_new_ticket(_ticket(subject="  Mi aporte  ", message="\n Hola \n"))
    assert (form.subject, form.category, form.message) == ("Mi aporte", Category.APORTES,
                                                           "Hola")


def test_the_limits_are_150_for_the_subject_and_5000_for_a_message():
    assert parse_new_ticket(_ticket(subject="s" * 150, message="m" * 5000))
    with pytest.raises(InvalidInput) as too_long:
        parse_new_ticket(_ticket(subject="s" * 151, message="m" * 5001))
    assert set(too_long.value.fields) == {"subject", "message"}
    assert too_long.value.fields["message"] == "Máximo 5,000 caracteres."
    assert parse_reply({"body": "b" * 5000}) == "b" * 5000
    with pytest.raises(InvalidInput):
        parse_reply({"body": "b" * 5001})


def test_length_is_counted_after_cleaning():
    assert parse_reply({"body": " " * 100 + "b" * 5000 + "\x00" * 10}) == "b" * 5000


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(InvalidInput) as refused:
        parse_new_ticket({"subject": "", "category": "nope", "message": None})
    assert set(refused.value.fields) == {"subject", "category", "message"}


def test_non_text_values_are_refused_not_coerced():
    with pytest.raises(InvalidInput) as refused:
        parse_new_ticket(_ticket(subject=123, message={"a": 1}))
    assert set(refused.value.fields) == {"subject", "message"}


def test_control_characters_go_but_newlines_and_tabs_stay_in_a_body():
    assert clean_text("a\x00b\x1bc\td\r\ne\u202ef", multiline=True) == "abc\td\nef"
    assert clean_text("Asunto\nen dos\tlíneas", multiline=False) == "Asunto en dos líneas"


def test_html_is_kept_verbatim_as_text():
    script = "<script>alert('x')</script>"
    assert parse_reply({"body": script}) == script


def test_server_owned_fields_are_refused_by_name():
    for field in ("status", "assignee_id", "number", "member_id"):
        with pytest.raises(InvalidInput) as refused:
            parse_new_ticket(_ticket(**{field: "x"}))
        assert refused.value.code == "read_only_field"
        assert list(refused.value.fields) == [field]
    with pytest.raises(InvalidInput):
        parse_reply({"body": "hola", "author_role": "admin"})
    with pytest.raises(InvalidInput):
        parse_operator_id({"operator_id": "x", "assignee_id": "y"})
    assert parse_status({"status": "resolved"}) is Status.RESOLVED


def test_ticket_ids():
    assert is_ticket_id("0123456789abcdef0123456789abcdef")
    assert not is_ticket_id("../../etc") and not is_ticket_id("A" * 32)


def test_emails_name_the_ticket_and_link_to_it_but_never_carry_a_message():
    email = ticket_emails.status_to_member("s@x.pe", number=42, subject="<b>CTS</b>",
                                           status=Status.RESOLVED,
                                           link="http://portal/buzon?ticket=abc")
    assert email.subject == "Tu ticket N° 42 está resuelto"
    assert "«<b>CTS</b>»" in email.text and "http://portal/buzon?ticket=abc" in email.text
    assert "&lt;b&gt;CTS&lt;/b&gt;" in email.html
    assert "reabriremos" in email.text


def test_a_thread_stops_taking_replies_at_its_ceiling():
    check_room_for_reply(MAX_MESSAGES - 1)
    with pytest.raises(ThreadFull) as refused:
        check_room_for_reply(MAX_MESSAGES)
    assert refused.value.code == "thread_full"
