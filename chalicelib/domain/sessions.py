"""Session lifetime rules (manual 2.1.3, API.md "Session")."""

from __future__ import annotations

from datetime import datetime, timedelta

IDLE_TIMEOUT = timedelta(minutes=15)
ABSOLUTE_LIFETIME = timedelta(hours=12)
REMEMBERED_LIFETIME = timedelta(days=30)
TOUCH_INTERVAL = timedelta(seconds=60)
"""How stale ``last_seen_at`` may get before a request writes it again (a write a minute)."""


def absolute_expiry(created_at: datetime, remember: bool) -> datetime:
    return created_at + (REMEMBERED_LIFETIME if remember else ABSOLUTE_LIFETIME)


def expires_at(created_at: datetime, last_seen_at: datetime, remember: bool) -> datetime:
    """When the session ends if nothing else happens.

    A remembered session lives 30 days from login; otherwise it ends after 15 idle minutes
    and never later than 12 hours after login.
    """
    absolute = absolute_expiry(created_at, remember)
    if remember:
        return absolute
    return min(absolute, last_seen_at + IDLE_TIMEOUT)


def is_expired(created_at: datetime, last_seen_at: datetime, remember: bool, now: datetime) -> bool:
    return now >= expires_at(created_at, last_seen_at, remember)


def needs_touch(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= TOUCH_INTERVAL
