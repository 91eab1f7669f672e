"""Sign-in with e-mail and password (manual 2.1.3), lockout, and the answers that leak nothing."""

from __future__ import annotations

from argon2 import PasswordHasher

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.services.auth import passwords
from chalicelib.store.auth import login_failures, users
from chalicelib.store.shared.models import AuditModel, SessionModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    session_set_cookie,
    signed_in,
)

WRONG = "Clave-Equivocada-99"


def login(api, email, password=DEFAULT_PASSWORD, **extra):
    return api.post("/api/auth/login", {"email": email, "password": password, **extra})


def test_a_member_signs_in_and_gets_a_session_cookie(api):
    member = a_user(Role.MEMBER, email="socia@example.pe", first_name="Rosa")
    answer = login(api, "Socia@Example.pe ")
    assert answer.status == 200
    assert answer.json["requires_totp"] is False
    assert answer.json["user"]["id"] == member.user_id
    assert answer.json["user"]["first_name"] == "Rosa"
    cookie = session_set_cookie(answer)
    assert cookie.startswith("__Host-coopac_session=")
    assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"))
    assert "Max-Age" not in cookie
    assert api.get("/api/auth/session").json["user"]["email"] == "socia@example.pe"
    assert users.get(member.user_id).last_login_at


def test_remember_keeps_the_cookie_for_thirty_days(api):
    a_user(Role.MEMBER, email="socia@example.pe")
    answer = login(api, "socia@example.pe", remember=True)
    assert "Max-Age=2592000" in session_set_cookie(answer)
    assert SessionModel.get(token_hash(api.cookie)).remember is True


def test_every_login_gets_a_new_token_and_replaces_the_browsers_old_session(api):
    a_user(Role.MEMBER, email="socia@example.pe")
    login(api, "socia@example.pe")
    first = api.cookie
    login(api, "socia@example.pe")
    assert api.cookie != first
    api.cookie = first
    assert api.get("/api/auth/session").status == 401


def test_unknown_email_and_wrong_password_get_the_same_answer(api, monkeypatch):
    a_user(Role.MEMBER, email="socia@example.pe")
    burned = []
    real_burn = passwords.burn_time_like_a_verification
    monkeypatch.setattr(passwords, "burn_time_like_a_verification",
                        lambda p: burned.append(p) or real_burn(p))
    unknown = login(api, "nadie@example.pe", WRONG)
    wrong = login(api, "socia@example.pe", WRONG)
    assert unknown.status == wrong.status == 401
    assert unknown.body == wrong.body
    assert unknown.error_code == "invalid_credentials"
    assert "Set-Cookie" not in unknown.headers and "Set-Cookie" not in wrong.headers
    assert burned == [WRONG]  # the unknown e-mail still paid for an argon2 verification


def test_a_deactivated_account_gets_the_same_401_even_with_the_right_password(api):
    a_user(Role.MEMBER, email="baja@example.pe", status="inactive")
    answer = login(api, "baja@example.pe")
    assert answer.status == 401 and answer.error_code == "invalid_credentials"


def test_missing_fields_are_a_400(api):
    answer = api.post("/api/auth/login", {"email": "", "password": 5})
    assert answer.status == 400
    assert set(answer.json["error"]["fields"]) == {"email", "password"}


def test_login_needs_the_csrf_header(api):
    a_user(Role.MEMBER, email="socia@example.pe")
    answer = api.post("/api/auth/login", {"email": "socia@example.pe",
                                          "password": DEFAULT_PASSWORD}, csrf=False)
    assert answer.status == 403 and answer.error_code == "csrf_header_missing"


