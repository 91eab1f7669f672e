"""The audit table: append-only writes (every capability) and the indexed reads of the admin's
viewer and CSV export.

Every read is a Query: by actor (index ``by_actor``) or by action (index ``by_action``) with
``event_key BETWEEN :from AND :to``, else one Query per UTC day partition, newest day first,
with the same key range. ``event_key`` is ``<instant>#<id>``, so ``"<start>"`` ≤ key ≤
``"<last instant>~"`` spans exactly the instants asked for: the Lima days of docs/time.md, which
straddle two UTC partitions each.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared import clock
from chalicelib.domain.shared.audit import RETENTION_DAYS, AuditEvent
from chalicelib.store.shared.models import AuditModel
from chalicelib.store.shared.paging import Key, Page, Segment, read_page
from chalicelib.store.shared.round_trips import Write


def event_key_instant(moment: datetime) -> str:
    """The instant part of an ``event_key``: microseconds, so keys sort in time order."""
    return f"{moment.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%f')}Z"


def append(event: AuditEvent) -> None:
    """Put a new record; the condition makes an overwrite impossible even by key collision."""
    _record(event).save(condition=AuditModel.day.does_not_exist())


def append_write(event: AuditEvent) -> Write:
    """``append`` as part of the transaction of the change it records (issue 19)."""
    def add(transaction: TransactWrite) -> None:
        transaction.save(_record(event), condition=AuditModel.day.does_not_exist())

    return Write("audit", add)


def _record(event: AuditEvent) -> AuditModel:
    instant = clock.iso_instant(event.at)
    return AuditModel(
        day=instant[:10],
        event_key=f"{event_key_instant(event.at)}#{uuid.uuid4().hex}",
        at=instant,
        actor_id=event.actor_id,
        role=event.role,
        action=event.action,
        target=event.target or "-",
        outcome=event.outcome,
        ip=event.ip or "-",
        user_agent=(event.user_agent or "-")[:300],
        details=json.dumps(event.details, ensure_ascii=False) if event.details else None,
        expires_at=event.at + timedelta(days=RETENTION_DAYS),
        subject_id=event.subject_id,
    )


def records_of_day(day: str, limit: int = 100) -> list[AuditModel]:
    """Key condition: ``day = :day``, newest first."""
    return list(AuditModel.query(day, scan_index_forward=False, limit=limit))


# --- the admin's viewer and CSV export --------------------------------------------------------

_TABLE_KEYS = frozenset({"day", "event_key"})


def _filters(action: str | None, target: str | None) -> Condition | None:
    condition: Condition | None = None
    if action:
        condition = AuditModel.action == action
    if target:
        by_target = AuditModel.target.startswith(target)
        condition = by_target if condition is None else condition & by_target
    return condition


def _instants(start: datetime, end: datetime) -> Condition:
    """``event_key`` of every record at an instant in ``[start, end)``."""
    last = end - timedelta(microseconds=1)
    return AuditModel.event_key.between(event_key_instant(start), f"{event_key_instant(last)}~")


def _index_segment(index: Any, attribute: str, value: str, key_range: Condition,
                   condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, key_range, filter_condition=condition,
                           scan_index_forward=False, limit=limit, last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_TABLE_KEYS | {attribute}, run=run)


def _day_segment(day: str, key_range: Condition, condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return AuditModel.query(day, key_range, filter_condition=condition,
                                scan_index_forward=False, limit=limit, last_evaluated_key=start)

    return Segment(name=f"day:{day}", hash_attribute="day", hash_value=day,
                   key_attributes=_TABLE_KEYS, run=run)


def segments(*, span: tuple[datetime, datetime], actor: str | None, action: str | None,
             target: str | None) -> list[Segment]:
    """The Queries that answer a filter over the instants ``span = [start, end)``: by actor
    (action and target as filters), by action (target as a filter) or each UTC day partition
    the span touches, newest first (action and target as filters)."""
    key_range = _instants(*span)
    if actor:
        return [_index_segment(AuditModel.by_actor, "actor_id", actor, key_range,
                               _filters(action, target))]
    if action:
        return [_index_segment(AuditModel.by_action, "action", action, key_range,
                               _filters(None, target))]
    condition = _filters(None, target)
    return [_day_segment(day.isoformat(), key_range, condition)
            for day in reversed(clock.utc_days_touched(*span))]


def page(found: list[Segment], limit: int, cursor: str | None) -> Page[AuditModel]:
    return read_page(found, limit, cursor)
