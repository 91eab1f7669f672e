"""Versions of the terms of use (issue 18): an admin publishes one, a member with an older
accepted version reaches only the session and the acceptance until accepting it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chalicelib.domain.shared.clock import lima_today, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import a_registry_member, a_user, signed_in

SECRET = "JBSWY3DPEHPK3PXP"
TEXT = ("Al acceder y utilizar la aplicación de la Cooperativa, el usuario acepta las siguientes "
        "condiciones actualizadas.\n\n1. Naturaleza de la cuenta: la cuenta es personal.")


def a_version(version: str = "1.1", **overrides):
    return {"version": version, "effective_on": lima_today().isoformat(),
            "summary": "Se agrega el Libro de Reclamaciones virtual.", "text": TEXT, **overrides}


def actions(name: str) -> list[AuditModel]:
    return list(AuditModel.by_action.query(name))


@pytest.fixture
def admin_api(api):
    return signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))


def publish(admin_api, version: str = "1.1", **overrides):
    return admin_api.post("/api/auth/terms/versions", a_version(version, **overrides))


def test_the_manual_text_is_version_1_0_until_an_admin_publishes(api):
    terms = api.get("/api/auth/terms").json
    assert terms["version"] == "1.0" and len(terms["clauses"]) == 8
    assert [entry["version"] for entry in terms["history"]] == ["1.0"]


def test_an_admin_publishes_a_version_that_becomes_the_public_terms(admin_api, another_api):
    answer = publish(admin_api)
    assert answer.status == 201 and answer.json["version"] == "1.1"
    terms = another_api.get("/api/auth/terms").json
    assert (terms["version"], terms["text"], terms["effective_on"]) == \
        ("1.1", TEXT, lima_today().isoformat())
    assert [e["version"] for e in terms["history"]] == ["1.1", "1.0"]
    assert "published_by" not in terms
    [record] = actions("terms.published")
    assert json.loads(record.details)["version"] == "1.1" and record.target == "terms:1.1"
    listed = admin_api.get("/api/auth/terms/versions").json
    assert [item["version"] for item in listed["items"]] == ["1.1", "1.0"]
    assert listed["in_force"] == "1.1"


def test_a_published_version_is_immutable(admin_api):
    assert publish(admin_api).status == 201
    again = publish(admin_api, summary="Otro resumen distinto del primero.")
    assert (again.status, again.error_code) == (409, "terms_version_exists")
    same_number = publish(admin_api, "1.1.0")
    assert (same_number.status, same_number.error_code) == (409, "terms_version_exists")
    older = publish(admin_api, "1.0.5")
    assert older.status == 400 and "version" in older.json["error"]["fields"]
    assert len(actions("terms.published")) == 1


def test_the_manual_version_cannot_be_published_again(admin_api):
    answer = publish(admin_api, "1.0")
    assert (answer.status, answer.error_code) == (409, "terms_version_exists")


def test_a_bad_publication_names_each_field(admin_api):
    answer = admin_api.post("/api/auth/terms/versions", {
        "version": "uno", "effective_on": (lima_today() - timedelta(days=1)).isoformat(),
        "summary": "", "text": "corto"})
    assert answer.status == 400
    assert set(answer.json["error"]["fields"]) == {"version", "effective_on", "summary", "text"}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OPERATOR])
def test_members_and_operators_cannot_publish(api, role):
    signed_in(api, a_user(role, totp_secret=SECRET if role is Role.OPERATOR else None))
    answer = api.post("/api/auth/terms/versions", a_version())
    assert (answer.status, answer.error_code) == (403, "forbidden")
    assert api.get("/api/auth/terms/versions").status == 403
    assert actions("terms.published") == []


def test_a_member_with_an_older_version_must_accept_before_going_on(admin_api, another_api):
    member = a_user(Role.MEMBER)
    member_api = signed_in(another_api, member)
    assert member_api.get("/api/accounts/dashboard").status != 403
    assert member_api.get("/api/auth/session").json["terms_pending"] is False
    publish(admin_api)

    refused = member_api.get("/api/accounts/dashboard")
    assert (refused.status, refused.error_code) == (403, "terms_acceptance_required")
    assert member_api.get("/api/auth/profile").error_code == "terms_acceptance_required"
    assert member_api.get("/api/auth/session").json["terms_pending"] is True
    assert member_api.get("/api/auth/terms").json["version"] == "1.1"

    accepted = member_api.post("/api/auth/terms/accept", {"version": "1.1"})
    assert accepted.status == 200 and accepted.json["terms_version"] == "1.1"
    assert member_api.get("/api/accounts/dashboard").status != 403
    assert member_api.get("/api/auth/session").json["terms_pending"] is False
    stored = users.get(member.user_id)
    assert stored.terms_version == "1.1" and stored.terms_accepted_at
    [record] = actions("terms.accepted")
    assert record.actor_id == member.user_id
    assert json.loads(record.details)["version"] == "1.1"


def test_accepting_a_version_that_is_not_in_force_is_a_409(admin_api, another_api):
    publish(admin_api)
    member_api = signed_in(another_api, a_user(Role.MEMBER))
    answer = member_api.post("/api/auth/terms/accept", {"version": "1.0"})
    assert (answer.status, answer.error_code) == (409, "terms_version_changed")
    assert member_api.get("/api/auth/session").json["terms_pending"] is True
    assert actions("terms.accepted") == []


def test_staff_keep_working_after_a_new_version(admin_api, another_api):
    publish(admin_api)
    operator_api = signed_in(another_api, a_user(Role.OPERATOR, totp_secret=SECRET))
    assert operator_api.get("/api/tickets/").status == 200
    assert operator_api.get("/api/auth/session").json["terms_pending"] is False
    assert operator_api.post("/api/auth/terms/accept", {"version": "1.1"}).status == 403


def test_a_version_with_a_future_date_applies_from_that_date(admin_api, another_api,
                                                             time_machine):
    publish(admin_api, effective_on=(lima_today() + timedelta(days=10)).isoformat())
    member_api = signed_in(another_api, a_user(Role.MEMBER), remember=True)
    terms = member_api.get("/api/auth/terms").json
    assert terms["version"] == "1.0" and terms["upcoming"]["version"] == "1.1"
    assert member_api.get("/api/accounts/dashboard").status != 403
    blocked = publish(admin_api, "1.2")
    assert (blocked.status, blocked.error_code) == (409, "terms_version_scheduled")
    time_machine.move_to(utc_now() + timedelta(days=11), tick=False)
    assert member_api.get("/api/accounts/dashboard").error_code == "terms_acceptance_required"


def test_a_registration_stores_the_version_in_force(admin_api, another_api, outbox):
    publish(admin_api)
    a_registry_member(email="maria.quispe@example.pe")
    form = {"dni": "40000001", "birth_date": "1980-05-17", "email": "maria.quispe@example.pe",
            "password": "Cielo-Azul-Miraflores-77",
            "password_confirmation": "Cielo-Azul-Miraflores-77", "accept_terms": True}
    assert another_api.post("/api/registration", form).status == 202
    outbox()  # the notifier completes the registration
    user = users.find_by_email("maria.quispe@example.pe")
    assert user is not None, [(r.outcome, r.details) for r in actions("registration.submitted")]
    assert user.terms_version == "1.1" and user.terms_accepted_at
