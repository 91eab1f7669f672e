"""Password recovery (manual 2.2.4, issue 14): an e-mailed link for every member, and with 2FA
on the reset also needs a current code or a backup code; staff recover through an admin."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import login_failures, users
from chalicelib.store.shared.models import AuditModel
from tests.functional.backup_code_builders import enrolled_with_backup_codes
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
)

SECRET = "2O6KIRA3TIP4RDYX22YJW73M3RU2V4B6"
NEW_PASSWORD = "Nueva-Frase-De-Paso-31"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def code_now(clock, secret=SECRET):
    from tests.functional.builders import totp_code

    return totp_code(secret, clock.now)


def reset(api, token, password=NEW_PASSWORD, confirmation=None):
    return api.post("/api/auth/password/reset", {
        "reset_token": token, "password": password,
        "password_confirmation": password if confirmation is None else confirmation})


def login(api, email, password):
    return api.post("/api/auth/login", {"email": email, "password": password})


def reset_link_of(api, outbox, email):
    assert api.post("/api/auth/password/forgot", {"email": email}).status == 202
    mails = [m for m in mails_to(outbox, email) if "/restablecer?token=" in m["text"]]
    assert mails, "no reset link"
    return token_in_link(mails[-1]["text"], "restablecer")


def reset_with(api, token, code):
    return api.post("/api/auth/password/reset", {
        "reset_token": token, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD,
        "code": code})


def test_the_old_email_and_code_path_answers_no_token(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    answer = api.post("/api/auth/password/forgot", {"email": "socia@example.pe",
                                                    "code": code_now(clock)})
    assert answer.status == 202 and "reset_token" not in answer.json
    assert answer.body == api.post("/api/auth/password/forgot",
                                   {"email": "nadie@example.pe"}).body


def test_a_reset_link_alone_does_not_reset_a_two_factor_account(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    token = reset_link_of(api, outbox, "socia@example.pe")
    answer = reset(api, token)
    assert answer.status == 400 and answer.error_code == "code_required"
    assert answer.json["error"]["fields"]["code"] == (
        "Ingresa el código de tu app o un código de respaldo.")
    assert login(api, "socia@example.pe", DEFAULT_PASSWORD).status == 200, "unchanged"
    assert reset_with(api, token, code_now(clock)).status == 204, "the link was not spent"


def test_the_link_and_a_current_code_reset_and_end_every_session(api, another_api, outbox,
                                                                 clock):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    signed_in(another_api, member)
    token = reset_link_of(api, outbox, "socia@example.pe")
    assert reset_with(api, token, code_now(clock)).status == 204
    assert another_api.get("/api/auth/session").status == 401
    assert login(api, "socia@example.pe", NEW_PASSWORD).json["requires_totp"] is True
    assert "actualizada" in mails_to(outbox, "socia@example.pe")[-1]["subject"]
    assert reset_with(api, token, code_now(clock)).error_code == "invalid_token"


def test_a_wrong_code_counts_towards_lockout_and_keeps_the_link(api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    token = reset_link_of(api, outbox, "socia@example.pe")
    wrong = reset_with(api, token, "000000")
    assert wrong.status == 400 and wrong.error_code == "invalid_code"
    assert "code" in wrong.json["error"]["fields"]
    assert login_failures.get(member.user_id).value == 1
    for _ in range(4):
        reset_with(api, token, "ABCDE-FGHJK")
    locked = reset_with(api, token, code_now(clock))
    assert locked.status == 423
    assert any("bloqueada" in m["subject"] for m in mails_to(outbox, "socia@example.pe"))


def test_a_code_used_to_sign_in_cannot_also_reset(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    token = reset_link_of(api, outbox, "socia@example.pe")
    challenge = login(api, "socia@example.pe", DEFAULT_PASSWORD).json["challenge"]
    code = code_now(clock)
    assert api.post("/api/auth/login/totp", {"challenge": challenge, "code": code}).status == 200
    assert reset_with(api, token, code).error_code == "invalid_code"


def test_the_link_and_a_backup_code_reset_once(api, another_api, outbox, clock):
    enrolled = enrolled_with_backup_codes(another_api, clock)
    token = reset_link_of(api, outbox, "socia@example.pe")
    assert reset_with(api, token, enrolled.codes[0]).status == 204
    clock.advance(minutes=3)  # past the mail cooldown
    second = reset_link_of(api, outbox, "socia@example.pe")
    assert reset_with(api, second, enrolled.codes[0]).error_code == "invalid_code"
    assert reset_with(api, second, enrolled.codes[1]).status == 204


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN])
def test_staff_recover_only_through_an_administrator(api, outbox, clock, role):
    a_user(role, email="personal@coopac.pe", totp_secret=SECRET)
    answer = api.post("/api/auth/password/forgot", {"email": "personal@coopac.pe"})
    assert answer.status == 202
    assert answer.body == api.post("/api/auth/password/forgot",
                                   {"email": "nadie@example.pe"}).body
    [mail] = mails_to(outbox, "personal@coopac.pe")
    assert "/restablecer" not in mail["text"] and "token" not in mail["text"]
    assert "administrador" in mail["text"]
    [record] = [r for r in AuditModel.by_action.query("auth.password_forgot")
                if r.target.startswith("user:")]
    assert record.outcome == "failure" and "staff" in record.details


def test_without_totp_the_email_alone_sends_a_single_use_link(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(another_api, member)
    answer = api.post("/api/auth/password/forgot", {"email": "Socia@example.pe"})
    assert answer.status == 202
    [mail] = mails_to(outbox, "socia@example.pe")
    token = token_in_link(mail["text"], "restablecer")
    assert "15 minutos" in mail["text"]
    assert reset(api, token).status == 204
    assert reset(api, token).error_code == "invalid_token"
    assert another_api.get("/api/auth/session").status == 401
    assert login(api, "socia@example.pe", NEW_PASSWORD).status == 200


def test_the_202_is_identical_whether_or_not_the_email_exists(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe")
    a_user(Role.MEMBER, email="con2fa@example.pe", totp_secret=SECRET)
    answers = [api.post("/api/auth/password/forgot", {"email": email}) for email in
               ("socia@example.pe", "nadie@example.pe", "con2fa@example.pe", "no-es-correo")]
    assert {a.status for a in answers} == {202}
    assert len({a.body for a in answers}) == 1
    assert mails_to(outbox, "nadie@example.pe") == []
    [link] = mails_to(outbox, "con2fa@example.pe")
    assert "/restablecer?token=" in link["text"] and "códigos de respaldo" in link["text"]


def test_the_emailed_link_expires_after_fifteen_minutes(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe")
    api.post("/api/auth/password/forgot", {"email": "socia@example.pe"})
    token = token_in_link(mails_to(outbox, "socia@example.pe")[0]["text"], "restablecer")
    clock.advance(minutes=15, seconds=1)
    assert reset(api, token).error_code == "invalid_token"


def test_the_new_password_follows_the_policy_and_a_bad_one_keeps_the_token(api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe", first_name="Rosa", last_name="Huamán Soto")
    api.post("/api/auth/password/forgot", {"email": "socia@example.pe"})
    token = token_in_link(mails_to(outbox, "socia@example.pe")[0]["text"], "restablecer")
    weak = reset(api, token, "12345678")
    assert weak.status == 400 and "password" in weak.json["error"]["fields"]
    personal = reset(api, token, "Huaman-Soto-Lima-1")
    assert personal.status == 400 and "DNI" in personal.json["error"]["fields"]["password"]
    mismatch = reset(api, token, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert set(mismatch.json["error"]["fields"]) == {"password_confirmation"}
    assert reset(api, token).status == 204


def test_a_reset_clears_a_lock(api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(5):
        login(api, "socia@example.pe", "Clave-Equivocada-99")
    assert login(api, "socia@example.pe", DEFAULT_PASSWORD).status == 401
    api.post("/api/auth/password/forgot", {"email": "socia@example.pe"})
    reset_mail = [m for m in mails_to(outbox, "socia@example.pe") if "/restablecer" in m["text"]]
    assert reset(api, token_in_link(reset_mail[0]["text"], "restablecer")).status == 204
    assert login(api, "socia@example.pe", NEW_PASSWORD).status == 200
    actions = [r.action for r in AuditModel.by_actor.query(member.user_id)]
    assert "auth.password_forgot" in actions and "auth.password_reset" in actions


def test_recovery_routes_need_the_csrf_header(api):
    answer = api.post("/api/auth/password/forgot", {"email": "socia@example.pe"}, csrf=False)
    assert answer.status == 403


def test_a_forgot_request_without_email_is_a_400(api):
    answer = api.post("/api/auth/password/forgot", {})
    assert answer.status == 400 and "email" in answer.json["error"]["fields"]


def test_a_pending_account_gets_no_reset_link(api, outbox, clock):
    user = a_user(Role.MEMBER, email="pendiente@example.pe", status="pending_activation")
    assert api.post("/api/auth/password/forgot", {"email": user.email}).status == 202
    assert mails_to(outbox, user.email) == []
    assert users.get(user.user_id).status == "pending_activation"


def forgot_from(api, email, address="203.0.113.7"):
    return api.post("/api/auth/password/forgot", {"email": email},
                    headers={"CloudFront-Viewer-Address": f"{address}:50123"})


def test_forgot_is_under_the_address_throttle(api, outbox, clock):
    from chalicelib.domain.auth.address_throttle import DEFAULT_FAILURES_PER_WINDOW as limit

    a_user(Role.MEMBER, email="socia@example.pe")
    answers = [forgot_from(api, f"socio{n}@example.pe") for n in range(limit)]
    assert {a.status for a in answers} == {202}
    throttled = forgot_from(api, "socia@example.pe")
    assert throttled.status == 429 and throttled.error_code == "throttled"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert mails_to(outbox, "socia@example.pe") == []
    assert forgot_from(api, "socia@example.pe", address="198.51.100.20").status == 202


def test_one_reset_mail_per_account_every_two_minutes_and_five_an_hour(api, outbox, clock):
    clock.advance(seconds=3600 - clock.now.timestamp() % 3600 + 1)  # at an hour's start
    a_user(Role.MEMBER, email="socia@example.pe")
    answers = [forgot_from(api, "socia@example.pe", f"198.51.100.{n}") for n in range(10)]
    assert {a.status for a in answers} == {202} and len({a.body for a in answers}) == 1
    assert len(mails_to(outbox, "socia@example.pe")) == 1
    clock.advance(minutes=1, seconds=59)
    forgot_from(api, "socia@example.pe")
    assert len(mails_to(outbox, "socia@example.pe")) == 1
    for _ in range(6):
        clock.advance(minutes=2)
        assert forgot_from(api, "socia@example.pe").status == 202
        outbox()  # the notifier handles each request's job at once
    assert len(mails_to(outbox, "socia@example.pe")) == 5, "five an hour"


def test_forgot_looks_up_nothing_in_the_request_the_notifier_does(api, outbox, clock):
    """The request only checks the address and queues the e-mail address: an existing and an
    unknown account cost the request the same work; the lookup and the mail come later."""
    a_user(Role.MEMBER, email="socia@example.pe")
    assert forgot_from(api, "socia@example.pe").status == 202
    assert list(AuditModel.by_action.query("auth.password_forgot")) == []
    [mail] = mails_to(outbox, "socia@example.pe")
    assert "/restablecer?token=" in mail["text"]
    [record] = AuditModel.by_action.query("auth.password_forgot")
    assert record.outcome == "success" and record.ip == "203.0.113.7"
