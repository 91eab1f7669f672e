"""Beneficiary changes through the API: a member asks, staff review (assigned, observed,
approved, rejected) with e-mails and audit, who sees what, and the registration computed from
the family-benefit import."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import load, travel_to_lima_noon
from tests.functional.builders import mails_to, signed_in
from tests.functional.credit_builders import Person
from tests.functional.ticket_builders import daily_limits
from tests.product_rows import a_family_plan

DNI = "40000001"
NEW_LIST = [
    {"name": "Rosa Mendoza", "dni": "41111111", "relationship": "Cónyuge",
     "percentage": "60.00"},
    {"name": "Luis Mendoza", "dni": "42222222", "relationship": "Hijo", "percentage": "40"},
]
AGREEING_PLAN = (("ROSA MENDOZA", "Cónyuge", "60.00", "true"),
                 ("LUIS MENDOZA", "Hijo", "40.00", "true"))


def _cast(app: Any, time_machine: Any) -> tuple[Person, Person, Person, Person]:
    travel_to_lima_noon(time_machine, "2026-11-26")
    load("family_benefit", a_family_plan(DNI))
    return (Person(app, Role.MEMBER, dni=DNI, first_name="Rosa", last_name="Huamán"),
            Person(app, Role.OPERATOR, first_name="Óscar", last_name="Paredes"),
            Person(app, Role.OPERATOR, first_name="Olga", last_name="Ríos"),
            Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"))


def _travel(time_machine: Any, day: str, *people: Person) -> None:
    """Days later: everyone signs in again (sessions end after idle minutes)."""
    travel_to_lima_noon(time_machine, day)
    for person in people:
        signed_in(person.api, person.user)


def _plan_id(member: Person) -> str:
    return str(member.api.get("/api/accounts/family-benefit").json["id"])


def _ask(member: Person, beneficiaries: list[dict[str, Any]] | None = None) -> Any:
    return member.api.post("/api/accounts/beneficiary-changes",
                           {"plan_id": _plan_id(member),
                            "beneficiaries": beneficiaries or NEW_LIST})


def _path(change: dict[str, Any], tail: str = "") -> str:
    return f"/api/accounts/beneficiary-changes/{change['id']}{tail}"


def test_a_member_asks_and_staff_approve_then_the_import_registers_it(app, outbox,
                                                                       time_machine):
    member, operator, _, admin = _cast(app, time_machine)
    asked = _ask(member)
    assert asked.status == 201, asked.json
    change = asked.json
    assert change["status"] == "received" and change["number"] >= 1
    assert [b["percentage"] for b in change["beneficiaries"]] == ["60.00", "40.00"]
    assert change["current_beneficiaries"][0]["name"] == "YAI"

    assigned = admin.api.post(_path(change, "/assign"), {"operator_id": operator.id}).json
    assert (assigned["status"], assigned["assignee_id"]) == ("assigned", operator.id)
    approved = operator.api.post(_path(change, "/status"), {"status": "approved"}).json
    assert approved["registration"]["label"] == "Pendiente de registro en el sistema"
    assert member.api.get(_path(change)).json["registration"]["status"] == "pending"

    _travel(time_machine, "2026-11-28", member)
    load("family_benefit", a_family_plan(DNI, beneficiaries=AGREEING_PLAN))
    seen = member.api.get("/api/accounts/beneficiary-changes").json["items"][0]
    assert seen["registration"] == {"status": "registered", "label": "Registrado"}

    subjects = [mail["subject"] for mail in mails_to(outbox, member.email)]
    assert subjects == [f"Tu solicitud de cambio de beneficiarios N° {change['number']}: "
                        "aprobada"]
    assert [m["subject"] for m in mails_to(outbox, operator.email)] == [
        f"Se te asignó la solicitud de cambio de beneficiarios N° {change['number']}"]
    actions = {record.action for record in AuditModel.scan()
               if record.target == f"beneficiary_change:{change['id']}"}
    assert actions == {"accounts.beneficiary_change_submitted",
                       "accounts.beneficiary_change_assigned",
                       "accounts.beneficiary_change_status_changed"}


def test_a_newer_import_that_disagrees_is_shown_to_staff_only(app, time_machine):
    member, operator, _, admin = _cast(app, time_machine)
    change = _ask(member).json
    admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
    operator.api.post(_path(change, "/status"), {"status": "approved"})

    _travel(time_machine, "2026-11-30", member, operator)
    wrong = (("ROSA MENDOZA", "Cónyuge", "50.00", "true"), ("LUIS MENDOZA", "Hijo", "50.00",
                                                            "true"))
    rows = [{**row, "as_of": "2026-11-29"} for row in a_family_plan(DNI, beneficiaries=wrong)]
    load("family_benefit", rows)
    staff_view = operator.api.get(_path(change)).json["registration"]
    assert staff_view["label"] == "No coincide con el sistema"
    assert "ROSA MENDOZA: porcentaje aprobado 60.00 %, en el sistema 50.00 %." in \
        staff_view["differences"]
    member_view = member.api.get(_path(change)).json["registration"]
    assert member_view == {"status": "pending", "label": "Pendiente de registro en el sistema"}


def test_observed_the_member_corrects_and_a_rejection_closes_it(app, outbox, time_machine):
    member, operator, _, admin = _cast(app, time_machine)
    change = _ask(member).json
    admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
    no_reason = operator.api.post(_path(change, "/status"), {"status": "observed"})
    assert no_reason.status == 400 and "observation" in no_reason.json["error"]["fields"]
    operator.api.post(_path(change, "/status"),
                      {"status": "observed", "observation": "Falta el DNI correcto de Luis."})
    again = _ask(member)
    assert again.status == 409
    assert f"N.° {change['number']}" in again.json["error"]["message"]

    fixed = [dict(NEW_LIST[0]), {**NEW_LIST[1], "dni": "43333333"}]
    corrected = member.api.post(_path(change, "/correction"), {"beneficiaries": fixed}).json
    assert corrected["status"] == "assigned"
    assert corrected["beneficiaries"][1]["dni"] == "43333333"
    rejected = operator.api.post(_path(change, "/status"),
                                 {"status": "rejected", "observation": "Sin sustento."}).json
    assert rejected["status"] == "rejected" and rejected["registration"] is None
    assert _ask(member).status == 201  # the closed request released its plan
    assert len(mails_to(outbox, member.email)) == 2


def test_percentages_and_fields_are_refused_each_under_its_input(app, time_machine):
    member, *_ = _cast(app, time_machine)
    short = _ask(member, [{**NEW_LIST[0], "percentage": "60.00"},
                          {**NEW_LIST[1], "percentage": "39.99"}])
    assert short.status == 400
    assert short.json["error"]["fields"]["beneficiaries"] == (
        "Los porcentajes suman 99.99 %; deben sumar exactamente 100.00 %.")
    bad = _ask(member, [{"name": "R", "dni": "1234", "relationship": "Tío",
                         "percentage": "100.001"}])
    assert set(bad.json["error"]["fields"]) == {
        "beneficiaries[0].name", "beneficiaries[0].dni", "beneficiaries[0].relationship",
        "beneficiaries[0].percentage"}
    owned = member.api.post("/api/accounts/beneficiary-changes",
                            {"plan_id": _plan_id(member), "beneficiaries": NEW_LIST,
                             "status": "approved"})
    assert owned.json["error"]["code"] == "read_only_field"


def test_who_sees_a_change(app, time_machine):
    member, operator, other_operator, admin = _cast(app, time_machine)
    change = _ask(member).json
    stranger = Person(app, Role.MEMBER, dni="40000002")
    assert stranger.api.get(_path(change)).status == 404
    assert stranger.api.post("/api/accounts/beneficiary-changes",
                             {"plan_id": _plan_id(member),
                              "beneficiaries": NEW_LIST}).status == 404
    admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
    assert other_operator.api.get(_path(change)).status == 404
    assert other_operator.api.post(_path(change, "/status"),
                                   {"status": "approved"}).status == 404
    assert other_operator.api.get("/api/accounts/beneficiary-changes").json["items"] == []
    mine = operator.api.get("/api/accounts/beneficiary-changes").json["items"]
    assert [item["id"] for item in mine] == [change["id"]]
    queue = admin.api.get("/api/accounts/beneficiary-changes?status=assigned").json["items"]
    assert [item["id"] for item in queue] == [change["id"]]
    assert member.api.post(_path(change, "/status"), {"status": "approved"}).status == 403


def test_past_the_daily_limit_a_member_is_429_and_nothing_is_kept(app, monkeypatch,
                                                                   time_machine):
    member, operator, _, admin = _cast(app, time_machine)
    with daily_limits(monkeypatch, applications=1):
        change = _ask(member).json
        admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
        operator.api.post(_path(change, "/status"), {"status": "rejected",
                                                     "observation": "Sin sustento."})
        refused = _ask(member)
    assert refused.status == 429
    assert refused.json["error"] == {
        "code": "daily_limit_reached",
        "message": "Alcanzaste el máximo de 1 solicitud de cambio de beneficiarios por día. "
                   "Podrás enviar otra mañana."}
    assert len(member.api.get("/api/accounts/beneficiary-changes").json["items"]) == 1
    denied = [r for r in AuditModel.scan()
              if r.action == "accounts.beneficiary_change_submitted" and r.outcome == "denied"]
    assert [r.actor_id for r in denied] == [member.user.user_id]


def test_only_an_observed_request_is_corrected(app, time_machine):
    member, operator, _, admin = _cast(app, time_machine)
    change = _ask(member).json
    early = member.api.post(_path(change, "/correction"), {"beneficiaries": NEW_LIST})
    assert (early.status, early.error_code) == (409, "invalid_transition")
    admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
    approved = operator.api.post(_path(change, "/status"), {"status": "approved"}).json
    assert approved["allowed_statuses"] == [] and approved["can_correct"] is False
    late = admin.api.post(_path(change, "/assign"), {"operator_id": operator.id})
    assert (late.status, late.error_code) == (409, "invalid_transition")
