"""The members' daily quotas (``domain.shared.daily_quota``) in the ``counters`` table: one
UpdateItem ``ADD value 1`` on ``daily#<kind>#<member>#<lima day>`` (TTL), conditioned on
``attribute_not_exists(value) OR value < :limit``, joined to the transaction that creates what it
counts (one extra write per creation), so a refused creation writes nothing."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.store.shared.models import CounterModel


def take(transaction: TransactWrite, quota: DailyQuota) -> None:
    transaction.update(CounterModel(counter_id=quota.counter_id),
                       actions=[CounterModel.value.add(1),
                                CounterModel.expires_at.set(quota.expires_at)],
                       condition=(CounterModel.value.does_not_exist()
                                  | (CounterModel.value < quota.limit)))


def failed_at(error: TransactWriteError, position: int) -> bool:
    """Whether the transaction's item at ``position`` is what cancelled it."""
    reasons = error.cancellation_reasons
    reason = reasons[position] if len(reasons) > position else None
    return reason is not None and reason.code == "ConditionalCheckFailed"
