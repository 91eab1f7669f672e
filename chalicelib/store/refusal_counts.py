"""Refusals per principal and window (``security_counters``, ``refusals#<principal>#<window>``,
with TTL): the count behind domain.refusal_audit's budget.

Counting is one UpdateItem, ``ADD value 1`` returning the new value: DynamoDB applies concurrent
ADDs one at a time, so every refusal of a window gets its own number and exactly one sees the
first number past the budget (that one writes the notice). It is the only write the business
functions may make on the table, limited by IAM to the ``refusals#`` keys.
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.store.models import SecurityCounterModel as Counter


def count(counter_id: str, expires_at: datetime) -> int:
    """Count one refusal under ``counter_id``; returns the window's count after it."""
    counter = Counter(counter_id=counter_id)
    counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)])
    return int(counter.value)
