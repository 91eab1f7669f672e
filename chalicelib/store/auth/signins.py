"""Who signed in on a Lima day, for the admin dashboard (``counters`` table, with TTL):
``signins#<lima day>`` holds how many users, ``signins#<lima day>#<user_id>`` marks a user as
counted. A sign-in is one TransactWrite: the marker's PutItem (``attribute_not_exists``) and
``ADD value 1`` on the day's count, so each user counts once a day however many sessions start
at once; a later sign-in of the same day is cancelled by the marker's condition and counts
nothing. The dashboard reads one GetItem, whatever the day's traffic."""

from __future__ import annotations

from datetime import date, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.store.shared import aws
from chalicelib.store.shared.models import CounterModel
from chalicelib.store.shared.round_trips import Write

_ALREADY_COUNTED = {"ConditionalCheckFailedException", "TransactionCanceledException"}


def day_id(day: date) -> str:
    return f"signins#{day.isoformat()}"


def marker_id(day: date, user_id: str) -> str:
    return f"{day_id(day)}#{user_id}"


COUNT = "signins"
"""The name of ``count_write`` in a transaction (``round_trips.Cancelled.failed``)."""


def count_write(day: date, user_id: str, expires_at: datetime) -> Write:
    """``count_once`` as part of a sign-in's transaction, when its reads found no marker: the
    marker's condition still holds the count to one (a sign-in counted meanwhile cancels the
    transaction with ``COUNT`` failed, and the caller commits without it)."""
    def add(transaction: TransactWrite) -> None:
        transaction.save(CounterModel(counter_id=marker_id(day, user_id), value=1,
                                      expires_at=expires_at),
                         condition=CounterModel.counter_id.does_not_exist())
        transaction.update(CounterModel(counter_id=day_id(day)),
                           actions=[CounterModel.value.add(1),
                                    CounterModel.expires_at.set(expires_at)])

    return Write(COUNT, add)


def count_once(day: date, user_id: str, expires_at: datetime) -> bool:
    """Count ``user_id`` among ``day``'s sign-ins unless counted already; True when counted."""
    marker = CounterModel(counter_id=marker_id(day, user_id), value=1, expires_at=expires_at)
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(marker, condition=CounterModel.counter_id.does_not_exist())
            transaction.update(CounterModel(counter_id=day_id(day)),
                               actions=[CounterModel.value.add(1),
                                        CounterModel.expires_at.set(expires_at)])
    except TransactWriteError as error:
        if error.cause_response_code in _ALREADY_COUNTED:
            return False
        raise
    return True


def of_day(day: date) -> int:
    """Key condition: ``counter_id = signins#<day>`` (one GetItem)."""
    try:
        return int(CounterModel.get(day_id(day)).value)
    except DoesNotExist:
        return 0
