"""Observations noted without a move (manual 1.3 and 2.3: operators "dejar observaciones"), and
the member's e-mail in the staff's detail (manual 2.4.9: credit staff contact the member)."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import mails_to
from tests.functional.credit_builders import (
    Person,
    a_credit_cast,
    an_application,
    assigned,
    moved,
    someone_else_observes_first,
)

NOTE = "Llamé al socio: enviará la boleta de octubre."


def _url(application):
    return f"/api/credit/applications/{application['id']}/observations"


def _in_review(app):
    member, operator, admin = a_credit_cast(app)
    application = an_application(member)
    assigned(admin, application, operator)
    moved(operator, application, "in_review")
    return member, operator, admin, application


def test_the_assigned_operator_notes_an_observation_without_moving_the_application(app,
                                                                                   outbox):
    member, operator, admin, application = _in_review(app)
    before = operator.api.get(f"/api/credit/applications/{application['id']}").json
    mails_before = len(mails_to(outbox, member.email))

    answer = operator.api.post(_url(application), {"observation": f"  {NOTE}  "})

    assert answer.status == 200, answer.json
    noted = answer.json
    assert noted["status"] == "in_review" and noted["status_label"] == "En evaluación"
    assert noted["allowed_statuses"] == before["allowed_statuses"]
    assert noted["version"] == before["version"] + 1
    assert noted["observations"][-1]["text"] == NOTE
    assert noted["observations"][-1]["status"] == "in_review"
    assert noted["observations"][-1]["author"] == {"id": operator.id, "role": "operator",
                                                   "name": "Óscar Paredes"}
    line = noted["history"][-1]
    assert (line["from"], line["to"], line["observation"]) == ("in_review", "in_review", NOTE)
    assert "assignee" not in line
    assert noted["history"][:-1] == before["history"]
    assert noted["can_observe"] is True

    assert len(mails_to(outbox, member.email)) == mails_before
    records = [r for r in AuditModel.scan()
               if r.action == "credit.application_observation_added"]
    assert [(r.actor_id, r.outcome, r.target) for r in records] == [
        (operator.id, "success", f"credit_application:{application['id']}")]
    assert NOTE not in str(records[0].details)
    assert "observation_length" in str(records[0].details)

    stats = admin.api.get("/api/credit/stats").json["all"]["by_status"]
    assert stats["in_review"] == 1


def test_the_member_sees_the_note_as_the_other_observations(app):
    """Consistent with the observations sent with a status change: the member's own view
    carries them (in ``observations`` and the history)."""
    member, operator, _, application = _in_review(app)
    operator.api.post(_url(application), {"observation": NOTE})

    seen = member.api.get(f"/api/credit/applications/{application['id']}").json

    assert [o["text"] for o in seen["observations"]] == [NOTE]
    assert seen["history"][-1]["observation"] == NOTE
    assert seen["can_observe"] is False


def test_an_admin_notes_on_any_open_application_even_before_assignment(app):
    member, _, admin = a_credit_cast(app)
    application = an_application(member)

    answer = admin.api.post(_url(application), {"observation": "Revisar antes de asignar."})

    assert answer.status == 200, answer.json
    assert answer.json["status"] == "received"
    assert answer.json["observations"][0]["author"]["role"] == "admin"


def test_notes_are_kept_while_observed_and_approved_and_in_order(app):
    _, operator, admin, application = _in_review(app)
    moved(operator, application, "observed", "Falta la boleta.")
    operator.api.post(_url(application), {"observation": "El socio llamó."})
    moved(operator, application, "in_review")
    moved(operator, application, "approved")
    answer = admin.api.post(_url(application), {"observation": "Pagaré firmado."})

    assert answer.status == 200, answer.json
    assert [(o["status"], o["text"]) for o in answer.json["observations"]] == [
        ("observed", "Falta la boleta."), ("observed", "El socio llamó."),
        ("approved", "Pagaré firmado.")]


def test_a_blank_or_too_long_observation_is_400_with_a_spanish_field_message(app):
    _, operator, _, application = _in_review(app)
    for body, message in (({"observation": "   "}, "Escribe la observación."),
                          ({}, "Escribe la observación."),
                          ({"observation": None}, "Escribe la observación."),
                          ({"observation": 42}, "Debe ser un texto."),
                          ({"observation": "x" * 1001},
                           "Admite como máximo 1000 caracteres.")):
        answer = operator.api.post(_url(application), body)
        assert answer.status == 400, body
        assert answer.json["error"]["fields"] == {"observation": message}, body
        assert answer.json["error"]["message"] == "Revisa la observación."
    assert operator.api.post(_url(application), {"observation": "x" * 1000}).status == 200
    after = operator.api.get(f"/api/credit/applications/{application['id']}").json
    assert len(after["observations"]) == 1


def test_another_operator_gets_404_and_the_refusal_is_audited(app):
    _, _, _, application = _in_review(app)
    other = Person(app, Role.OPERATOR)

    answer = other.api.post(_url(application), {"observation": NOTE})

    assert answer.status == 404 and answer.error_code == "application_not_found"
    denied = [r for r in AuditModel.scan() if r.action == "credit.application_access_denied"]
    assert [r.actor_id for r in denied] == [other.id]
    assert other.api.post(f"/api/credit/applications/{'0' * 32}/observations",
                          {"observation": NOTE}).json == answer.json


def test_members_are_refused_with_403_like_on_the_status_route(app):
    member, _, _, application = _in_review(app)
    stranger = Person(app, Role.MEMBER)
    for person in (member, stranger):
        answer = person.api.post(_url(application), {"observation": NOTE})
        assert answer.status == 403, answer.json
        status = person.api.post(f"/api/credit/applications/{application['id']}/status",
                                 {"status": "observed", "observation": NOTE})
        assert answer.status == status.status
    seen = member.api.get(f"/api/credit/applications/{application['id']}").json
    assert seen["observations"] == []


def test_a_finished_application_takes_no_more_notes(app):
    member, operator, admin = a_credit_cast(app)
    rejected = an_application(member)
    assigned(admin, rejected, operator)
    moved(operator, rejected, "in_review")
    moved(operator, rejected, "rejected", "No califica.")
    disbursed = an_application(member)
    assigned(admin, disbursed, operator)
    moved(operator, disbursed, "in_review")
    moved(operator, disbursed, "approved")
    moved(admin, disbursed, "disbursed")

    for application, label in ((rejected, "rechazada"), (disbursed, "desembolsada")):
        answer = admin.api.post(_url(application), {"observation": NOTE})
        assert answer.status == 409 and answer.error_code == "application_finished"
        assert label in answer.json["error"]["message"]
        detail = admin.api.get(f"/api/credit/applications/{application['id']}").json
        assert detail["can_observe"] is False
        assert NOTE not in [o["text"] for o in detail["observations"]]


def test_a_note_on_a_version_someone_else_changed_is_409_and_writes_nothing(app, monkeypatch):
    _, operator, admin, application = _in_review(app)
    someone_else_observes_first(monkeypatch, admin, application["id"])
    loser = operator.api.post(_url(application), {"observation": NOTE})
    assert loser.status == 409 and loser.error_code == "concurrent_update"

    final = admin.api.get(f"/api/credit/applications/{application['id']}").json
    assert final["status"] == "observed"
    assert [o["text"] for o in final["observations"]] == ["Falta DNI."]


def test_a_note_on_a_full_history_is_409(app, monkeypatch):
    from chalicelib.domain.credit import applications as rules

    _, operator, _, application = _in_review(app)
    monkeypatch.setattr(rules, "MAX_HISTORY_LINES", 3)  # received, assigned, in review

    answer = operator.api.post(_url(application), {"observation": NOTE})

    assert answer.status == 409 and answer.error_code == "application_full"


# --- the member's e-mail for staff ------------------------------------------------------------


def test_staff_see_the_members_e_mail_in_the_detail_and_members_do_not_need_it(app):
    member, operator, admin = a_credit_cast(app)
    application = an_application(member)
    assert "member_email" not in application

    handed = assigned(admin, application, operator)
    assert handed["member_email"] == member.email
    url = f"/api/credit/applications/{application['id']}"
    assert operator.api.get(url).json["member_email"] == member.email
    assert admin.api.get(url).json["member_email"] == member.email
    assert moved(operator, application, "in_review")["member_email"] == member.email

    own = member.api.get(url)
    assert own.status == 200 and "member_email" not in own.json
    assert own.json["member_name"] == "Rosa Huamán Quispe"


def test_lists_do_not_carry_the_members_e_mail(app):
    member, operator, admin = a_credit_cast(app)
    application = an_application(member)
    assigned(admin, application, operator)
    for person in (admin, operator, member):
        items = person.api.get("/api/credit/applications").json["items"]
        assert [item["id"] for item in items] == [application["id"]]
        assert "member_email" not in items[0]
