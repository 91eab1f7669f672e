"""Failed self-registrations per DNI (``security_counters``, ``registration#<dni>``, with TTL).

``value`` counts the failures of the window that opened at ``window_started_at``;
``locked_until`` is the end of the DNI's pause, once paused. Counting is a conditional put (a
new window) or an atomic ``ADD value 1`` on the open one, so failures arriving together are all
counted; pausing is conditional, so a window pauses, e-mails and is audited once.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib.domain.shared.clock import iso_instant, parse_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter

_CONDITION_FAILED = "ConditionalCheckFailedException"
_TRIES = 3


def counter_id(dni: str) -> str:
    return f"registration#{dni}"


def paused_until(dni: str) -> datetime | None:
    """Key condition: ``counter_id = registration#<dni>`` (strongly consistent)."""
    try:
        counter = Counter.get(counter_id(dni), consistent_read=True)
    except DoesNotExist:
        return None
    return parse_instant(counter.locked_until) if counter.locked_until else None


def _not_paused(now: str) -> Condition:
    free: Condition = Counter.locked_until.does_not_exist() | (Counter.locked_until <= now)
    return free


def add_failure(dni: str, now: datetime, window_cutoff: datetime, expires_at: datetime) -> int:
    """Count one failure: a new window holding it when none is open, else one more in the open
    window. Returns the window's count after it."""
    started, cutoff = iso_instant(now), iso_instant(window_cutoff)
    for _ in range(_TRIES):  # the window may close or open between the two writes
        try:
            Counter(counter_id=counter_id(dni), value=1, window_started_at=started,
                    expires_at=expires_at).save(
                condition=(Counter.window_started_at.does_not_exist()
                           | (Counter.window_started_at <= cutoff)) & _not_paused(started))
            return 1
        except PutError as error:
            if error.cause_response_code != _CONDITION_FAILED:
                raise
        counter = Counter(counter_id=counter_id(dni))
        try:
            counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)],
                           condition=Counter.window_started_at > cutoff)
            return int(counter.value)
        except UpdateError as error:
            if error.cause_response_code != _CONDITION_FAILED:
                raise
    return 0


def pause(dni: str, now: datetime, until: datetime, expires_at: datetime) -> bool:
    """Pause the DNI's self-registration until ``until``; False when already paused."""
    try:
        Counter(counter_id=counter_id(dni)).update(
            actions=[Counter.locked_until.set(iso_instant(until)),
                     Counter.expires_at.set(expires_at)],
            condition=_not_paused(iso_instant(now)))
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return False
    return True
