"""What the session answer tells the site about the idle timeout (issue 17): how long until the
session ends (seconds, so the browser's clock does not matter), how long idleness is allowed,
and that asking (the site's «Seguir conectado») slides the deadline like any request."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from tests.functional.builders import FrozenClock, a_user, signed_in


def test_a_fresh_session_reports_its_idle_timeout_and_time_left(api, time_machine):
    FrozenClock(time_machine)
    signed_in(api, a_user(Role.MEMBER))
    body = api.get("/api/auth/session").json
    assert body["idle_timeout_seconds"] == 900
    assert body["touch_interval_seconds"] == 60
    assert body["expires_in_seconds"] == 900


def test_asking_for_the_session_keeps_it_alive(api, time_machine):
    clock = FrozenClock(time_machine)
    signed_in(api, a_user(Role.MEMBER))
    clock.advance(minutes=13)
    assert api.get("/api/auth/session").json["expires_in_seconds"] == 900
    clock.advance(minutes=14)
    assert api.get("/api/auth/session").status == 200


def test_time_left_counts_down_between_recorded_requests(api, time_machine):
    """Activity is written once a minute: a request 30 s later does not move the deadline."""
    clock = FrozenClock(time_machine)
    signed_in(api, a_user(Role.MEMBER))
    api.get("/api/auth/session")
    clock.advance(seconds=30)
    assert api.get("/api/auth/session").json["expires_in_seconds"] == 870


def test_a_remembered_member_session_has_no_idle_timeout(api, time_machine):
    FrozenClock(time_machine)
    signed_in(api, a_user(Role.MEMBER), remember=True)
    body = api.get("/api/auth/session").json
    assert body["idle_timeout_seconds"] is None
    assert body["expires_in_seconds"] == 30 * 24 * 3600