def test_a_hash_with_old_parameters_is_upgraded_at_login(api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    member.password_hash = PasswordHasher(time_cost=1, memory_cost=8192,
                                          parallelism=1).hash(DEFAULT_PASSWORD)
    member.save()
    assert login(api, "socia@example.pe").status == 200
    upgraded = users.get(member.user_id).password_hash
    assert "m=19456,t=2,p=1" in upgraded
    assert passwords.verify_password(upgraded, DEFAULT_PASSWORD)


def test_sign_in_success_and_failure_are_audited_without_secrets(api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    login(api, "socia@example.pe", WRONG)
    login(api, "socia@example.pe")
    login(api, "nadie@example.pe", WRONG)
    records = list(AuditModel.by_actor.query(member.user_id))
    assert [(r.action, r.outcome) for r in records] == [("auth.login", "failure"),
                                                         ("auth.login", "success")]
    assert records[0].ip and records[0].user_agent == "pytest"
    anonymous = [r for r in AuditModel.by_action.query("auth.login") if r.actor_id == "anonymous"]
    assert len(anonymous) == 1 and "unknown_email" in anonymous[0].details
    assert not any(WRONG in (r.details or "") or DEFAULT_PASSWORD in (r.details or "")
                   for r in AuditModel.by_action.query("auth.login"))


# --- lockout ----------------------------------------------------------------------------------


def test_unknown_locked_and_wrong_credentials_get_the_same_answer(api, time_machine):
    """423 only for real accounts told which e-mails exist: status, code, message and headers
    are the same for an unknown e-mail, a wrong password and a locked account (even with its
    right password, and for the failure that locks it)."""
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    a_user(Role.MEMBER, email="bloqueada@example.pe")
    locking = [login(api, "bloqueada@example.pe", WRONG) for _ in range(5)][-1]
    answers = [login(api, "nadie@example.pe", WRONG), login(api, "socia@example.pe", WRONG),
               locking, login(api, "bloqueada@example.pe", WRONG),
               login(api, "bloqueada@example.pe")]
    assert {(a.status, a.body) for a in answers} == {(401, answers[0].body)}
    assert {tuple(sorted(a.headers.items())) for a in answers} == {
        tuple(sorted(answers[0].headers.items()))}


def test_five_failures_lock_the_account_even_for_the_right_password(api, outbox, time_machine):
    """The lock is told only to the mailbox: the caller gets the wrong password's 401."""
    clock = FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="socia@example.pe")
    answers = [login(api, "socia@example.pe", WRONG) for _ in range(5)]
    assert {(a.status, a.error_code) for a in answers} == {(401, "invalid_credentials")}
    locked = login(api, "socia@example.pe")
    assert locked.status == 401 and locked.error_code == "invalid_credentials"
    assert "Retry-After" not in locked.headers and "Set-Cookie" not in locked.headers
    [mail] = mails_to(outbox, "socia@example.pe")
    assert "bloqueada" in mail["subject"] and "15 minutos" in mail["text"]
    clock.advance(minutes=10)
    assert login(api, "socia@example.pe").status == 401
    assert len(mails_to(outbox, "socia@example.pe")) == 1  # e-mailed once, when it locked
    clock.advance(minutes=5)
    assert login(api, "socia@example.pe").status == 200
    assert login_failures.get(member.user_id) is None
    actions = [r.action for r in AuditModel.by_actor.query(member.user_id)]
    assert actions.count("auth.lockout") == 1
    assert actions.count("auth.login") == 8


def test_failures_spread_beyond_the_window_do_not_lock(api, time_machine):
    clock = FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(4):
        login(api, "socia@example.pe", WRONG)
    clock.advance(minutes=15, seconds=1)
    for _ in range(4):
        assert login(api, "socia@example.pe", WRONG).status == 401
    assert login(api, "socia@example.pe").status == 200


def test_a_successful_login_resets_the_counter(api):
    a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(4):
        login(api, "socia@example.pe", WRONG)
    assert login(api, "socia@example.pe").status == 200
    for _ in range(4):
        assert login(api, "socia@example.pe", WRONG).status == 401


def test_the_lock_is_per_account(api):
    a_user(Role.MEMBER, email="socia@example.pe")
    a_user(Role.MEMBER, email="otra@example.pe")
    for _ in range(5):
        login(api, "socia@example.pe", WRONG)
    assert login(api, "otra@example.pe").status == 200


def test_unknown_emails_never_lock_or_differ(api):
    answers = [login(api, "nadie@example.pe", WRONG) for _ in range(6)]
    assert {a.status for a in answers} == {401}


# --- staff --------------------------------------------------------------------------------------


def test_staff_without_totp_sign_in_to_a_session_limited_to_enrolment(api):
    a_user(Role.OPERATOR, email="operador@example.pe")
    answer = login(api, "operador@example.pe")
    assert answer.status == 200
    assert answer.json["user"]["totp_required"] is True
    assert api.get("/api/auth/session").status == 200
    assert api.get("/api/auth/profile").error_code == "totp_enrolment_required"
    assert api.get("/api/auth/sessions").status == 403
    assert api.post("/api/auth/totp/setup",
                    {"current_password": DEFAULT_PASSWORD}).status == 200


def test_a_signed_in_member_is_not_affected_by_another_login(api, another_api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    login(another_api, "socia@example.pe")
    assert api.get("/api/auth/session").status == 200
    assert another_api.get("/api/auth/session").status == 200
