"""The daily summary's once-a-day mark (table ``counters``, item ``daily-summary#<Lima day>``)."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import PutError

from chalicelib.store.shared.models import CounterModel


def day_mark_id(day: date) -> str:
    """Under the one key prefix the notifier may write in ``counters`` (infra: IAM
    ``dynamodb:LeadingKeys``)."""
    return f"daily-summary#{day.isoformat()}"


def claim_day(day: date) -> bool:
    """PutItem ``attribute_not_exists(counter_id)``: True for the first run of the Lima day, False
    for any later one (the summary is sent once even if the schedule fires twice)."""
    mark = CounterModel(counter_id=day_mark_id(day), value=1)
    try:
        mark.save(condition=CounterModel.counter_id.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
