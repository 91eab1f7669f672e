"""``domain.credit.application.CreditApplication``: each move returns what changed (the
application after, the history line and its position, the counters' deltas, whether the member
is told) and leaves the application it started from untouched; the typed requests of
``domain.credit.requests``, in the order the routes check them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.credit import applications as rules
from chalicelib.domain.credit.application import CreditApplication, Person
from chalicelib.domain.credit.applications import Status, StatusChange
from chalicelib.domain.credit.products import CreditProduct
from chalicelib.domain.credit.requests import (
    parse_application_request,
    parse_assign_request,
    parse_list_query,
    parse_product_request,
)
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.permissions import Role

MOMENT = datetime(2026, 3, 31, 4, 30, tzinfo=UTC)  # 23:30 in Lima on a month's last day
TODAY = date(2026, 3, 30)
MEMBER = Person(user_id="m1", role=Role.MEMBER, name="Ana Socia", email="m1@example.pe",
                active=True, dni="12345678")
OPERATOR = Person(user_id="o1", role=Role.OPERATOR, name="Omar Operador",
                  email="o1@example.pe", active=True)
ADMIN = Person(user_id="a1", role=Role.ADMIN, name="Alba Admin", email="a1@example.pe",
               active=True).as_actor(Role.ADMIN)
CONSUMO = CreditProduct(code="CONSUMO", name="Consumo", tea=Decimal("0.1350"),
                        insurance_monthly_rate=Decimal("0"), min_amount=Decimal("500"),
                        max_amount=Decimal("30000"), terms_months=(12,),
                        payment_methods=("ventanilla",))
SIMULATION = {"amount": "5000.00", "term_months": 12, "installment": "447.51"}


def received() -> CreditApplication:
    submitted = CreditApplication.submit("a" * 32, 7, MEMBER, Role.MEMBER, CONSUMO, SIMULATION,
                                         MOMENT)
    return submitted.application


def in_review() -> CreditApplication:
    assigned = received().assign(ADMIN, OPERATOR, 1, MOMENT + timedelta(seconds=1))
    return assigned.application.move(ADMIN, StatusChange(Status.IN_REVIEW, None), 2,
                                     MOMENT + timedelta(seconds=2)).application


def test_a_submission_is_received_with_its_receipt_and_one_counter() -> None:
    submitted = CreditApplication.submit("a" * 32, 7, MEMBER, Role.MEMBER, CONSUMO, SIMULATION,
                                         MOMENT)
    application = submitted.application
    assert (application.status, application.member_dni, application.version) == (
        Status.RECEIVED, "12345678", None)
    assert (submitted.line["from"], submitted.line["to"]) == (None, "received")
    assert submitted.counters == {"credit#status#received": 1}


def test_an_assignment_leaves_the_application_it_started_from_untouched() -> None:
    before = received()
    change = before.assign(ADMIN, OPERATOR, 1, MOMENT + timedelta(seconds=1))

    assert (before.status, before.assignee_id) == (Status.RECEIVED, None)
    assert (change.application.status, change.application.assignee_name) == (
        Status.ASSIGNED, "Omar Operador")
    assert (change.before, change.position) == (before, 1)
    assert change.line["assignee"] == {"id": "o1", "name": "Omar Operador"}
    assert change.counters == {"credit#status#received": -1, "credit#status#assigned": 1,
                               "credit#assignee#o1#status#assigned": 1}


def test_a_decision_stamps_the_time_to_decision_and_tells_the_member() -> None:
    decided_at = MOMENT + timedelta(days=1)
    change = in_review().move(ADMIN, StatusChange(Status.APPROVED, None), 3, decided_at)

    assert change.application.decided_at is not None and change.tell_member
    assert change.counters["credit#decided#seconds"] == 86400
    assert change.counters["credit#assignee#o1#decided#count"] == 1
    back = in_review().move(ADMIN, StatusChange(Status.OBSERVED, "Falta DNI."), 3, decided_at)
    assert back.application.decided_at is None and back.tell_member


def test_moves_off_the_workflow_and_notes_on_finished_applications_are_refused() -> None:
    with pytest.raises(Conflict) as refused:
        received().move(ADMIN, StatusChange(Status.APPROVED, None), 1, MOMENT)
    assert refused.value.code == "invalid_transition"
    rejected = in_review().move(ADMIN, StatusChange(Status.REJECTED, "No."), 3,
                                MOMENT).application
    with pytest.raises(Conflict) as finished:
        rejected.note(ADMIN, "Otra.", 4, MOMENT)
    assert finished.value.code == "application_finished"
    with pytest.raises(Conflict):
        rejected.assign(ADMIN, OPERATOR, 4, MOMENT)


def test_a_full_history_takes_only_forward_moves() -> None:
    full = rules.MAX_HISTORY_LINES
    with pytest.raises(Conflict) as refused:
        in_review().note(ADMIN, "Llamé.", full, MOMENT)
    assert refused.value.code == "application_full"
    approved = in_review().move(ADMIN, StatusChange(Status.APPROVED, None), full, MOMENT)
    assert approved.position == full


def test_earlier_lines_come_first_in_the_history() -> None:
    old = replace(received(), earlier_history=({"to": "received"},))
    assert [line["to"] for line in old.history_with([{"to": "assigned"}])] == [
        "received", "assigned"]


# --- requests --------------------------------------------------------------------------------


def test_a_server_owned_field_wins_over_bad_simulation_inputs() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_application_request({"status": "approved", "amount": "x"}, TODAY)
    assert refused.value.code == "read_only_field"


def test_the_list_checks_status_before_limit() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_list_query({"status": "nope", "limit": "0"})
    assert set(refused.value.fields) == {"status"}
    query = parse_list_query({"status": " Observed ", "limit": "5", "cursor": ""})
    assert (query.status, query.limit, query.cursor, query.assignee) == (
        Status.OBSERVED, 5, None, "")


def test_an_unusable_operator_id_is_kept_for_the_use_case_to_refuse() -> None:
    assert parse_assign_request({"operator_id": 42}).operator_id is None
    assert parse_assign_request({}).operator_id is None
    assert parse_assign_request({"operator_id": " o1 "}).operator_id == "o1"


def test_a_product_request_checks_its_fields_before_its_version() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_product_request("CONSUMO", {"version": "x"})
    assert "version" not in refused.value.fields
    with pytest.raises(InvalidInput) as version:
        parse_product_request("consumo", {
            "name": "Consumo", "tea": "0.135", "min_amount": "500", "max_amount": "1000",
            "terms_months": [12], "payment_methods": ["ventanilla"], "version": "x"})
    assert set(version.value.fields) == {"version"}
    request = parse_product_request("consumo", {
        "name": "Consumo", "tea": "0.135", "min_amount": "500", "max_amount": "1000",
        "terms_months": [12], "payment_methods": ["ventanilla"], "version": 3})
    assert (request.product.code, request.expected_version) == ("CONSUMO", 3)
