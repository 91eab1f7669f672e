"""Rules of the per-address sign-in throttle (domain.auth.address_throttle)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.auth import address_throttle as rules


def test_windows_are_ten_minutes_aligned_to_the_clock():
    now = datetime(2026, 11, 25, 19, 47, 12, tzinfo=UTC)
    assert rules.window_start(now) == datetime(2026, 11, 25, 19, 40, tzinfo=UTC)
    assert rules.window_end(now) == datetime(2026, 11, 25, 19, 50, tzinfo=UTC)


def test_an_instant_on_a_boundary_opens_the_new_window():
    boundary = datetime(2026, 11, 25, 19, 50, tzinfo=UTC)
    assert rules.window_start(boundary) == boundary
    assert rules.window_start(boundary - timedelta(microseconds=1)) == boundary - rules.WINDOW


def test_retry_after_counts_whole_seconds_to_the_window_end_rounded_up():
    assert rules.retry_after_seconds(datetime(2026, 11, 25, 19, 47, 12, 300000, tzinfo=UTC)) == 168
    assert rules.retry_after_seconds(datetime(2026, 11, 25, 19, 40, tzinfo=UTC)) == 600


def test_the_limit_throttles_from_the_failure_that_reaches_it():
    assert not rules.is_throttled(19, 20)
    assert rules.is_throttled(20, 20)
    assert rules.reaches_limit_now(20, 20)
    assert not rules.reaches_limit_now(21, 20)


def test_the_libro_s_filings_are_counted_in_hours_apart_from_the_sign_ins():
    now = datetime(2026, 11, 25, 19, 47, 12, tzinfo=UTC)
    hour = rules.COMPLAINT_FILINGS.window
    assert rules.window_start(now, hour) == datetime(2026, 11, 25, 19, tzinfo=UTC)
    assert rules.retry_after_seconds(now, hour) == 768
    assert rules.COMPLAINT_FILINGS.counter_lifetime == timedelta(hours=2)
    keys = {rules.SIGN_IN.key, rules.COMPLAINT_FILINGS.key, rules.COMPLAINT_LOOKUPS.key}
    assert len(keys) == 3
