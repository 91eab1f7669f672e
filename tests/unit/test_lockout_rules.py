"""Lockout window arithmetic: 5 failures in 15 minutes lock for 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.auth import lockout

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


def test_five_places_fill_a_window():
    assert [lockout.window_is_full(n) for n in range(0, 7)] == [False] * 5 + [True, True]


def test_an_attempt_is_refused_until_the_lock_ends():
    until = lockout.locked_until(T0)
    assert lockout.refused_until(T0, 5, until, T0) == until
    assert lockout.refused_until(T0, 5, until, until - timedelta(seconds=1)) == until
    assert lockout.refused_until(T0, 5, until, until) is None


def test_an_attempt_is_refused_while_the_open_window_is_full_even_before_any_lock():
    # Five attempts still being checked: nothing has failed yet, and a sixth waits anyway.
    assert lockout.refused_until(T0, 5, None, T0 + timedelta(seconds=1)) == T0 + lockout.WINDOW
    assert lockout.refused_until(T0, 6, None, T0) == T0 + lockout.WINDOW
    assert lockout.refused_until(T0, 5, None, T0 + lockout.WINDOW) is None


def test_an_attempt_takes_a_place_in_a_window_with_room_or_in_a_new_one():
    assert lockout.refused_until(None, 0, None, T0) is None
    assert lockout.refused_until(T0, 4, None, T0 + timedelta(minutes=14)) is None
    assert lockout.refused_until(T0, 5, lockout.locked_until(T0), T0 + timedelta(hours=1)) is None
