"""Sign-up against the member registry and activation by the e-mailed link (manual 2.1.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    token_in_link,
)

PASSWORD = "Cielo-Azul-Miraflores-77"


def a_form(**overrides):
    form = {"dni": "40000001", "birth_date": "1980-05-17", "email": "maria.quispe@example.pe",
            "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": True}
    form.update(overrides)
    return form


@pytest.fixture
def member():
    return a_registry_member(email="maria.quispe@example.pe")


def registered(api, outbox, **overrides):
    """Register (the notifier then does its half) and return the activation link's token."""
    assert api.post("/api/registration", a_form(**overrides)).status == 202
    return token_in_link(mails_to(outbox, "maria.quispe@example.pe")[-1]["text"], "activar")


def test_a_registry_member_registers_and_gets_an_activation_email(api, outbox, member):
    answer = api.post("/api/registration", a_form())
    assert answer.status == 202 and set(answer.json) == {"message"}
    [mail] = mails_to(outbox, "maria.quispe@example.pe")
    user = users.find_by_email("maria.quispe@example.pe")
    assert user.status == "pending_activation" and user.role == "member"
    assert user.dni == "40000001" and user.terms_version == "1.0" and user.terms_accepted_at
    assert user.password_hash.startswith("$argon2id$")
    assert "/activar?token=" in mail["text"]
    assert PASSWORD not in mail["text"]


def test_the_activation_link_activates_once_and_then_login_works(api, outbox, member):
    token = registered(api, outbox)
    login = {"email": "maria.quispe@example.pe", "password": PASSWORD}
    before = api.post("/api/auth/login", login)
    assert before.status == 403 and before.error_code == "account_not_activated"

    answer = api.post("/api/registration/activate", {"token": token})
    assert answer.status == 200 and answer.json["email_confirmation_sent"] is False
    assert users.find_by_email("maria.quispe@example.pe").status == "active"
    again = api.post("/api/registration/activate", {"token": token})
    assert again.status == 400 and again.error_code == "invalid_token"
    assert api.post("/api/auth/login", login).status == 200


def test_an_unknown_or_expired_activation_token_is_refused(api, outbox, member, time_machine):
    clock = FrozenClock(time_machine)
    token = registered(api, outbox)
    assert api.post("/api/registration/activate", {"token": "nope"}).error_code == "invalid_token"
    assert api.post("/api/registration/activate", {}).error_code == "invalid_token"
    clock.advance(hours=24, seconds=1)
    answer = api.post("/api/registration/activate", {"token": token})
    assert answer.status == 400 and answer.error_code == "invalid_token"
    assert users.find_by_email("maria.quispe@example.pe").status == "pending_activation"


def test_a_pending_account_with_a_wrong_password_gets_the_generic_401(api, outbox, member):
    registered(api, outbox)
    answer = api.post("/api/auth/login", {"email": "maria.quispe@example.pe",
                                          "password": "Otra-Clave-Distinta-9"})
    assert answer.status == 401 and answer.error_code == "invalid_credentials"


def test_login_of_a_pending_account_resends_the_activation_link(api, outbox, member,
                                                                time_machine):
    clock = FrozenClock(time_machine)
    registered(api, outbox)
    clock.advance(minutes=2)
    api.post("/api/auth/login", {"email": "maria.quispe@example.pe", "password": PASSWORD})
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 2


def test_the_activation_link_is_resent_at_most_once_every_two_minutes(
        api, outbox, member, time_machine):
    clock = FrozenClock(time_machine)
    registered(api, outbox)
    clock.advance(minutes=2)
    login = {"email": "maria.quispe@example.pe", "password": PASSWORD}
    answers = [api.post("/api/auth/login", login) for _ in range(4)]
    assert {a.error_code for a in answers} == {"account_not_activated"}
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 2
    clock.advance(minutes=2)
    api.post("/api/auth/login", login)
    assert len(mails_to(outbox, "maria.quispe@example.pe")) == 3


@pytest.mark.parametrize("case", [{"dni": "49999999"}, {"birth_date": "1980-05-18"},
                                  {"dni": "40000002"}])
def test_a_stranger_inactive_member_or_wrong_date_gets_the_same_answer_and_no_account(
        api, outbox, member, case):
    a_registry_member(dni="40000002", status="inactive", email="ines@example.pe")
    a_registry_member(dni="40000003", birth_date="1990-01-01", email="rita@example.pe")
    right = api.post("/api/registration", a_form(dni="40000003", birth_date="1990-01-01"))
    answer = api.post("/api/registration", a_form(**case))
    assert (answer.status, answer.json) == (right.status, right.json)
    outbox()
    assert users.find_by_dni("40000003") is not None
    assert [users.find_by_dni(dni) for dni in ("49999999", "40000001", "40000002")] == [None] * 3


def test_an_email_of_a_staff_account_is_never_given_to_the_member(api, outbox):
    a_registry_member(email="maria.quispe@example.pe")
    a_user(Role.OPERATOR, email="maria.quispe@example.pe")
    assert api.post("/api/registration", a_form()).status == 202
    outbox()
    assert users.find_by_dni("40000001") is None
    assert users.find_by_email("maria.quispe@example.pe").role == "operator"


@pytest.mark.parametrize(("field", "value"), [
    ("registration_code", "ABC"), ("registration_code", 12), ("registration_code", "ABCDE-FGHI1"),
    ("dni", "4000000"),
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
    assert answer.error_code == "read_only_field"
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
    token = registered(api, outbox)
    user = users.find_by_email("maria.quispe@example.pe")
    api.post("/api/registration/activate", {"token": token})
    actions = [(r.action, r.outcome) for r in AuditModel.by_actor.query(user.user_id)]
    assert ("registration.submitted", "success") in actions
    assert ("registration.activated", "success") in actions
    refused = list(AuditModel.by_action.query("registration.submitted"))
    assert any(r.outcome == "failure" and "dni_not_member" in (r.details or "") for r in refused)
    assert all(PASSWORD not in (r.details or "") for r in refused)


def test_a_token_read_before_it_expired_cannot_be_redeemed_after(aws, time_machine):
    from chalicelib.domain.auth.identity import Purpose
    from chalicelib.services.auth import one_time_tokens

    clock = FrozenClock(time_machine)
    token = one_time_tokens.issue(Purpose.ACTIVATION, a_user(Role.MEMBER), timedelta(minutes=1))
    record = one_time_tokens.peek(token, Purpose.ACTIVATION)
    assert one_time_tokens.peek(token, Purpose.PASSWORD_RESET) is None
    clock.advance(minutes=1, seconds=1)
    assert one_time_tokens.redeem(record) is False
    clock.advance(minutes=-2)
    assert one_time_tokens.redeem(record) is True
    assert one_time_tokens.redeem(record) is False
