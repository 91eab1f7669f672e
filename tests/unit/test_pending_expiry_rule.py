"""When an account pending activation is past its expiry (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.auth.registration import DEFAULT_ACTIVATION_LIFETIME_HOURS, pending_expired

DAY = timedelta(hours=24)
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_the_stored_expiry_decides_from_its_instant_on() -> None:
    assert pending_expired("pending_activation", "2026-12-03T12:00:00Z", "2026-11-01T00:00:00Z",
                           DAY, NOW)
    assert not pending_expired("pending_activation", "2026-12-03T12:00:01Z",
                               "2026-11-01T00:00:00Z", DAY, NOW)


def test_without_a_stored_expiry_the_creation_plus_the_lifetime() -> None:
    assert pending_expired("pending_activation", None, "2026-12-02T12:00:00Z", DAY, NOW)
    assert not pending_expired("pending_activation", None, "2026-12-02T12:00:01Z", DAY, NOW)


def test_only_pending_accounts_expire() -> None:
    for status in ("active", "inactive", "invited"):
        assert not pending_expired(status, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", DAY,
                                   NOW)


def test_the_default_lifetime_is_the_activation_links() -> None:
    assert DEFAULT_ACTIVATION_LIFETIME_HOURS == 24
