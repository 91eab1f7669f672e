"""Cooldowns of caller-triggered e-mails (domain.shared.mail_cooldown) in ``security_counters``,
each
one conditional write, so simultaneous requests can never send more than the rules allow:

- ``mail_gap#<key>``: ``value`` is the epoch second of the last mail; a put succeeds only when
  there is none or it is at least the gap old;
- ``mail_hour#<key>#<hour start>``: ``ADD value 1`` only while ``value`` is under the limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter

_CONDITION_FAILED = "ConditionalCheckFailedException"


def take_gap(key: str, now: datetime, gap: timedelta) -> bool:
    """Record a mail now unless the last one for ``key`` is younger than ``gap``."""
    second, since = int(now.timestamp()), int((now - gap).timestamp())
    try:
        Counter(counter_id=f"mail_gap#{key}", value=second, expires_at=now + gap).save(
            condition=Counter.counter_id.does_not_exist() | (Counter.value <= since))
    except PutError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return False
    return True


def take_hourly(key: str, hour_start: datetime, limit: int, expires_at: datetime) -> bool:
    """Count a mail in ``key``'s hour unless ``limit`` are counted already."""
    counter = Counter(counter_id=f"mail_hour#{key}#{iso_instant(hour_start)}")
    try:
        counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)],
                       condition=Counter.value.does_not_exist() | (Counter.value < limit))
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        return False
    return True
