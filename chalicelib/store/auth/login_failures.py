"""Sign-in attempt counters per account (``security_counters``, ``lockout#<user_id>``, TTL).

``value`` is the number of attempts that hold a place in the window (failures, and attempts
whose password or code is still being checked); ``window_started_at`` the window's first instant;
``locked_until`` the lock's end, once locked. Taking a place is one conditional write that
carries the whole rule of domain.auth.lockout (``refused_until``), so concurrent attempts can never
take more than the limit; releasing and locking are conditional on the window they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.domain.auth.lockout import Attempt
from chalicelib.domain.shared.clock import iso_instant, parse_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter
from chalicelib.store.shared.round_trips import Write

_CONDITION_FAILED = "ConditionalCheckFailedException"


def counter_id(user_id: str) -> str:
    return f"lockout#{user_id}"


def get(user_id: str) -> Counter | None:
    """Key condition: ``counter_id = lockout#<user_id>`` (strongly consistent)."""
    try:
        return Counter.get(counter_id(user_id), consistent_read=True)
    except DoesNotExist:
        return None


@dataclass(frozen=True)
class Read:
    """A window as a sign-in read it with its other reads (strongly consistent): ``counter``
    is None when ``subject_id`` has none."""

    subject_id: str
    counter: Counter | None


def _opens_new_window(counter: Counter | None, cutoff: str) -> bool:
    return counter is None or counter.window_started_at is None \
        or counter.window_started_at <= cutoff


def reserve_after_read(read: Read, now: datetime, window_cutoff: datetime, limit: int,
                       expires_at: datetime) -> Attempt | None:
    """``reserve`` in one conditional write, the one the read says applies (a new window, or
    one more place in the open one), under the same condition; None when the window changed
    since the read (the caller then asks as ``reserve`` does)."""
    started, cutoff = iso_instant(now), iso_instant(window_cutoff)
    if _opens_new_window(read.counter, cutoff):
        return _open_window(read.subject_id, started, cutoff, expires_at)
    return _add_place(read.subject_id, started, cutoff, limit, expires_at)


def _open_window(user_id: str, started: str, cutoff: str, expires_at: datetime) -> Attempt | None:
    try:
        Counter(counter_id=counter_id(user_id), value=1, window_started_at=started,
                expires_at=expires_at).save(
            condition=(Counter.window_started_at.does_not_exist()
                       | (Counter.window_started_at <= cutoff)) & _unlocked(started))
    except PutError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return None
    return Attempt(window_started_at=parse_instant(started), number=1)


def _add_place(user_id: str, started: str, cutoff: str, limit: int,
               expires_at: datetime) -> Attempt | None:
    counter = Counter(counter_id=counter_id(user_id))
    try:
        counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)],
                       condition=(Counter.window_started_at > cutoff)
                       & (Counter.value < limit) & _unlocked(started))
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return None
    return Attempt(window_started_at=parse_instant(str(counter.window_started_at)),
                   number=int(counter.value))


def _unlocked(now: str) -> Condition:
    unlocked: Condition = Counter.locked_until.does_not_exist() \
        | (Counter.locked_until <= now)
    return unlocked


def reserve(user_id: str, now: datetime, window_cutoff: datetime, limit: int,
            expires_at: datetime) -> Attempt | None:
    """Take one place for an attempt; None when the account is locked or its open window holds
    ``limit`` attempts already (or, rarely, the window changed between the two writes).

    First a conditional put opens a new window holding this attempt (no window, or one that
    started at or before the cutoff, and no lock running); else ``ADD value 1`` on the open
    window while ``value < limit`` and no lock is running.
    """
    started, cutoff = iso_instant(now), iso_instant(window_cutoff)
    opened = _open_window(user_id, started, cutoff, expires_at)
    return opened or _add_place(user_id, started, cutoff, limit, expires_at)


RELEASE = "lockout_release"
"""The name of ``release_write`` in a transaction (``round_trips.Cancelled.failed``)."""


def release_write(user_id: str, attempt: Attempt) -> Write:
    """``release`` as part of a transaction: cancelled (``RELEASE`` failed) when the window is
    gone, and the caller then commits without it."""
    def add(transaction: TransactWrite) -> None:
        transaction.update(Counter(counter_id=counter_id(user_id)),
                           actions=[Counter.value.add(-1)],
                           condition=(Counter.window_started_at
                                      == iso_instant(attempt.window_started_at))
                           & (Counter.value > 0))

    return Write(RELEASE, add)


def clear_write(user_id: str) -> Write:
    """``clear`` as part of a complete sign-in's transaction."""
    return Write("lockout_clear",
                 lambda transaction: transaction.delete(Counter(counter_id=counter_id(user_id))))


def release(user_id: str, attempt: Attempt) -> None:
    """Give an attempt's place back (it succeeded); nothing when its window is gone (cleared by
    a sign-in, or replaced by a newer window)."""
    try:
        Counter(counter_id=counter_id(user_id)).update(
            actions=[Counter.value.add(-1)],
            condition=(Counter.window_started_at == iso_instant(attempt.window_started_at))
            & (Counter.value > 0))
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise


def lock(user_id: str, attempt: Attempt, until: datetime, expires_at: datetime) -> bool:
    """Lock the account until ``until``; False when the attempt's window is gone or already
    locked (so a window locks, e-mails and is audited once)."""
    try:
        Counter(counter_id=counter_id(user_id)).update(
            actions=[Counter.locked_until.set(iso_instant(until)),
                     Counter.expires_at.set(expires_at)],
            condition=(Counter.window_started_at == iso_instant(attempt.window_started_at))
            & Counter.locked_until.does_not_exist())
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return False
    return True


def clear(user_id: str) -> None:
    """A successful sign-in or password reset forgets the failures (and any lock)."""
    Counter(counter_id=counter_id(user_id)).delete()
