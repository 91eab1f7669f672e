"""Issue 14, findings 2, 3 and 7: a stolen session cannot change the account's credentials
(step-up), and every credential change ends what was issued before it (the security stamp)."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
    totp_code,
)

SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
NEW_PASSWORD = "Otra-Frase-Segura-48"
STEP_UP = {"current_password": DEFAULT_PASSWORD}


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def change_password(api, **step_up):
    return api.post("/api/auth/password", {**step_up, "new_password": NEW_PASSWORD,
                                           "new_password_confirmation": NEW_PASSWORD})


def reset(api, token):
    return api.post("/api/auth/password/reset", {"reset_token": token, "password": NEW_PASSWORD,
                                                 "password_confirmation": NEW_PASSWORD})


def reset_link_of(api, outbox, email):
    assert api.post("/api/auth/password/forgot", {"email": email}).status == 202
    links = [m for m in mails_to(outbox, email) if "/restablecer" in m["text"]]
    return token_in_link(links[-1]["text"], "restablecer")


def email_change_link_of(api, outbox, new_email, **step_up):
    answer = api.put("/api/auth/profile", {"email": new_email, **step_up})
    assert answer.status == 200, answer.json
    return token_in_link(mails_to(outbox, new_email)[-1]["text"], "confirmar-correo")


# --- step-up --------------------------------------------------------------------------------


def test_a_stolen_session_cannot_enrol_totp_without_the_current_password(api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    for body in ({}, {"current_password": "no-es-la-clave"}):
        answer = api.post("/api/auth/totp/setup", body)
        assert answer.status == 403 and answer.error_code == "step_up_failed"
        assert "contraseña actual" in answer.json["error"]["message"]
    assert users.get(member.user_id).totp_pending_secret_encrypted is None
    assert api.post("/api/auth/totp/setup", STEP_UP).status == 200


def test_a_stolen_session_cannot_change_the_email_without_the_current_password(api, outbox):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"email": "ladron@example.pe"})
    assert answer.status == 403 and answer.error_code == "step_up_failed"
    assert users.get(member.user_id).pending_email is None
    assert mails_to(outbox, "ladron@example.pe") == []
    names_only = api.put("/api/auth/profile", {"first_name": member.first_name})
    assert names_only.status == 200  # no step-up for names


def test_a_stolen_session_cannot_change_the_password_without_the_current_password(api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    answer = change_password(api)
    assert answer.status == 403 and answer.error_code == "step_up_failed"
    assert api.post("/api/auth/login", {"email": "socia@example.pe",
                                        "password": NEW_PASSWORD}).status == 401


def test_with_two_factor_on_a_credential_change_also_needs_a_current_code(api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    signed_in(api, member)
    clock.advance(seconds=30)
    answer = api.put("/api/auth/profile", {"email": "nuevo@example.pe", **STEP_UP})
    assert answer.status == 403 and answer.error_code == "step_up_failed"
    assert change_password(api, **STEP_UP).error_code == "step_up_failed"
    assert change_password(api, **STEP_UP, code="000000").error_code == "step_up_failed"
    assert mails_to(outbox, "nuevo@example.pe") == []
    answer = change_password(api, **STEP_UP, code=totp_code(SECRET, clock.now))
    assert answer.status == 204


def test_a_wrong_current_password_at_a_step_up_counts_towards_the_lockout(api, another_api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    wrong = {"current_password": "no-es-la-clave"}
    answers = [api.post("/api/auth/totp/setup", wrong),
               api.put("/api/auth/profile", {"email": "otro@example.pe", **wrong}),
               change_password(api, **wrong), api.post("/api/auth/totp/setup", wrong),
               api.post("/api/auth/totp/setup", wrong)]
    assert [a.status for a in answers] == [403, 403, 403, 403, 423]
    assert another_api.post("/api/auth/login", {"email": "socia@example.pe",
                                                "password": DEFAULT_PASSWORD}).status == 401
    refusals = [r for r in AuditModel.by_actor.query(member.user_id)
                if r.outcome == "failure" and "step_up_failed" in (r.details or "")]
    assert {r.action for r in refusals} == {"totp.setup_started",
                                            "profile.email_change_requested",
                                            "auth.password_changed"}


# --- the security stamp -----------------------------------------------------------------


def test_after_a_password_change_an_earlier_reset_link_is_refused(api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    token = reset_link_of(api, outbox, "socia@example.pe")
    signed_in(api, member)
    assert change_password(api, **STEP_UP).status == 204
    answer = reset(api, token)
    assert answer.status == 400 and answer.error_code == "invalid_token"


def test_after_a_password_change_a_pending_email_change_link_is_refused(api, another_api,
                                                                       outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    token = email_change_link_of(api, outbox, "nuevo@example.pe", **STEP_UP)
    assert change_password(api, **STEP_UP).status == 204
    assert users.get(member.user_id).pending_email is None
    answer = another_api.post("/api/auth/profile/email/confirm", {"token": token})
    assert answer.status == 400 and answer.error_code == "invalid_token"
    assert users.get(member.user_id).email == "socia@example.pe"


def test_after_a_password_change_an_earlier_login_challenge_is_refused(api, another_api, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    clock.advance(seconds=30)
    first = another_api.post("/api/auth/login", {"email": "socia@example.pe",
                                                 "password": DEFAULT_PASSWORD})
    challenge = first.json["challenge"]
    signed_in(api, member)
    assert change_password(api, **STEP_UP, code=totp_code(SECRET, clock.now)).status == 204
    clock.advance(seconds=30)
    answer = another_api.post("/api/auth/login/totp", {"challenge": challenge,
                                                       "code": totp_code(SECRET, clock.now)})
    assert answer.status == 401 and answer.error_code == "invalid_challenge"


def test_after_a_later_forgot_an_earlier_reset_link_is_refused(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe")
    earlier = reset_link_of(api, outbox, "socia@example.pe")
    clock.advance(minutes=5)
    later = reset_link_of(api, outbox, "socia@example.pe")
    answer = reset(api, earlier)
    assert answer.status == 400 and answer.error_code == "invalid_token"
    assert reset(api, later).status == 204


def test_after_an_email_change_an_earlier_reset_link_is_refused(api, another_api, outbox,
                                                               clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    token = reset_link_of(another_api, outbox, "socia@example.pe")
    signed_in(api, member)
    link = email_change_link_of(api, outbox, "nuevo@example.pe", **STEP_UP)
    assert api.post("/api/auth/profile/email/confirm", {"token": link}).status == 200
    answer = reset(another_api, token)
    assert answer.status == 400 and answer.error_code == "invalid_token"


def test_enabling_totp_ends_the_members_other_sessions_but_not_the_current_one(
        api, another_api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    signed_in(another_api, member)
    secret = api.post("/api/auth/totp/setup", STEP_UP).json["secret"]
    clock.advance(seconds=5)
    assert api.post("/api/auth/totp/confirm", {"code": totp_code(secret, clock.now)}).status == 200
    assert api.get("/api/auth/session").status == 200
    assert another_api.get("/api/auth/session").status == 401


def test_an_email_change_ends_the_other_sessions(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    signed_in(another_api, member)
    link = email_change_link_of(api, outbox, "nuevo@example.pe", **STEP_UP)
    assert api.post("/api/auth/profile/email/confirm", {"token": link}).status == 200
    assert api.get("/api/auth/session").status == 200
    assert another_api.get("/api/auth/session").status == 401


def test_a_session_whose_stamp_is_not_the_users_is_refused(api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    users.rotate_stamp(users.get(member.user_id), "2026-01-01T00:00:00Z")
    assert api.get("/api/auth/session").status == 401


def test_accounts_and_sessions_written_before_stamps_keep_working(api):
    member = a_user(Role.MEMBER)
    assert users.get(member.user_id).security_stamp is None
    signed_in(api, member)
    assert api.get("/api/auth/session").status == 200


def test_the_password_changed_e_mail_gives_the_contact_page_it_sends_the_member_to(api, outbox):
    signed_in(api, a_user(Role.MEMBER, email="socia@example.pe"))
    assert change_password(api, **STEP_UP).status == 204
    [mail] = [each for each in mails_to(outbox, "socia@example.pe")
              if each["subject"] == "Tu contraseña fue actualizada"]
    assert "comunícate con la oficina" in mail["text"]
    assert "Direcciones, horarios y teléfonos de nuestras agencias: http" in mail["text"]
    assert "/contacto" in mail["text"]
