"""Time helpers: the app works in UTC and shows dates in Lima."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

LIMA = timezone(timedelta(hours=-5), "America/Lima")
"""Peru keeps UTC−5 all year (no daylight saving since 1994), so no tz database is needed."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_instant(moment: datetime) -> str:
    """``2026-11-25T16:22:42Z``: the API's instant format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def lima_today(now: datetime | None = None) -> date:
    """The calendar date in Lima (a member's "today")."""
    return (now or utc_now()).astimezone(LIMA).date()
