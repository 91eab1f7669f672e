"""Account lockout (docs/design/ARCHITECTURE.md "Lockout"; docs/design/API.md auth).

Five failed password or TOTP attempts for one account within 15 minutes lock it for 15 minutes.
The counter is a fixed window that opens at the first attempt: attempts are added to it while it
is younger than 15 minutes, and the next attempt after that opens a new window. The fifth failure
in a window locks the account from that instant.

An attempt takes its place in the window *before* its password or code is checked, and counts as
a failure until it is released (it succeeded): so however many attempts arrive at once, at most
five are ever checked per window, and the sixth is refused unchecked. An attempt whose request
dies before it is released stays counted (a failure, never a free guess).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Attempt:
    """One attempt's place in the account's window: the window it counts in and its number
    there (1 to MAX_FAILURES)."""

    window_started_at: datetime
    number: int


def window_is_full(attempts_in_window: int) -> bool:
    """No place left: failures and attempts still being checked add up to the limit."""
    return attempts_in_window >= MAX_FAILURES


def refused_until(window_started_at: datetime | None, attempts_in_window: int,
                  until: datetime | None, now: datetime) -> datetime | None:
    """Whether an attempt now is refused unchecked, and until when: while the account is locked,
    until the lock ends; while an open window is full, until the window ends; else None (the
    attempt gets a place: in the open window, or in a new one)."""
    if until is not None and is_locked(until, now):
        return until
    if window_started_at is not None and window_is_open(window_started_at, now) \
            and window_is_full(attempts_in_window):
        return window_started_at + WINDOW
    return None


def locks_now(failures_in_window: int) -> bool:
    """Exactly the failure that reaches the limit locks (and e-mails the user, once): the
    attempt that took the window's last place, when it fails."""
    return failures_in_window == MAX_FAILURES


def locked_until(locked_at: datetime) -> datetime:
    return locked_at + LOCK_DURATION


def is_locked(until: datetime | None, now: datetime) -> bool:
    return until is not None and now < until


def retry_after_seconds(until: datetime, now: datetime) -> int:
    """Whole seconds until the lock ends, rounded up, at least one (the ``Retry-After`` header)."""
    return max(1, math.ceil((until - now).total_seconds()))
