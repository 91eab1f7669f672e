"""Two-step verification (manual 2.2): set-up, confirmation, sign-in with the code, replay,
drift, disabling, lockout and the staff enrolment gate."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel, SessionModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    session_set_cookie,
    signed_in,
    totp_code,
)

SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
STEP_UP = {"current_password": DEFAULT_PASSWORD}


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def enrol(api, clock):
    """Set-up and confirm through the API; returns the secret shown to the user."""
    secret = api.post("/api/auth/totp/setup", STEP_UP).json["secret"]
    clock.advance(seconds=5)  # the time it takes to scan the QR and type the code
    answer = api.post("/api/auth/totp/confirm", {"code": totp_code(secret, clock.now)})
    assert answer.status == 200, answer.json
    return secret


def password_step(api, email, remember=False):
    answer = api.post("/api/auth/login", {"email": email, "password": DEFAULT_PASSWORD,
                                          "remember": remember})
    assert answer.status == 200, answer.json
    return answer


def test_setup_returns_the_secret_the_uri_and_an_svg_qr(api, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    answer = api.post("/api/auth/totp/setup", STEP_UP)
    assert answer.status == 200
    body = answer.json
    uri = urlparse(body["otpauth_uri"])
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    assert unquote(uri.path) == "/COOPAC PETROPERÚ:socia@example.pe"
    query = parse_qs(uri.query)
    assert query["secret"] == [body["secret"]] and query["issuer"] == ["COOPAC PETROPERÚ"]
    assert len(pyotp.TOTP(body["secret"]).byte_secret()) >= 20
    svg = ET.fromstring(body["qr_svg"])  # noqa: S314 - our own output
    assert svg.tag.endswith("svg")
    stored = users.get(member.user_id)
    assert stored.totp_enabled is False
    assert stored.totp_pending_secret_encrypted and body["secret"] not in \
        stored.totp_pending_secret_encrypted


def test_a_wrong_code_does_not_enable_totp(api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    secret = api.post("/api/auth/totp/setup", STEP_UP).json["secret"]
    code = totp_code(secret, clock.now)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answer = api.post("/api/auth/totp/confirm", {"code": wrong})
    assert answer.status == 400 and answer.error_code == "invalid_code"
    assert users.get(member.user_id).totp_enabled is False


def test_confirm_without_setup_is_a_conflict(api, clock):
    signed_in(api, a_user(Role.MEMBER))
    assert api.post("/api/auth/totp/confirm", {"code": "123456"}).status == 409


def test_enrol_then_sign_in_with_the_code(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    secret = enrol(api, clock)
    assert api.get("/api/auth/session").json["user"]["totp_enabled"] is True
    assert "Activaste" in mails_to(outbox, "socia@example.pe")[0]["subject"]

    clock.advance(seconds=30)
    first = password_step(another_api, "socia@example.pe", remember=True)
    assert first.json["requires_totp"] is True and first.json["challenge"]
    assert "user" not in first.json and "Set-Cookie" not in first.headers
    assert another_api.get("/api/auth/session").status == 401

    answer = another_api.post("/api/auth/login/totp", {"challenge": first.json["challenge"],
                                                       "code": totp_code(secret, clock.now)})
    assert answer.status == 200
    assert answer.json["user"]["id"] == member.user_id
    assert "Max-Age=2592000" in session_set_cookie(answer)
    assert another_api.get("/api/auth/session").status == 200
    reused = another_api.post("/api/auth/login/totp", {"challenge": first.json["challenge"],
                                                       "code": totp_code(secret, clock.now)})
    assert reused.status == 401


def test_a_code_is_accepted_once_the_previous_step_too_but_nothing_older(api, another_api,
                                                                        clock):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    secret = enrol(api, clock)  # spends the current step

    def second_step(code):
        challenge = password_step(another_api, "socia@example.pe").json["challenge"]
        return another_api.post("/api/auth/login/totp", {"challenge": challenge, "code": code})

    replay = second_step(totp_code(secret, clock.now))
    assert replay.status == 401 and replay.error_code == "invalid_code"

    clock.advance(seconds=30)
    previous_step_code = totp_code(secret, clock.now)
    clock.advance(seconds=30)
    assert second_step(previous_step_code).status == 200  # one step of drift
    assert second_step(previous_step_code).status == 401  # and only once

    older = totp_code(secret, clock.now)
    clock.advance(seconds=60)
    assert second_step(older).status == 401  # two steps old
    assert second_step(totp_code(secret, clock.now)).status == 200


def test_the_same_code_sent_at_once_by_several_requests_is_accepted_once(
        api, clock, atomic_requests):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    from chalicelib.services.auth import totp

    code = totp_code(SECRET, clock.now)
    loaded = [users.get(member.user_id) for _ in range(6)]  # each request read the user first
    results, errors, barrier = [], [], threading.Barrier(len(loaded))

    def attempt(user):
        try:
            barrier.wait()
            results.append(totp.use_code(user, code))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in loaded]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * (len(loaded) - 1) + [True]


def test_a_wrong_code_counts_towards_the_shared_lockout(api, another_api, outbox, clock):
    a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    wrong_password = api.post("/api/auth/login", {"email": "socia@example.pe",
                                                  "password": "Clave-Equivocada-99"})
    assert wrong_password.status == 401
    challenge = password_step(api, "socia@example.pe").json["challenge"]
    statuses = [api.post("/api/auth/login/totp", {"challenge": challenge,
                                                  "code": "000000"}).status for _ in range(4)]
    assert statuses == [401, 401, 401, 423]
    good = api.post("/api/auth/login/totp", {"challenge": challenge,
                                             "code": totp_code(SECRET, clock.now)})
    assert good.status == 423
    assert another_api.post("/api/auth/login", {"email": "socia@example.pe",
                                                "password": DEFAULT_PASSWORD}).status == 401
    assert len(mails_to(outbox, "socia@example.pe")) == 1


def test_a_challenge_expires_after_five_minutes(api, clock):
    a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    challenge = password_step(api, "socia@example.pe").json["challenge"]
    clock.advance(minutes=5, seconds=1)
    answer = api.post("/api/auth/login/totp", {"challenge": challenge,
                                               "code": totp_code(SECRET, clock.now)})
    assert answer.status == 401 and answer.error_code == "invalid_challenge"


def test_a_forged_challenge_is_refused(api, clock):
    answer = api.post("/api/auth/login/totp", {"challenge": "forged", "code": "123456"})
    assert answer.status == 401 and answer.error_code == "invalid_challenge"
    assert api.post("/api/auth/login/totp", {"challenge": "forged"}).status == 400


def test_disable_needs_password_and_code_and_ends_other_sessions(api, another_api, outbox,
                                                                 clock):
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    signed_in(api, member)
    signed_in(another_api, member)
    clock.advance(seconds=30)
    code = totp_code(SECRET, clock.now)
    no_password = api.post("/api/auth/totp/disable", {"current_password": "mala", "code": code})
    assert no_password.status == 403 and no_password.error_code == "step_up_failed"
    no_code = api.post("/api/auth/totp/disable", {"current_password": DEFAULT_PASSWORD,
                                                  "code": "000000"})
    assert no_code.status == 403 and no_code.error_code == "step_up_failed"
    answer = api.post("/api/auth/totp/disable", {"password": DEFAULT_PASSWORD, "code": code})
    assert answer.status == 200 and answer.json == {"totp_enabled": False}
    stored = users.get(member.user_id)
    assert stored.totp_enabled is False and stored.totp_secret_encrypted is None
    assert api.get("/api/auth/session").json["user"]["totp_enabled"] is False
    assert another_api.get("/api/auth/session").status == 401
    assert "Desactivaste" in mails_to(outbox, "socia@example.pe")[-1]["subject"]
    login = api.post("/api/auth/login", {"email": "socia@example.pe",
                                         "password": DEFAULT_PASSWORD})
    assert login.json["requires_totp"] is False


def test_staff_cannot_disable_totp(api, clock):
    operator = a_user(Role.OPERATOR, totp_secret=SECRET)
    signed_in(api, operator)
    answer = api.post("/api/auth/totp/disable", {"password": DEFAULT_PASSWORD,
                                                 "code": totp_code(SECRET, clock.now)})
    assert answer.status == 403 and answer.error_code == "totp_required_for_staff"


def test_setup_when_already_enabled_is_a_conflict(api, clock):
    signed_in(api, a_user(Role.MEMBER, totp_secret=SECRET))
    answer = api.post("/api/auth/totp/setup", STEP_UP)
    assert answer.status == 409 and answer.error_code == "totp_already_enabled"


def test_staff_enrolment_opens_the_enrolling_session_and_ends_the_others(api, another_api,
                                                                       clock):
    operator = a_user(Role.OPERATOR, email="operador@example.pe")
    signed_in(api, operator)
    signed_in(another_api, operator)
    assert api.get("/api/auth/profile").error_code == "totp_enrolment_required"
    enrol(api, clock)
    assert api.get("/api/auth/profile").status == 200
    assert SessionModel.get(token_hash(api.cookie)).totp_enabled is True
    assert another_api.get("/api/auth/profile").status == 401
    assert api.get("/api/auth/session").json["user"]["totp_required"] is False


def test_totp_changes_are_audited_without_secrets_or_codes(api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    secret = enrol(api, clock)
    records = list(AuditModel.by_actor.query(member.user_id))
    assert [r.action for r in records] == ["totp.setup_started", "totp.enabled"]
    assert not any(secret in (r.details or "") for r in records)


def test_totp_routes_need_a_session_and_the_csrf_header(api, clock):
    assert api.post("/api/auth/totp/setup", STEP_UP).status == 401
    signed_in(api, a_user(Role.MEMBER))
    answer = api.post("/api/auth/totp/setup", STEP_UP, csrf=False)
    assert answer.status == 403 and answer.error_code == "csrf_header_missing"


def test_the_code_check_uses_the_decrypted_secret_bound_to_the_user(clock, aws):
    member = a_user(Role.MEMBER, totp_secret=SECRET)
    other = a_user(Role.MEMBER)
    from chalicelib.store.auth import secrets

    with pytest.raises(Exception):  # noqa: B017 - KMS refuses another user's context
        secrets.decrypt_for_user(member.totp_secret_encrypted, other.user_id)
    assert secrets.decrypt_for_user(member.totp_secret_encrypted, member.user_id) == SECRET


def test_a_body_cannot_switch_totp_on_by_itself(api, clock):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    secret = api.post("/api/auth/totp/setup", STEP_UP).json["secret"]
    answer = api.post("/api/auth/totp/confirm", {"code": totp_code(secret, clock.now),
                                                 "totp_enabled": True})
    assert answer.status == 400 and answer.error_code == "read_only_field"
    assert users.get(member.user_id).totp_enabled is False
