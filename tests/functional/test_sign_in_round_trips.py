"""Issue 19: a password sign-in takes at most four DynamoDB calls and the TOTP step at most five,
whether the browser is known or new (the alert's link is part of the same transaction), and
the batched reads and folded writes still do everything the separate calls did: the session,
the failure counter's reset, the day's sign-in count (once), the browser's mark and the audit
record. ``make bench`` (section ``identity``) prints the same counts by operation."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from botocore.client import BaseClient

from chalicelib.domain.auth.identity import LOGIN_CHALLENGE_LIFETIME, Purpose
from chalicelib.domain.shared import clock as app_clock
from chalicelib.domain.shared.permissions import Role
from chalicelib.services.auth import lockout, one_time_tokens
from chalicelib.store.auth import login_failures, signins
from chalicelib.store.auth import sign_in as sign_in_reads
from chalicelib.store.shared.models import AuditModel
from tests.functional.backup_code_builders import enrolled_with_backup_codes
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user, totp_code

EMAIL = "socia@example.pe"
SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
PASSWORD_SIGN_IN_CALLS = 4
TOTP_STEP_CALLS = 5


class DynamoDbCalls:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.active = False

    @contextmanager
    def counting(self) -> Iterator[Counter[str]]:
        self.calls, self.active = Counter(), True
        try:
            yield self.calls
        finally:
            self.active = False


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> DynamoDbCalls:
    recorder = DynamoDbCalls()
    original = BaseClient._make_api_call

    def recorded(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if recorder.active and client.meta.service_model.service_name == "dynamodb":
            recorder.calls[operation] += 1
        return original(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recorded)
    return recorder


def login(api: Any, email: str = EMAIL, password: str = DEFAULT_PASSWORD) -> Any:
    return api.post("/api/auth/login", {"email": email, "password": password})


def successes(user_id: str, action: str) -> list[AuditModel]:
    return [r for r in AuditModel.by_actor.query(user_id)
            if r.action == action and r.outcome == "success"]


def test_a_password_sign_in_takes_four_calls_with_a_known_or_a_new_browser(
        api, another_api, dynamodb_calls, time_machine):
    FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email=EMAIL)
    counted = []
    for browser in (api, api, another_api):  # first ever, known browser, new browser (alert)
        with dynamodb_calls.counting() as calls:
            answer = login(browser)
        assert answer.status == 200 and browser.get("/api/auth/session").status == 200
        counted.append(sum(calls.values()))
    assert max(counted) <= PASSWORD_SIGN_IN_CALLS, counted
    assert signins.of_day(app_clock.lima_today()) == 1  # three sign-ins, one member counted
    records = successes(member.user_id, "auth.login")
    assert len(records) == 3
    alerted = sorted(json.loads(r.details)["new_sign_in_alert"] for r in records)
    assert alerted == ["False", "False", "True"]  # only the new browser (records share an instant)


def test_the_totp_step_takes_at_most_five_calls_and_the_password_step_four(
        api, dynamodb_calls, time_machine):
    clock = FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    assert login(api, password="Clave-Equivocada-99").status == 401  # a failure to forget
    with dynamodb_calls.counting() as password_step:
        challenge = login(api).json["challenge"]
    with dynamodb_calls.counting() as code_step:
        answer = api.post("/api/auth/login/totp",
                          {"challenge": challenge, "code": totp_code(SECRET, clock.now)})
    assert answer.status == 200 and api.get("/api/auth/session").status == 200
    assert sum(password_step.values()) <= PASSWORD_SIGN_IN_CALLS, password_step
    assert sum(code_step.values()) <= TOTP_STEP_CALLS, code_step
    assert login_failures.get(member.user_id) is None  # the complete sign-in forgot it
    assert len(successes(member.user_id, "auth.login_totp")) == 1
    reused = api.post("/api/auth/login/totp",
                      {"challenge": challenge, "code": totp_code(SECRET, clock.now)})
    assert reused.status == 401


def test_a_challenge_without_the_account_id_still_completes_the_sign_in(api, time_machine):
    """A challenge issued before challenges carried the account's id (a deploy in the middle
    of someone's sign-in) is read apart and works as before."""
    clock = FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    challenge = one_time_tokens.issue(Purpose.LOGIN_CHALLENGE, member, LOGIN_CHALLENGE_LIFETIME,
                                      {"remember": False})
    answer = api.post("/api/auth/login/totp",
                      {"challenge": challenge, "code": totp_code(SECRET, clock.now)})
    assert answer.status == 200 and answer.json["user"]["id"] == member.user_id
    assert api.get("/api/auth/session").status == 200


