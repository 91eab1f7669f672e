"""Routing rules and turns (table ``routing_rules``; ``routing_turn#`` counters in ``counters``),
and the unassigned cases a shared queue shows.

Every read is a GetItem, a BatchGetItem on known keys, or a Query on an index: no Scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition

from chalicelib.domain.shared.routing import Kind, Mode, Rule, turn_counter_id
from chalicelib.store.shared.models import (
    ApplicationModel,
    CounterModel,
    RoutingRuleModel,
    TicketModel,
)

QUEUE_READ_LIMIT = 200
"""At most this many unassigned cases are read per queue list (oldest first): a shared queue is
work waiting to be taken, not an archive."""


def _rule(item: RoutingRuleModel) -> Rule:
    kind, _, key = item.queue_id.partition("#")
    return Rule(kind=Kind(kind), key=key, mode=Mode(item.mode),
                operators=tuple(str(user) for user in (item.operators or [])),
                updated_at=item.updated_at, updated_by=item.updated_by)


def rule(kind: Kind, key: str) -> Rule | None:
    """Key condition: ``queue_id = :q`` (consistent: a rule just changed applies at once)."""
    try:
        item = RoutingRuleModel.get(f"{kind.value}#{key}", consistent_read=True)
    except DoesNotExist:
        return None
    return _rule(item)


def rules(queue_ids: Iterable[str]) -> list[Rule]:
    """BatchGetItem on the queues named (the categories and the catalogue's products)."""
    wanted = sorted(set(queue_ids))
    return [_rule(item) for item in RoutingRuleModel.batch_get(wanted)] if wanted else []


def save(rule_to_save: Rule) -> None:
    """PutItem of the whole rule (the last admin's word wins; each change is audited)."""
    RoutingRuleModel(queue_id=rule_to_save.queue_id, mode=rule_to_save.mode.value,
                     operators=list(rule_to_save.operators),
                     updated_at=rule_to_save.updated_at,
                     updated_by=rule_to_save.updated_by).save()


def next_turn(kind: Kind, key: str) -> int:
    """Atomic ``ADD 1`` on the queue's turn counter (UpdateItem, ALL_NEW): two arrivals at once
    get two different turns, so they go to two different operators."""
    counter = CounterModel(counter_id=turn_counter_id(kind, key))
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


# --- what a shared queue shows ----------------------------------------------------------------


def _oldest_first(index: Any, status: str, condition: Condition) -> Iterator[Any]:
    items: Iterator[Any] = index.query(status, filter_condition=condition,
                                       scan_index_forward=True, page_size=QUEUE_READ_LIMIT)
    return items


def unassigned_tickets(categories: Iterable[str]) -> list[TicketModel]:
    """Index ``by_status``: ``status = open``, oldest first, filter ``attribute_not_exists
    (assignee_id) AND category IN (:c...)``; at most ``QUEUE_READ_LIMIT`` items."""
    wanted = sorted(set(categories))
    if not wanted:
        return []
    condition = TicketModel.assignee_id.does_not_exist() & TicketModel.category.is_in(*wanted)
    items = _oldest_first(TicketModel.by_status, "open", condition)
    return [item for _, item in zip(range(QUEUE_READ_LIMIT), items, strict=False)]


def unassigned_applications() -> list[ApplicationModel]:
    """Index ``by_status``: ``status = received``, oldest first, filter ``attribute_not_exists
    (assignee_id)``; at most ``QUEUE_READ_LIMIT`` items (the product is read from each item by
    the caller: older items keep it only inside ``data``)."""
    condition = ApplicationModel.assignee_id.does_not_exist()
    items = _oldest_first(ApplicationModel.by_status, "received", condition)
    return [item for _, item in zip(range(QUEUE_READ_LIMIT), items, strict=False)]
