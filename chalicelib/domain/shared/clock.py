"""The one clock of the app, and the rule for days.

The rule (docs/time.md): instants are stored and sent in UTC (``2026-11-25T16:22:42Z``); every
"today", day, month or date a person sees is Lima's. Storage keys that are UTC days (the audit
table's ``day`` partition) stay UTC, so a query that answers a Lima day reads the two UTC
partitions it spans, bounded by the Lima day's first and last instants.

All code reads the time through ``utc_now`` (which reads ``datetime.now``), so a test moves the
whole process's clock at once with time-machine; nothing patches this module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

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


def lima_day_start(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in Lima (05:00 UTC of the same date)."""
    return datetime.combine(day, time.min, LIMA).astimezone(UTC)


def lima_days_span(first: date, last: date) -> tuple[datetime, datetime]:
    """``[start, end)`` in UTC of the Lima days ``first``..``last`` (inclusive). The calendar's
    last day has no next day to begin: its span ends at the last instant Python can write."""
    if last == date.max:
        return lima_day_start(first), datetime.max.replace(tzinfo=UTC)
    return lima_day_start(first), lima_day_start(last + timedelta(days=1))


def utc_days_touched(start: datetime, end: datetime) -> list[date]:
    """The UTC calendar days that ``[start, end)`` touches, oldest first: a Lima day touches
    two (its own date from 05:00, the next date until 04:59:59)."""
    first = start.astimezone(UTC).date()
    last = (end - timedelta(microseconds=1)).astimezone(UTC).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
