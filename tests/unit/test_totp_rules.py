"""TOTP step rules: current or previous step, each step once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from chalicelib.domain.auth import totp

T = datetime(2026, 3, 2, 14, 0, 15, tzinfo=UTC)


def test_steps_are_thirty_seconds_of_unix_time():
    assert totp.step_at(T) == int(T.timestamp()) // 30
    assert totp.step_at(T + timedelta(seconds=15)) == totp.step_at(T) + 1
    assert totp.step_start(totp.step_at(T)) == int(T.timestamp()) - 15


def test_only_the_current_and_the_previous_step_are_acceptable():
    current = totp.step_at(T)
    assert totp.acceptable_steps(T) == (current, current - 1)


def test_a_step_is_fresh_only_when_newer_than_the_last_used():
    assert totp.is_fresh(100, 99)
    assert not totp.is_fresh(100, 100)
    assert not totp.is_fresh(99, 100)
    assert totp.is_fresh(1, None)


@pytest.mark.parametrize(("typed", "expected"), [("123456", "123456"), (" 123 456 ", "123456"),
                                                 ("12345", None), ("1234567", None),
                                                 ("12a456", None), (123456, None), (None, None)])
def test_codes_are_six_digits(typed, expected):
    assert totp.normalize_code(typed) == expected


def test_step_start_gives_the_code_pyotp_shows_at_that_time():
    secret = pyotp.random_base32()
    step = totp.step_at(T)
    assert pyotp.TOTP(secret).at(totp.step_start(step)) == pyotp.TOTP(secret).at(T)
