"""The members' alerts job's reads and writes (issue 18): the products due in a window of dates
(index ``member_products.by_due_date``, one Query per shard) and the once-mark of each alert
(``counters``, ``alert#…``, a conditional PutItem with a TTL). No Scan."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from pynamodb.exceptions import PutError

from chalicelib.domain.accounts.member_alerts import MARK_PREFIX, DueEntry
from chalicelib.store.shared.models import CounterModel, MemberProductItemModel

SHARDS = tuple(str(digit) for digit in range(10))
"""``due_shard = <product>#<DNI's last digit>``: one kind's items spread over ten partitions."""


@dataclass(frozen=True)
class DueProduct:
    dni: str
    product: str
    product_id: str
    entry: DueEntry


def due_between(product: str, first: date, last: date) -> Iterator[DueProduct]:
    """Index ``by_due_date``: ``due_shard = "<product>#<0..9>" AND due_on BETWEEN :first AND
    :last`` (ten Queries; projection: keys and ``due_alert``)."""
    prefix = f"P#{product}#"
    for shard in SHARDS:
        query = MemberProductItemModel.by_due_date.query(
            f"{product}#{shard}",
            MemberProductItemModel.due_on.between(first.isoformat(), last.isoformat()))
        for item in query:
            if not item.item_key.startswith(prefix) or not item.due_on:
                continue
            yield DueProduct(dni=item.dni, product=product,
                             product_id=item.item_key[len(prefix):],
                             entry=DueEntry.from_json(item.due_on,
                                                      json.loads(item.due_alert or "{}")))


def claim(mark: str, expires_on: date) -> bool:
    """PutItem ``attribute_not_exists(counter_id)``: True the first time this alert is claimed,
    False when a run (this one or an earlier) already sent it."""
    if not mark.startswith(MARK_PREFIX):
        raise ValueError(f"an alert mark starts with {MARK_PREFIX!r}: {mark!r}")
    item = CounterModel(counter_id=mark, value=1,
                        expires_at=datetime.combine(expires_on, time(0), tzinfo=UTC))
    try:
        item.save(condition=CounterModel.counter_id.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
