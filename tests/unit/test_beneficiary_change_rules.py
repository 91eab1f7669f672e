"""The beneficiary change's rules: the list (DNI, relationship, percentages adding to exactly
100.00), the workflow's moves, and registration against the plan as imported."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import beneficiary_change as rules
from chalicelib.domain.accounts.beneficiary_change import (
    Beneficiary,
    Registration,
    Status,
    StatusChange,
)
from chalicelib.domain.accounts.beneficiary_requests import (
    parse_change_request,
    parse_status_change,
)
from chalicelib.domain.shared.assigned_case import Actor
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.permissions import Role

PLAN = "0123456789abcdef"
MOMENT = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
MEMBER = Actor("m1", "member", "Rosa Huamán")
ADMIN = Actor("a1", "admin", "Ada Torres")
OPERATOR = Actor("o1", "operator", "Óscar Paredes")


def _row(name: str = "Rosa Mendoza", dni: str = "41111111", relationship: str = "cónyuge",
         percentage: object = "100") -> dict[str, object]:
    return {"name": name, "dni": dni, "relationship": relationship, "percentage": percentage}


def _fields(body: dict[str, object]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        parse_change_request(body)
    return refused.value.fields


def test_a_list_adding_to_100_is_read_with_the_cooperative_terms():
    request = parse_change_request({"plan_id": PLAN, "beneficiaries": [
        _row(percentage=Decimal("33.33")), _row("Luis", "42222222", "HIJO", "33.33"),
        _row("Ana", "43333333", "Hija", "33.34")]})
    assert [b.relationship for b in request.beneficiaries] == ["Cónyuge", "Hijo", "Hija"]
    assert [b.percentage for b in request.beneficiaries] == [
        Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert request.beneficiaries[1].name == "LUIS"


@pytest.mark.parametrize("percentages, total", [(["50", "49.99"], "99.99"),
                                                (["50", "50.01"], "100.01")])
def test_percentages_must_add_to_exactly_100(percentages, total):
    rows = [_row(percentage=percentages[0]), _row("Luis", "42222222", "Hijo", percentages[1])]
    assert _fields({"plan_id": PLAN, "beneficiaries": rows})["beneficiaries"] == (
        f"Los porcentajes suman {total} %; deben sumar exactamente 100.00 %.")


@pytest.mark.parametrize("field, value, message", [
    ("dni", "1234567", "El DNI debe tener 8 dígitos."),
    ("dni", "4111111１", "El DNI debe tener 8 dígitos."),
    ("relationship", "Tío", "Elige el parentesco"),
    ("percentage", "12.345", "Admite como máximo 2 decimales."),
    ("percentage", "0", "El porcentaje debe estar entre 0.01 y 100.00."),
    ("percentage", 1.5, "Debe ser un número."),
])
def test_each_bad_field_is_named_under_its_row(field, value, message):
    fields = _fields({"plan_id": PLAN, "beneficiaries": [{**_row(), field: value}]})
    assert fields[f"beneficiaries[0].{field}"].startswith(message)


def test_the_same_dni_twice_and_an_empty_list_are_refused():
    twice = [_row(percentage="50"), _row("Luis", percentage="50")]
    assert "dos veces" in _fields({"plan_id": PLAN, "beneficiaries": twice})["beneficiaries"]
    assert _fields({"plan_id": PLAN, "beneficiaries": []})["beneficiaries"] == (
        "Agrega al menos un beneficiario.")
    assert "plan_id" in _fields({"plan_id": "x", "beneficiaries": [_row()]})


def _new() -> rules.BeneficiaryChange:
    return rules.new_request("c" * 32, 7, MEMBER, "40000001", PLAN, "0900000101",
                             [Beneficiary("ROSA", "41111111", "Cónyuge", Decimal("100.00"))],
                             MOMENT)


def test_the_workflow_from_receipt_to_approval():
    change = _new()
    assert change.status is Status.RECEIVED and change.moves_for(Role.ADMIN) == []
    assigned = change.assign(ADMIN, OPERATOR, MOMENT)
    assert (assigned.status, assigned.assignee_id) == (Status.ASSIGNED, "o1")
    assert assigned.moves_for(Role.OPERATOR) == [Status.OBSERVED, Status.APPROVED,
                                                 Status.REJECTED]
    assert assigned.moves_for(Role.MEMBER) == []
    approved = assigned.move(OPERATOR, StatusChange(Status.APPROVED), MOMENT)
    assert approved.decided_at and not approved.is_open
    assert [line["to"] for line in approved.history] == ["received", "assigned", "approved"]
    with pytest.raises(Conflict):
        approved.assign(ADMIN, OPERATOR, MOMENT)
    with pytest.raises(Conflict):
        approved.move(OPERATOR, StatusChange(Status.REJECTED, "no"), MOMENT)


def test_an_observed_request_is_corrected_by_the_member_and_goes_back_to_its_assignee():
    observed = _new().assign(ADMIN, OPERATOR, MOMENT).move(
        OPERATOR, StatusChange(Status.OBSERVED, "Falta un DNI."), MOMENT)
    assert observed.can_be_corrected_by(Role.MEMBER)
    assert not observed.can_be_corrected_by(Role.OPERATOR)
    new_list = [Beneficiary("LUIS", "42222222", "Hijo", Decimal("100.00"))]
    corrected = observed.correct(MEMBER, new_list, MOMENT)
    assert corrected.status is Status.ASSIGNED and corrected.beneficiaries == tuple(new_list)
    with pytest.raises(Conflict):
        corrected.correct(MEMBER, new_list, MOMENT)
    with pytest.raises(Conflict):
        _new().move(OPERATOR, StatusChange(Status.APPROVED), MOMENT)


def test_observing_or_rejecting_needs_an_observation():
    with pytest.raises(InvalidInput) as refused:
        parse_status_change({"status": "rejected"})
    assert "observation" in refused.value.fields
    assert parse_status_change({"status": "approved"}).target is Status.APPROVED


APPROVED = [Beneficiary("ROSA MENDOZA", "41111111", "Cónyuge", Decimal("60.00")),
            Beneficiary("LUIS MENDOZA", "42222222", "Hijo", Decimal("40.00"))]


def _imported(*rows: tuple[str, str, str]) -> list[dict[str, object]]:
    return [{"name": n, "relationship": r, "percentage": p, "entitled": True}
            for n, r, p in rows]


def test_registered_when_the_import_agrees_whatever_its_accents_and_capitals():
    plan = _imported(("Rosa  Mendoza", "CONYUGE", "60"), ("LUIS MENDOZA", "Hijo", "40.00"))
    check = rules.registration(APPROVED, plan, date(2026, 11, 25), MOMENT)
    assert check == rules.RegistrationCheck(Registration.REGISTERED)


def test_pending_until_a_newer_import_and_a_mismatch_after_it():
    plan = _imported(("ROSA MENDOZA", "Cónyuge", "50"), ("PEDRO", "Hijo", "50"))
    same_day = rules.registration(APPROVED, plan, date(2026, 11, 26), MOMENT)
    assert same_day.status is Registration.PENDING
    later = rules.registration(APPROVED, plan, date(2026, 11, 27), MOMENT)
    assert later.status is Registration.MISMATCH
    assert later.differences == (
        "ROSA MENDOZA: porcentaje aprobado 60.00 %, en el sistema 50.00 %.",
        "LUIS MENDOZA: no figura en el sistema.",
        "PEDRO: figura en el sistema y no en la solicitud.")
    assert rules.registration(APPROVED, None, None, MOMENT).status is Registration.PENDING


def test_the_daily_limit_message_counts_in_spanish():
    assert rules.daily_limit_message(1).startswith("Alcanzaste el máximo de 1 solicitud de ")
    assert rules.daily_limit_message(3).startswith("Alcanzaste el máximo de 3 solicitudes de ")
