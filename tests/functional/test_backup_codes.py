"""Backup codes (issue 14): ten single-use codes at TOTP enrolment, each good once wherever a
current TOTP code is asked (sign-in, step-up, recovery), stored only hashed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.domain.auth.requests import parse_login_request, parse_totp_login_request
from chalicelib.domain.shared.errors import AccountLocked, NotAuthenticated
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import login
from chalicelib.store.auth import login_failures, users
from chalicelib.store.shared.models import AuditModel
from tests.functional.backup_code_builders import enrolled_with_backup_codes
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, mails_to, totp_code

EMAIL = "socia@example.pe"
STEP_UP = {"current_password": DEFAULT_PASSWORD}
NEW_PASSWORD = "Nueva-Frase-De-Paso-31"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def challenge_for(api, email=EMAIL):
    answer = api.post("/api/auth/login", {"email": email, "password": DEFAULT_PASSWORD})
    assert answer.json["requires_totp"] is True
    return answer.json["challenge"]


def sign_in_with(api, code, email=EMAIL):
    return api.post("/api/auth/login/totp", {"challenge": challenge_for(api, email),
                                             "code": code})


def remaining(api):
    answer = api.get("/api/auth/totp/backup-codes")
    assert answer.status == 200, answer.json
    return answer.json["remaining"]


def test_enrolment_shows_ten_codes_once_and_stores_only_their_hashes(api, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    assert len(enrolled.codes) == 10 and len(set(enrolled.codes)) == 10
    stored = users.get(enrolled.user.user_id)
    item = str(stored.serialize())
    for code in enrolled.codes:
        assert code not in item and code.replace("-", "") not in item
    assert len(stored.backup_code_hashes) == 10
    assert remaining(api) == 10
    assert "backup_codes" not in api.get("/api/auth/session").json


def test_a_backup_code_signs_in_once_and_the_member_is_told_by_mail(api, another_api, outbox,
                                                                    clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    code = enrolled.codes[3]
    answer = sign_in_with(another_api, code.lower().replace("-", " "))
    assert answer.status == 200 and answer.json["requires_totp"] is False
    replay = sign_in_with(another_api, code)
    assert replay.status == 401 and replay.error_code == "invalid_code"
    assert remaining(api) == 9
    notice = mails_to(outbox, EMAIL)[-1]
    assert "código de respaldo" in notice["subject"] and "te quedan 9" in notice["text"]
    assert code not in notice["text"]
    used = list(AuditModel.by_action.query("auth.backup_code_used"))
    assert len(used) == 1 and used[0].outcome == "success" and code not in (used[0].details or "")


def test_a_wrong_backup_code_counts_towards_the_lockout(api, another_api, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    answer = sign_in_with(another_api, "ABCDE-FGHJK")
    assert answer.status == 401 and answer.error_code == "invalid_code"
    assert login_failures.get(enrolled.user.user_id).value == 1


def test_a_backup_code_passes_a_step_up(api, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    answer = api.post("/api/auth/password", {**STEP_UP, "code": enrolled.codes[0],
                                             "new_password": NEW_PASSWORD,
                                             "new_password_confirmation": NEW_PASSWORD})
    assert answer.status == 204, answer.json
    assert remaining(api) == 9


def test_regenerating_needs_the_step_up_and_ends_the_old_codes(api, another_api, outbox, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    refused = api.post("/api/auth/totp/backup-codes", STEP_UP)
    assert refused.status == 403 and refused.error_code == "step_up_failed"
    refused = api.post("/api/auth/totp/backup-codes", {"current_password": "Otra-Cosa-99",
                                                       "code": totp_code(enrolled.secret,
                                                                         clock.now)})
    assert refused.status == 403
    clock.advance(seconds=30)
    answer = api.post("/api/auth/totp/backup-codes",
                      {**STEP_UP, "code": totp_code(enrolled.secret, clock.now)})
    assert answer.status == 200, answer.json
    fresh = answer.json["backup_codes"]
    assert len(fresh) == 10 and not set(fresh) & set(enrolled.codes)
    assert remaining(api) == 10
    assert sign_in_with(another_api, enrolled.codes[0]).status == 401
    assert sign_in_with(another_api, fresh[0]).status == 200
    records = list(AuditModel.by_action.query("totp.backup_codes_regenerated"))
    assert [r.outcome for r in records] == ["failure", "failure", "success"]


def test_regenerating_without_two_factor_is_a_conflict(api, clock):
    from chalicelib.domain.shared.permissions import Role
    from tests.functional.builders import a_user, signed_in

    signed_in(api, a_user(Role.MEMBER, email=EMAIL))
    answer = api.post("/api/auth/totp/backup-codes", STEP_UP)
    assert answer.status == 409 and answer.error_code == "totp_not_enabled"
    assert api.get("/api/auth/totp/backup-codes").json == {"remaining": 0}


def test_disabling_totp_deletes_the_codes(api, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    answer = api.post("/api/auth/totp/disable",
                      {**STEP_UP, "code": totp_code(enrolled.secret, clock.now)})
    assert answer.status == 200
    assert not users.get(enrolled.user.user_id).backup_code_hashes
    assert remaining(api) == 0


def test_the_same_backup_code_sent_at_once_signs_in_once(atomic_requests, api, clock):
    enrolled = enrolled_with_backup_codes(api, clock)
    challenges = [login.sign_in(
        parse_login_request({"email": EMAIL, "password": DEFAULT_PASSWORD}),
        RequestContext(ip=f"203.0.113.{n}", user_agent="pytest")).body["challenge"]
        for n in range(1, 6)]
    start = threading.Barrier(len(challenges))

    def attempt(index: int) -> int:
        start.wait()
        try:
            login.sign_in_with_code(
                parse_totp_login_request({"challenge": challenges[index],
                                          "code": enrolled.codes[0]}),
                RequestContext(ip=f"198.51.100.{index + 1}", user_agent="pytest"))
        except (NotAuthenticated, AccountLocked):
            return 401
        return 200

    with ThreadPoolExecutor(max_workers=len(challenges)) as pool:
        statuses = list(pool.map(attempt, range(len(challenges))))
    assert sorted(statuses) == [200] + [401] * (len(challenges) - 1)
    assert len(users.get(enrolled.user.user_id).backup_code_hashes) == 9
