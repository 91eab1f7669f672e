"""Account lockout (ARCHITECTURE.md "Lockout"; API.md auth).

Five failed password or TOTP attempts for one account within 15 minutes lock it for 15 minutes.
The counter is a fixed window that opens at the first failure: failures are added to it while it
is younger than 15 minutes, and the next failure after that opens a new window. The fifth failure
in a window locks the account from that instant.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
COUNTER_LIFETIME = WINDOW + LOCK_DURATION
"""How long a counter is worth keeping after its last change; DynamoDB's TTL removes it then."""


def window_cutoff(now: datetime) -> datetime:
    """A window that started at or before this instant is over."""
    return now - WINDOW


def window_is_open(window_started_at: datetime, now: datetime) -> bool:
    return window_started_at > window_cutoff(now)


def locks_now(failures_in_window: int) -> bool:
    """Exactly the failure that reaches the limit locks (and e-mails the user, once)."""
    return failures_in_window == MAX_FAILURES


def locked_until(locked_at: datetime) -> datetime:
    return locked_at + LOCK_DURATION


def is_locked(until: datetime | None, now: datetime) -> bool:
    return until is not None and now < until


def retry_after_seconds(until: datetime, now: datetime) -> int:
    """Whole seconds until the lock ends, rounded up, at least one (the ``Retry-After`` header)."""
    return max(1, math.ceil((until - now).total_seconds()))
