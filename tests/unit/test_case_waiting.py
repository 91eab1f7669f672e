"""Since when each kind of case waits for the staff (issue 17), and the lists' ``?waiting=``."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.credit.application import CreditApplication
from chalicelib.domain.credit.applications import Status as AppStatus
from chalicelib.domain.shared.case_waiting import (
    WaitingFilter,
    parse_waiting_filter,
    waited_before,
    waiting_fields,
)
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.tickets.ticket import Ticket
from chalicelib.domain.tickets.tickets import Category
from chalicelib.domain.tickets.tickets import Status as TicketStatus

CREATED = "2026-03-10T09:00:00.000000Z"
MEMBER_WROTE = "2026-03-11T10:00:00.000000Z"
STAFF_WROTE = "2026-03-11T12:00:00.000000Z"


def a_ticket(**fields) -> Ticket:
    base = Ticket(ticket_id="t1", number=1, member_id="m1", member_name="Rosa",
                  status=TicketStatus.ASSIGNED, category=Category.APORTES, subject="Saldo",
                  created_at=CREATED, updated_at=CREATED, last_member_message_at=CREATED)
    return replace(base, **fields)


def an_application(**fields) -> CreditApplication:
    base = CreditApplication(application_id="a1", number=1, member_id="m1", member_name="Rosa",
                             member_dni=None, status=AppStatus.IN_REVIEW, product_code="CONSUMO",
                             product_name="Consumo", simulation={}, created_at=CREATED,
                             updated_at=STAFF_WROTE, status_changed_at=MEMBER_WROTE)
    return replace(base, **fields)


def test_a_ticket_waits_from_the_members_last_message():
    assert a_ticket().waiting_since == CREATED
    assert a_ticket(last_member_message_at=MEMBER_WROTE).waiting_since == MEMBER_WROTE
    assert a_ticket(last_member_message_at=None).waiting_since == CREATED


def test_a_ticket_the_staff_answered_last_waits_for_the_member():
    answered = a_ticket(last_member_message_at=MEMBER_WROTE, last_staff_message_at=STAFF_WROTE)
    assert answered.waiting_since is None
    replied_again = a_ticket(last_member_message_at=STAFF_WROTE,
                             last_staff_message_at=MEMBER_WROTE)
    assert replied_again.waiting_since == STAFF_WROTE


@pytest.mark.parametrize("status", [TicketStatus.RESOLVED, TicketStatus.CLOSED])
def test_a_resolved_or_closed_ticket_waits_for_no_one(status):
    assert a_ticket(status=status).waiting_since is None


@pytest.mark.parametrize("status", [TicketStatus.OPEN, TicketStatus.IN_PROGRESS])
def test_an_open_or_started_ticket_waits_for_the_staff(status):
    assert a_ticket(status=status).waiting_since == CREATED


@pytest.mark.parametrize("status", [AppStatus.RECEIVED, AppStatus.ASSIGNED, AppStatus.IN_REVIEW])
def test_an_application_waits_from_its_last_status_change_in_a_staff_state(status):
    assert an_application(status=status).waiting_since == MEMBER_WROTE


@pytest.mark.parametrize("status", [AppStatus.OBSERVED, AppStatus.APPROVED, AppStatus.REJECTED,
                                    AppStatus.DISBURSED])
def test_an_application_waiting_on_the_member_or_finished_waits_for_no_staff(status):
    assert an_application(status=status).waiting_since is None


def test_an_older_application_without_its_status_stamp_waits_from_its_last_update():
    assert an_application(status_changed_at=None).waiting_since == STAFF_WROTE


def test_the_waiting_filter_takes_overdue_or_whole_hours():
    assert parse_waiting_filter(None) is None and parse_waiting_filter("") is None
    assert parse_waiting_filter("overdue") == WaitingFilter(overdue=True)
    assert parse_waiting_filter(" 24 ") == WaitingFilter(min_hours=24)
    for bad in ("0", "-1", "1.5", "ayer", "٣", "9999999"):
        with pytest.raises(InvalidInput):
            parse_waiting_filter(bad)


def test_overdue_resolves_to_the_stage_hours_and_a_stored_cutoff():
    now = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    assert waited_before(WaitingFilter(overdue=True), now, 48) == CREATED
    assert waited_before(WaitingFilter(min_hours=23), now, 48) == MEMBER_WROTE


def test_a_rows_waiting_fields():
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC) + timedelta(hours=50)
    assert waiting_fields(CREATED, now, 48) == {"waiting_since": "2026-03-10T09:00:00Z",
                                                "waited_label": "2 d", "overdue": True}
    assert waiting_fields(None, now, 48) == {"waiting_since": None, "waited_label": None,
                                             "overdue": False}
