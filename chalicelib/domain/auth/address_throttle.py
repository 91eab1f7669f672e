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

The same mechanism keeps other public POSTs in check, each with its own ``Budget`` (counter key,
window): the Libro de Reclamaciones has budgets of its own, so reclamos filed from an office's
shared address never throttle its members' sign-ins, and a sign-in attack from that address never
closes the book, which the law requires to be available.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WINDOW = timedelta(minutes=10)
DEFAULT_FAILURES_PER_WINDOW = 20
COUNTER_LIFETIME = 2 * WINDOW
"""A counter is worthless once its window is over; DynamoDB's TTL removes it after this."""

DEFAULT_COMPLAINT_FILINGS_PER_WINDOW = 10
"""Sheets one address may file per hour. Writing a reclamo takes minutes, so even an office
desk where several consumers file from one shared address stays well under ten an hour; a
script is held to 240 sheets a day, each of which takes a number of the year's book and sends
an e-mail. Past it the answer says the physical book at the office is open."""
DEFAULT_COMPLAINT_LOOKUP_FAILURES_PER_WINDOW = 20
"""Status lookups that find nothing one address may make per 10 minutes: code and document
work like a credential, so this is the sign-in figure (a typo or two never comes near it;
guessing an 8-digit document for a known code stays hopeless)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Budget:
    """One kind of counted attempt: the counter key it is kept under and its fixed window."""

    key: str
    window: timedelta

    @property
    def counter_lifetime(self) -> timedelta:
        """A counter is worthless once its window is over; DynamoDB's TTL removes it after
        this."""
        return 2 * self.window


SIGN_IN = Budget(key="login_address", window=WINDOW)
"""Failed sign-ins, and the other identity steps that count like them (registration,
recovery) and the public PDF check."""
COMPLAINT_FILINGS = Budget(key="complaint_address#filed", window=timedelta(hours=1))
"""Every sheet filed in the Libro de Reclamaciones (``COMPLAINT_FILINGS_PER_IP``)."""
COMPLAINT_LOOKUPS = Budget(key="complaint_address#status", window=WINDOW)
"""Status lookups of the Libro that find nothing (``COMPLAINT_LOOKUP_FAILURES_PER_IP``)."""


def window_start(now: datetime, window: timedelta = WINDOW) -> datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned to the epoch)."""
    elapsed = (now - _EPOCH) // window
    return _EPOCH + elapsed * window


def window_end(now: datetime, window: timedelta = WINDOW) -> datetime:
    return window_start(now, window) + window


def is_throttled(failures_in_window: int, limit: int) -> bool:
    return failures_in_window >= limit


def reaches_limit_now(failures_in_window: int, limit: int) -> bool:
    """Exactly the failure that reaches the limit is audited as the start of the throttle."""
    return failures_in_window == limit


def retry_after_seconds(now: datetime, window: timedelta = WINDOW) -> int:
    """Whole seconds until the window ends, rounded up, at least one (``Retry-After``)."""
    return max(1, math.ceil((window_end(now, window) - now).total_seconds()))