def test_a_sign_in_counted_between_its_read_and_its_write_counts_once(
        api, another_api, monkeypatch, time_machine):
    """Two sign-ins of one member at the same moment both read «not counted yet»: the marker's
    condition cancels the second's transaction, which is then written without the count."""
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email=EMAIL)
    assert login(api).status == 200
    read = sign_in_reads.read

    def stale(keys: sign_in_reads.Keys) -> sign_in_reads.SignInRead:
        return dataclasses.replace(read(keys), counted_today=False)

    monkeypatch.setattr(sign_in_reads, "read", stale)
    assert login(another_api).status == 200
    assert another_api.get("/api/auth/session").status == 200
    assert signins.of_day(app_clock.lima_today()) == 1


def test_the_totp_step_with_a_backup_code_takes_at_most_five_calls(
        api, another_api, dynamodb_calls, time_machine):
    enrolled = enrolled_with_backup_codes(api, FrozenClock(time_machine), email=EMAIL)
    challenge = login(another_api).json["challenge"]
    with dynamodb_calls.counting() as calls:
        answer = another_api.post("/api/auth/login/totp",
                                  {"challenge": challenge, "code": enrolled.codes[0]})
    assert answer.status == 200 and another_api.get("/api/auth/session").status == 200
    assert sum(calls.values()) <= TOTP_STEP_CALLS, calls
    assert len(successes(enrolled.user.user_id, "auth.backup_code_used")) == 1


def test_a_window_gone_before_the_challenge_is_written_still_gives_the_challenge(
        api, monkeypatch, time_machine):
    """The attempt's place is given back in the challenge's transaction; when its window went
    meanwhile (an unlock, a reset), that part cancels it and it is written without."""
    clock = FrozenClock(time_machine)
    a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    release_write = lockout.release_write

    def of_a_window_gone(user: Any, attempt: Any) -> Any:
        return release_write(user, dataclasses.replace(
            attempt, window_started_at=attempt.window_started_at - timedelta(hours=1)))

    monkeypatch.setattr(lockout, "release_write", of_a_window_gone)
    challenge = login(api).json["challenge"]
    answer = api.post("/api/auth/login/totp",
                      {"challenge": challenge, "code": totp_code(SECRET, clock.now)})
    assert answer.status == 200


def test_a_challenge_used_up_between_its_read_and_its_write_signs_nobody_in(
        api, another_api, monkeypatch, time_machine):
    """Two TOTP steps on one challenge at once (a code and a backup code) both read it live:
    the transaction of the second is cancelled by the challenge's condition, which answers
    ``invalid_challenge`` and gives the attempt's place back."""
    enrolled = enrolled_with_backup_codes(api, FrozenClock(time_machine), email=EMAIL)
    challenge = login(another_api).json["challenge"]
    read = sign_in_reads.read
    first: list[sign_in_reads.SignInRead] = []

    def read_once(keys: sign_in_reads.Keys) -> sign_in_reads.SignInRead:
        found = read(keys)
        if keys.challenge_hash is not None:
            first.append(found)
        return dataclasses.replace(found, challenge=first[0].challenge)

    monkeypatch.setattr(sign_in_reads, "read", read_once)
    code = totp_code(enrolled.secret, app_clock.utc_now())
    assert another_api.post("/api/auth/login/totp",
                            {"challenge": challenge, "code": code}).status == 200
    late = api.post("/api/auth/login/totp", {"challenge": challenge,
                                              "code": enrolled.codes[0]})
    assert late.status == 401 and late.error_code == "invalid_challenge"
    assert login_failures.get(enrolled.user.user_id).value == 0  # its place given back
