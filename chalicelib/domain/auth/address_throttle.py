"""Throttling of failed sign-ins per client address (docs/design/API.md: 429 ``throttled`` with
Retry-After).

The account lockout (``domain.auth.lockout``) stops guessing one account's password; this stops one
address guessing many accounts' passwords (credential stuffing). Failed credential attempts from
one address are counted in fixed windows aligned to the clock; once the limit is reached, every
sign-in attempt from that address is refused until the window ends, the right password included,
so a burst cannot find out which guess was right.

Only failures count: an office where many members share one public address signs in freely.

An IPv6 client is counted by its /64: one subscriber usually gets a whole /64 and can pick a new
address in it for every attempt.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

WINDOW = timedelta(minutes=10)
DEFAULT_FAILURES_PER_WINDOW = 20
COUNTER_LIFETIME = 2 * WINDOW
"""A counter is worthless once its window is over; DynamoDB's TTL removes it after this."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def window_start(now: datetime) -> datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned to the epoch)."""
    elapsed = (now - _EPOCH) // WINDOW
    return _EPOCH + elapsed * WINDOW


def window_end(now: datetime) -> datetime:
    return window_start(now) + WINDOW


def is_throttled(failures_in_window: int, limit: int) -> bool:
    return failures_in_window >= limit


def reaches_limit_now(failures_in_window: int, limit: int) -> bool:
    """Exactly the failure that reaches the limit is audited as the start of the throttle."""
    return failures_in_window == limit


def retry_after_seconds(now: datetime) -> int:
    """Whole seconds until the window ends, rounded up, at least one (``Retry-After``)."""
    return max(1, math.ceil((window_end(now) - now).total_seconds()))
