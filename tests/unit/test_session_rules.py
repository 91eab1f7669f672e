from datetime import UTC, datetime, timedelta

from chalicelib.domain.auth.sessions import (
    IDLE_TIMEOUT,
    expires_at,
    idle_timeout,
    is_expired,
    needs_touch,
)

LOGIN = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_a_plain_session_ends_after_fifteen_idle_minutes():
    assert not is_expired(LOGIN, LOGIN, False, LOGIN + timedelta(minutes=14, seconds=59))
    assert is_expired(LOGIN, LOGIN, False, LOGIN + timedelta(minutes=15))


def test_activity_moves_the_idle_deadline_but_not_past_twelve_hours():
    last_seen = LOGIN + timedelta(hours=11, minutes=55)
    assert expires_at(LOGIN, last_seen, False) == LOGIN + timedelta(hours=12)
    assert is_expired(LOGIN, last_seen, False, LOGIN + timedelta(hours=12))


def test_a_remembered_session_lasts_thirty_days_regardless_of_idleness():
    assert not is_expired(LOGIN, LOGIN, True, LOGIN + timedelta(days=29, hours=23))
    assert is_expired(LOGIN, LOGIN, True, LOGIN + timedelta(days=30))


def test_last_seen_is_written_at_most_once_a_minute():
    assert not needs_touch(LOGIN, LOGIN + timedelta(seconds=59))
    assert needs_touch(LOGIN, LOGIN + timedelta(seconds=60))


def test_staff_sessions_end_after_a_working_day_even_when_remembered():
    from chalicelib.domain.auth.sessions import STAFF_ABSOLUTE_LIFETIME, may_remember

    assert timedelta(hours=10) == STAFF_ABSOLUTE_LIFETIME
    last_seen = LOGIN + timedelta(hours=9, minutes=59)
    for remember in (False, True):
        assert expires_at(LOGIN, last_seen, remember, staff=True) == LOGIN + timedelta(hours=10)
        assert is_expired(LOGIN, LOGIN, remember, LOGIN + timedelta(minutes=15), staff=True)
    assert may_remember("member") and not any(
        may_remember(role) for role in ("operator", "admin", "super_admin", None))


def test_only_a_remembered_member_session_has_no_idle_timeout():
    assert idle_timeout(remember=False) == IDLE_TIMEOUT
    assert idle_timeout(remember=True) is None
    assert idle_timeout(remember=True, staff=True) == IDLE_TIMEOUT
