"""Lockout window arithmetic: 5 failures in 15 minutes lock for 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain import lockout

T0 = datetime(2026, 3, 2, 14, 0, 0, tzinfo=UTC)


def test_the_window_is_open_for_fifteen_minutes_after_the_first_failure():
    assert lockout.window_is_open(T0, T0)
    assert lockout.window_is_open(T0, T0 + timedelta(minutes=14, seconds=59))
    assert not lockout.window_is_open(T0, T0 + timedelta(minutes=15))


def test_exactly_the_fifth_failure_locks():
    assert [lockout.locks_now(n) for n in range(1, 8)] == [False, False, False, False, True,
                                                          False, False]


def test_the_lock_lasts_fifteen_minutes():
    until = lockout.locked_until(T0)
    assert until == T0 + timedelta(minutes=15)
    assert lockout.is_locked(until, T0 + timedelta(minutes=14, seconds=59))
    assert not lockout.is_locked(until, until)
    assert not lockout.is_locked(None, T0)


def test_retry_after_rounds_up_and_is_at_least_one_second():
    until = lockout.locked_until(T0)
    assert lockout.retry_after_seconds(until, T0) == 900
    assert lockout.retry_after_seconds(until, T0 + timedelta(seconds=899, microseconds=1)) == 1
    assert lockout.retry_after_seconds(until, until + timedelta(seconds=5)) == 1


def test_a_new_window_always_follows_an_expired_lock():
    fifth_failure = T0 + timedelta(minutes=14)
    after_lock = lockout.locked_until(fifth_failure)
    assert not lockout.window_is_open(T0, after_lock)
    assert lockout.window_cutoff(after_lock) >= T0
