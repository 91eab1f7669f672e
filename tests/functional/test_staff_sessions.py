"""Staff sessions never outlast a working day: no 30-day remembered session for an operator, an
admin or a super_admin (domain.auth.sessions.STAFF_ABSOLUTE_LIFETIME); members keep theirs."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.store.shared.models import SessionModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    session_set_cookie,
    signed_in,
    totp_code,
)

SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
STAFF = [Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN]


def keep_busy(api, clock, requests: int) -> None:
    """A request every 10 minutes: never idle for 15."""
    for _ in range(requests):
        clock.advance(minutes=10)
        assert api.get("/api/auth/session").status == 200


@pytest.mark.parametrize("role", STAFF)
def test_staff_asking_to_be_remembered_get_a_browser_session(api, time_machine, role):
    clock = FrozenClock(time_machine)
    a_user(role, email="personal@example.pe", totp_secret=SECRET)
    step = api.post("/api/auth/login", {"email": "personal@example.pe",
                                        "password": DEFAULT_PASSWORD, "remember": True})
    answer = api.post("/api/auth/login/totp", {"challenge": step.json["challenge"],
                                               "code": totp_code(SECRET, clock.now)})
    assert answer.status == 200
    assert "Max-Age" not in session_set_cookie(answer)
    assert SessionModel.get(token_hash(api.cookie)).remember is False
    clock.advance(minutes=16)
    assert api.get("/api/auth/session").error_code == "session_expired"


@pytest.mark.parametrize("role", STAFF)
def test_a_busy_staff_session_ends_after_ten_hours(api, time_machine, role):
    clock = FrozenClock(time_machine)
    signed_in(api, a_user(role, totp_secret=SECRET))
    keep_busy(api, clock, 59)  # 9 h 50 min
    clock.advance(minutes=9, seconds=59)
    assert api.get("/api/auth/session").status == 200
    clock.advance(seconds=1)
    assert api.get("/api/auth/session").error_code == "session_expired"


def test_a_staff_session_stored_as_remembered_still_ends_with_the_working_day(api, time_machine):
    """A session remembered before this rule (or written so by mistake) gets no 30 days."""
    clock = FrozenClock(time_machine)
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    session = SessionModel.get(token_hash(api.cookie))
    session.update(actions=[SessionModel.remember.set(True)])
    clock.advance(minutes=16)
    assert api.get("/api/auth/session").error_code == "session_expired"


def test_a_member_still_keeps_a_remembered_session_past_a_working_day(api, time_machine):
    clock = FrozenClock(time_machine)
    signed_in(api, a_user(Role.MEMBER), remember=True)
    clock.advance(days=29)
    assert api.get("/api/auth/session").status == 200
