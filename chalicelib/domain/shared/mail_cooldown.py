"""Cooldowns on the e-mails a caller can make the portal send (a reset link, an activation link
resent at sign-in, an e-mail change confirmation), so nobody can flood a member's mailbox or use
the cooperative's mail against any address.

Each such mail counts for its destination address and for its account: at most one mail to an
address every ``MIN_GAP``, and at most ``PER_HOUR`` per address and per account (and kind) in a
clock-aligned hour. A mail over a limit is not sent; the caller's answer does not change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

MIN_GAP = timedelta(minutes=2)
HOUR = timedelta(hours=1)
PER_HOUR = 5

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def hour_start(now: datetime) -> datetime:
    return _EPOCH + ((now - _EPOCH) // HOUR) * HOUR


def destination_key(address: str) -> str:
    return f"to#{address.strip().lower()}"


def account_key(kind: str, user_id: str) -> str:
    return f"{kind}#user#{user_id}"
