"""The browsers each account signed in from (the «nuevo inicio de sesión» alert), as
``known_browser#<user id>#<hash of the browser id>`` items of ``security_counters``: ``value``
counts the sign-ins, ``window_started_at`` is the last one, ``expires_at`` (TTL) is that plus the
window. The cookie's id itself is never stored.

A sign-in reads the item with its other reads (``store.auth.sign_in``, one BatchGetItem) and
notes itself in its transaction (``record_sign_in``), so the alert costs no call of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter
from chalicelib.store.shared.round_trips import Write

KEY_PREFIX = "known_browser#"


def counter_id(user_id: str, browser_hash: str) -> str:
    return f"{KEY_PREFIX}{user_id}#{browser_hash}"


def record_sign_in(user_id: str, browser_hash: str, now: datetime, window: timedelta,
                   previous: Counter | None) -> tuple[bool, Write]:
    """Whether the browser had signed in to the account within ``window`` before now (from
    ``previous``, the item as the sign-in read it, strongly consistent; an item past its expiry
    that TTL has not removed yet counts as unknown), and the write that notes this sign-in."""
    seen = previous is not None and previous.expires_at is not None \
        and previous.expires_at > now

    def add(transaction: TransactWrite) -> None:
        transaction.update(Counter(counter_id=counter_id(user_id, browser_hash)),
                           actions=[Counter.value.add(1),
                                    Counter.window_started_at.set(iso_instant(now)),
                                    Counter.expires_at.set(now + window)])

    return seen, Write("known_browser", add)
