"""Failed sign-in counters per account (``counters`` table, ``lockout#<user_id>``, with TTL).

Every change is one atomic UpdateItem or conditional PutItem, so concurrent failures are all
counted and exactly one request sees the count reach the limit.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.domain.clock import iso_instant
from chalicelib.store.models import CounterModel

_ATTEMPTS = 3


def counter_id(user_id: str) -> str:
    return f"lockout#{user_id}"


def get(user_id: str) -> CounterModel | None:
    """Key condition: ``counter_id = lockout#<user_id>`` (strongly consistent)."""
    try:
        return CounterModel.get(counter_id(user_id), consistent_read=True)
    except DoesNotExist:
        return None


def add_failure(user_id: str, now: datetime, window_cutoff: datetime,
                expires_at: datetime) -> int:
    """Count one failure in the open window, or open a new window; returns the window's count.

    ``ADD value 1`` only while ``window_started_at > cutoff``; otherwise a conditional put starts
    a new window with 1 (only if no fresher window was opened meanwhile, else it retries the ADD).
    """
    cutoff = iso_instant(window_cutoff)
    counter = CounterModel(counter_id=counter_id(user_id))
    for _ in range(_ATTEMPTS):
        try:
            counter.update(actions=[CounterModel.value.add(1),
                                    CounterModel.expires_at.set(expires_at)],
                           condition=CounterModel.window_started_at > cutoff)
            return int(counter.value)
        except UpdateError:
            pass
        try:
            CounterModel(counter_id=counter_id(user_id), value=1,
                         window_started_at=iso_instant(now), expires_at=expires_at).save(
                condition=CounterModel.counter_id.does_not_exist()
                | (CounterModel.window_started_at <= cutoff))
            return 1
        except PutError:
            continue  # another failure opened a window first: count in it
    return 1


def lock(user_id: str, until: datetime, expires_at: datetime) -> None:
    CounterModel(counter_id=counter_id(user_id)).update(
        actions=[CounterModel.locked_until.set(iso_instant(until)),
                 CounterModel.expires_at.set(expires_at)])


def clear(user_id: str) -> None:
    """A successful sign-in or password reset forgets the failures (and any lock)."""
    CounterModel(counter_id=counter_id(user_id)).delete()
