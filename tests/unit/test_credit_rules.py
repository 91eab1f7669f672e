"""Credit rules without AWS: the application state machine, products and simulation inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.credit.applications import (
    STATUS_CHANGES,
    Status,
    average_days,
    check_status_change,
    counter_deltas,
    decision_deltas,
    moves_for,
    parse_status_change,
    status_after_assignment,
)
from chalicelib.domain.credit.products import (
    check_against_product,
    parse_product,
    parse_simulation_request,
    rate_text,
)
from chalicelib.domain.shared.assigned_case import can_see
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.permissions import Role

S = Status
ALLOWED = {
    (S.ASSIGNED, S.IN_REVIEW),
    (S.IN_REVIEW, S.OBSERVED), (S.IN_REVIEW, S.APPROVED), (S.IN_REVIEW, S.REJECTED),
    (S.OBSERVED, S.IN_REVIEW),
    (S.APPROVED, S.DISBURSED),
}
TODAY = date(2026, 5, 10)


# --- the state machine --------------------------------------------------------------------


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_only_the_workflow_moves_are_allowed(current, target):
    if (current, target) in ALLOWED:
        check_status_change(current, target)
    else:
        with pytest.raises(Conflict) as refused:
            check_status_change(current, target)
        assert refused.value.code == "invalid_transition"


def test_the_transition_table_is_exactly_the_contract():
    assert {(a, b) for a, targets in STATUS_CHANGES.items() for b in targets} == ALLOWED


def test_assignment_moves_received_to_assigned_and_keeps_open_states():
    assert status_after_assignment(S.RECEIVED) is S.ASSIGNED
    assert status_after_assignment(S.ASSIGNED) is S.ASSIGNED
    assert status_after_assignment(S.OBSERVED) is S.OBSERVED
    for decided in (S.APPROVED, S.REJECTED, S.DISBURSED):
        with pytest.raises(Conflict):
            status_after_assignment(decided)


def test_observing_and_rejecting_need_an_observation():
    for status in ("observed", "rejected"):
        with pytest.raises(InvalidInput) as refused:
            parse_status_change({"status": status, "observation": "   "})
        assert "observation" in refused.value.fields
    change = parse_status_change({"status": "OBSERVED", "observation": "  Falta  boleta "})
    assert change.target is S.OBSERVED and change.observation == "Falta boleta"
    assert parse_status_change({"status": "approved"}).observation is None


def test_an_unknown_status_is_a_field_error_not_a_conflict():
    with pytest.raises(InvalidInput) as refused:
        parse_status_change({"status": "paid"})
    assert set(refused.value.fields) == {"status"}


def test_who_sees_an_application():
    assert can_see(Role.MEMBER, "m1", "m1", None)
    assert not can_see(Role.MEMBER, "m2", "m1", "o1")
    assert can_see(Role.OPERATOR, "o1", "m1", "o1")
    assert not can_see(Role.OPERATOR, "o2", "m1", "o1")
    assert can_see(Role.ADMIN, "a", "m1", None) and can_see(Role.SUPER_ADMIN, "s", "m1", "o1")


def test_members_are_offered_no_moves_and_staff_the_workflow_ones():
    assert moves_for(Role.MEMBER, S.IN_REVIEW) == []
    assert moves_for(Role.OPERATOR, S.IN_REVIEW) == [S.OBSERVED, S.APPROVED, S.REJECTED]


def test_counters_move_with_the_state_and_the_assignee():
    assert counter_deltas(None, (S.RECEIVED, None)) == {"credit#status#received": 1}
    assert counter_deltas((S.RECEIVED, None), (S.ASSIGNED, "o1")) == {
        "credit#status#received": -1, "credit#status#assigned": 1,
        "credit#assignee#o1#status#assigned": 1}
    assert counter_deltas((S.IN_REVIEW, "o1"), (S.IN_REVIEW, "o2")) == {
        "credit#assignee#o1#status#in_review": -1, "credit#assignee#o2#status#in_review": 1}
    assert decision_deltas("o1", 86400) == {
        "credit#decided#count": 1, "credit#decided#seconds": 86400,
        "credit#assignee#o1#decided#count": 1, "credit#assignee#o1#decided#seconds": 86400}


def test_average_days_to_decision():
    assert average_days(0, 0) is None
    assert average_days(3 * 86400 + 43200, 1) == 3.5
    assert average_days(86400 * 5, 2) == 2.5


# --- products -------------------------------------------------------------------------------

PRODUCT = {"name": "PTMO. CONSUMO", "tea": "0.18", "insurance_monthly_rate": "0.0006",
           "min_amount": "500", "max_amount": "30000", "terms_months": [24, 12, 12, "6"],
           "payment_methods": ["ventanilla", "planilla"], "payroll_day": None}


def test_a_product_is_normalized():
    product = parse_product("consumo", PRODUCT)
    assert product.code == "CONSUMO"
    assert product.terms_months == (6, 12, 24)
    assert product.payment_methods == ("planilla", "ventanilla")
    view = product.as_dict()
    assert (view["tea"], view["insurance_monthly_rate"], view["min_amount"]) == (
        "0.1800", "0.0006", "500.00")


def test_every_bad_product_field_is_reported_at_once():
    with pytest.raises(InvalidInput) as refused:
        parse_product("X1", {"name": "", "tea": "18", "insurance_monthly_rate": "-0.1",
                             "min_amount": "900", "max_amount": "100", "terms_months": [0],
                             "payment_methods": ["cheque"], "payroll_day": 32,
                             "active": "yes"})
    assert set(refused.value.fields) == {"name", "tea", "insurance_monthly_rate", "max_amount",
                                         "terms_months", "payment_methods", "payroll_day",
                                         "active"}


def test_a_bad_code_is_refused():
    with pytest.raises(InvalidInput):
        parse_product("no válido!", PRODUCT)


def test_rates_keep_four_decimals_or_more_when_they_have_them():
    assert rate_text(Decimal("0.135")) == "0.1350"
    assert rate_text(Decimal("0.00077")) == "0.00077"
    assert rate_text(Decimal("0")) == "0.0000"


# --- simulation inputs ----------------------------------------------------------------------

REQUEST = {"product_code": "consumo", "amount": "10000", "term_months": 12,
           "payment_method": "Planilla"}


def test_a_simulation_request_defaults_to_disbursing_today():
    request = parse_simulation_request(REQUEST, TODAY)
    assert (request.product_code, request.amount, request.term_months,
            request.payment_method, request.disbursement_date) == (
        "CONSUMO", Decimal("10000"), 12, "planilla", TODAY)


@pytest.mark.parametrize(("field", "value"), [
    ("amount", "diez mil"), ("amount", "1e9"), ("amount", float("nan")), ("amount", True),
    ("amount", "10000.555"), ("amount", -5), ("amount", "10,000"), ("amount", None),
    ("amount", {"value": 1}), ("term_months", 12.5), ("term_months", "doce"),
    ("term_months", False), ("payment_method", "cheque"), ("product_code", ""),
    ("product_code", "x" * 500), ("disbursement_date", "2026-02-30"),
    ("disbursement_date", "10/05/2026"), ("disbursement_date", "2026-05-08"),
    ("disbursement_date", "2026-09-01"),
])
def test_bad_simulation_inputs_are_field_errors(field, value):
    with pytest.raises(InvalidInput) as refused:
        parse_simulation_request({**REQUEST, field: value}, TODAY)
    assert list(refused.value.fields) == [field]
    assert refused.value.fields[field]


def test_yesterday_is_tolerated_as_a_disbursement_date():
    request = parse_simulation_request({**REQUEST, "disbursement_date": "2026-05-09"}, TODAY)
    assert request.disbursement_date == date(2026, 5, 9)


def test_a_request_outside_the_product_limits_names_each_field():
    product = parse_product("CONSUMO", {**PRODUCT, "payment_methods": ["planilla"]})
    request = parse_simulation_request({**REQUEST, "amount": "40000", "term_months": 7,
                                        "payment_method": "ventanilla"}, TODAY)
    with pytest.raises(InvalidInput) as refused:
        check_against_product(request, product)
    assert set(refused.value.fields) == {"amount", "term_months", "payment_method"}
    assert "500.00" in refused.value.fields["amount"]
    assert "6, 12, 24" in refused.value.fields["term_months"]
