"""Sign-up against the member registry and activation by the e-mailed link (manual 2.1.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.permissions import Role
from chalicelib.store import users
from chalicelib.store.models import AuditModel
from tests.functional.builders import (
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    token_in_link,
)

PASSWORD = "Cielo-Azul-Miraflores-77"


def a_form(**overrides):
    form = {"first_name": "María Elena", "last_name": "Quispe Rojas", "dni": "40000001",
            "birth_date": "1980-05-17", "email": "maria.quispe@example.pe",
            "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": True}
    form.update(overrides)
    return form


@pytest.fixture
def member():
    return a_registry_member()


def test_a_registry_member_registers_and_gets_an_activation_email(api, outbox, member):
    answer = api.post("/api/registration", a_form())
    assert answer.status == 201
    assert answer.json["status"] == "pending_activation"
    user = users.find_by_email("maria.quispe@example.pe")
    assert user.status == "pending_activation" and user.role == "member"
    assert user.dni == "40000001" and user.terms_version == "1.0" and user.terms_accepted_at
    assert user.password_hash.startswith("$argon2id$")
    [mail] = mails_to(outbox, "maria.quispe@example.pe")
    assert "/activar?token=" in mail["text"]
    assert PASSWORD not in mail["text"]


def test_the_activation_mail_to_the_typed_address_carries_no_text_of_the_caller(
        api, outbox, member):
    assert api.post("/api/registration", a_form(first_name="Gane Premio")).status == 201
    [mail] = mails_to(outbox, "maria.quispe@example.pe")
    assert "Premio" not in mail["text"] and "/activar?token=" in mail["text"]


def test_the_activation_link_activates_once_and_then_login_works(api, outbox, member):
    api.post("/api/registration", a_form())
    login = {"email": "maria.quispe@example.pe", "password": PASSWORD}
    before = api.post("/api/auth/login", login)
    assert before.status == 403 and before.error_code == "account_not_activated"

    token = token_in_link(mails_to(outbox, "maria.quispe@example.pe")[0]["text"], "activar")
    answer = api.post("/api/registration/activate", {"token": token})
    assert answer.status == 200
    assert users.find_by_email("maria.quispe@example.pe").status == "active"
    again = api.post("/api/registration/activate", {"token": token})
    assert again.status == 400 and again.error_code == "invalid_token"
    assert api.post("/api/auth/login", login).status == 200


def test_an_unknown_or_expired_activation_token_is_refused(api, outbox, member, time_machine):
    clock = FrozenClock(time_machine)
    api.post("/api/registration", a_form())
    token = token_in_link(mails_to(outbox, "maria.quispe@example.pe")[0]["text"], "activar")
    assert api.post("/api/registration/activate", {"token": "nope"}).error_code == "invalid_token"
    assert api.post("/api/registration/activate", {}).error_code == "invalid_token"
    clock.advance(hours=24, seconds=1)
    answer = api.post("/api/registration/activate", {"token": token})
    assert answer.status == 400 and answer.error_code == "invalid_token"
    assert users.find_by_email("maria.quispe@example.pe").status == "pending_activation"


def test_a_pending_account_with_a_wrong_password_gets_the_generic_401(api, member):
    api.post("/api/registration", a_form())
    answer = api.post("/api/auth/login", {"email": "maria.quispe@example.pe",
                                          "password": "Otra-Clave-Distinta-9"})
    assert answer.status == 401 and answer.error_code == "invalid_credentials"


def test_login_of_a_pending_account_resends_the_activation_link(api, outbox, member):
    api.post("/api/registration", a_form())
    api.post("/api/auth/login", {"email": "maria.quispe@example.pe", "password": PASSWORD})
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 2


def test_the_activation_link_is_resent_at_most_once_every_two_minutes(
        api, outbox, member, time_machine):
    clock = FrozenClock(time_machine)
    api.post("/api/registration", a_form())
    login = {"email": "maria.quispe@example.pe", "password": PASSWORD}
    answers = [api.post("/api/auth/login", login) for _ in range(4)]
    assert {a.error_code for a in answers} == {"account_not_activated"}
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 2
    clock.advance(minutes=2)
    api.post("/api/auth/login", login)
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 3


def test_a_dni_outside_the_registry_is_told_to_contact_the_office(api, member):
    answer = api.post("/api/registration", a_form(dni="49999999"))
    assert answer.status == 400
    assert answer.error_code == "dni_not_member"
    assert "oficina" in answer.json["error"]["message"]


def test_a_wrong_birth_date_is_the_same_refusal(api, member):
    answer = api.post("/api/registration", a_form(birth_date="1980-05-18"))
    assert answer.status == 400 and answer.error_code == "dni_not_member"


def test_an_inactive_registry_member_cannot_register(api):
    a_registry_member(dni="40000002", status="inactive")
    answer = api.post("/api/registration", a_form(dni="40000002"))
    assert answer.status == 400 and answer.error_code == "dni_not_member"


def test_one_account_per_dni_and_per_email(api, member):
    a_registry_member(dni="40000003", birth_date="1990-01-01")
    assert api.post("/api/registration", a_form()).status == 201
    same_dni = api.post("/api/registration", a_form(email="otro.correo@example.pe"))
    same_email = api.post("/api/registration", a_form(dni="40000003", birth_date="1990-01-01"))
    for answer in (same_dni, same_email):
        assert answer.status == 409 and answer.error_code == "already_registered"
    assert same_dni.json == same_email.json


def test_an_email_of_a_staff_account_is_taken_too(api, member):
    a_user(Role.OPERATOR, email="maria.quispe@example.pe")
    answer = api.post("/api/registration", a_form())
    assert answer.status == 409 and answer.error_code == "already_registered"


@pytest.mark.parametrize(("field", "value"), [
    ("first_name", ""), ("first_name", "x" * 101), ("last_name", None), ("dni", "4000000"),
    ("dni", "4000000a"), ("dni", 40000001), ("birth_date", "17/05/1980"),
    ("birth_date", "1980-02-30"), ("email", "maria.example.pe"), ("email", ["a@b.pe"]),
    ("accept_terms", False), ("accept_terms", "true"),
])
def test_each_invalid_field_is_named_in_spanish(api, member, field, value):
    answer = api.post("/api/registration", a_form(**{field: value}))
    assert answer.status == 400
    assert answer.error_code == "invalid_input"
    assert set(answer.json["error"]["fields"]) == {field}


@pytest.mark.parametrize(("password", "why"), [
    ("corto7!", "8"),
    ("x" * 129, "128"),
    ("password1", "común"),
    ("P@ssw0rd", "común"),
    ("aaaaaaaaaaaa", "común"),
    ("40000001-Cielo", "DNI"),
    ("Quispe-Cielo-Azul", "DNI"),
    ("elena.en.lima!", "DNI"),
    ("maria.quispe-2026", "DNI"),
])
def test_the_password_policy_applies(api, member, password, why):
    answer = api.post("/api/registration", a_form(password=password,
                                                  password_confirmation=password))
    assert answer.status == 400
    assert why in answer.json["error"]["fields"]["password"]


def test_the_confirmation_must_match(api, member):
    answer = api.post("/api/registration", a_form(password_confirmation=PASSWORD + "x"))
    assert answer.status == 400
    assert answer.json["error"]["fields"] == {"password_confirmation":
                                              "Las contraseñas no coinciden."}


def test_a_body_that_sets_the_role_or_status_is_refused(api, member):
    answer = api.post("/api/registration", a_form(role="admin", status="active"))
    assert answer.status == 400
    assert answer.error_code == "field_not_allowed"
    assert set(answer.json["error"]["fields"]) == {"role", "status"}
    assert users.find_by_email("maria.quispe@example.pe") is None


@pytest.mark.parametrize("raw", [b"{", b"[]", b"\xff\xfe", b'"text"'])
def test_a_malformed_body_is_a_400_never_a_500(api, raw):
    answer = api.post("/api/registration", raw=raw)
    assert answer.status == 400


def test_registration_needs_the_csrf_header(api, member):
    answer = api.post("/api/registration", a_form(), csrf=False)
    assert answer.status == 403 and answer.error_code == "csrf_header_missing"


def test_registration_and_activation_are_audited(api, outbox, member):
    api.post("/api/registration", a_form(dni="49999999"))
    api.post("/api/registration", a_form())
    user = users.find_by_email("maria.quispe@example.pe")
    token = token_in_link(mails_to(outbox, user.email)[0]["text"], "activar")
    api.post("/api/registration/activate", {"token": token})
    actions = [(r.action, r.outcome) for r in AuditModel.by_actor.query(user.user_id)]
    assert ("registration.submitted", "success") in actions
    assert ("registration.activated", "success") in actions
    refused = list(AuditModel.by_action.query("registration.submitted"))
    assert any(r.outcome == "failure" and "dni_not_member" in (r.details or "") for r in refused)
    assert all(PASSWORD not in (r.details or "") for r in refused)


def test_a_token_read_before_it_expired_cannot_be_redeemed_after(aws, time_machine):
    from chalicelib.domain.identity import Purpose
    from chalicelib.services import one_time_tokens

    clock = FrozenClock(time_machine)
    token = one_time_tokens.issue(Purpose.ACTIVATION, a_user(Role.MEMBER), timedelta(minutes=1))
    record = one_time_tokens.peek(token, Purpose.ACTIVATION)
    assert one_time_tokens.peek(token, Purpose.PASSWORD_RESET) is None
    clock.advance(minutes=1, seconds=1)
    assert one_time_tokens.redeem(record) is False
    clock.advance(minutes=-2)
    assert one_time_tokens.redeem(record) is True
    assert one_time_tokens.redeem(record) is False
