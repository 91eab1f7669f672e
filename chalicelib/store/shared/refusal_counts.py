"""Refusals per principal and window (``security_counters``, ``refusals#<principal>#<window>``,
with TTL): the count behind domain.shared.refusal_audit's budget.

Counting is one UpdateItem, ``ADD value 1`` returning the new value: DynamoDB applies concurrent
ADDs one at a time, so every refusal of a window gets its own number and exactly one sees the
first number past the budget (that one writes the notice). It is the only write the business
functions may make on the table, limited by IAM to the ``refusals#`` keys.
"""

from __future__ import annotations

import logging
from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.store.shared.models import SecurityCounterModel as Counter

logger = logging.getLogger(__name__)


def count(counter_id: str, expires_at: datetime) -> int | None:
    """Count one refusal under ``counter_id``; returns the window's count after it, or None when
    the write failed (the refusal is then recorded: a budget must never cost a record or turn a
    refusal into a 500)."""
    counter = Counter(counter_id=counter_id)
    try:
        counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)])
    except UpdateError:
        logger.exception("refusal budget %s could not be counted; recording the refusal",
                         counter_id)
        return None
    return int(counter.value)
