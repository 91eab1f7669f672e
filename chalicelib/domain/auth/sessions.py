"""Session lifetime rules (manual 2.1.3, docs/design/API.md "Session").

Staff (operator, admin, super_admin) are never remembered and their sessions end after a working
day (``STAFF_ABSOLUTE_LIFETIME``) however busy: a staff session open on a shared office PC must
not carry into the next day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain.shared.permissions import Role

IDLE_TIMEOUT = timedelta(minutes=15)
ABSOLUTE_LIFETIME = timedelta(hours=12)
REMEMBERED_LIFETIME = timedelta(days=30)
STAFF_ABSOLUTE_LIFETIME = timedelta(hours=10)
TOUCH_INTERVAL = timedelta(seconds=60)
"""How stale ``last_seen_at`` may get before a request writes it again (a write a minute)."""


def may_remember(role: Role | str | None) -> bool:
    """Only a member's session may be remembered for 30 days."""
    return role in (Role.MEMBER, Role.MEMBER.value)


def is_staff(role: Role | str | None) -> bool:
    return not may_remember(role)


def absolute_expiry(created_at: datetime, remember: bool, staff: bool = False) -> datetime:
    if staff:
        return created_at + STAFF_ABSOLUTE_LIFETIME
    return created_at + (REMEMBERED_LIFETIME if remember else ABSOLUTE_LIFETIME)


def expires_at(created_at: datetime, last_seen_at: datetime, remember: bool,
               staff: bool = False) -> datetime:
    """When the session ends if nothing else happens.

    A member's remembered session lives 30 days from login; otherwise it ends after 15 idle
    minutes and never later than 12 hours after login (10 for staff, remembered or not).
    """
    absolute = absolute_expiry(created_at, remember, staff)
    if remember and not staff:
        return absolute
    return min(absolute, last_seen_at + IDLE_TIMEOUT)


def idle_timeout(remember: bool, staff: bool = False) -> timedelta | None:
    """How long the session survives without a request; None for a member's remembered session,
    which only ends 30 days after login."""
    return None if remember and not staff else IDLE_TIMEOUT


def is_expired(created_at: datetime, last_seen_at: datetime, remember: bool, now: datetime,
               staff: bool = False) -> bool:
    return now >= expires_at(created_at, last_seen_at, remember, staff)


def needs_touch(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= TOUCH_INTERVAL
