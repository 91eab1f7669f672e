"""Indexed reads of the append-only audit table for the admin's viewer and CSV export.

Every read is a Query: by actor (index ``by_actor``) or by action (index ``by_action``) with
``event_key BETWEEN :from AND :to``, else one Query per UTC day partition, newest day first.
``event_key`` is ``<instant>#<id>``, so ``"<from>"`` ≤ key ≤ ``"<to>~"`` spans whole days.
"""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.store.models import AuditModel
from chalicelib.store.paging import Key, Page, Segment, read_page

_TABLE_KEYS = frozenset({"day", "event_key"})


def _filters(action: str | None, target: str | None) -> Condition | None:
    condition: Condition | None = None
    if action:
        condition = AuditModel.action == action
    if target:
        by_target = AuditModel.target.startswith(target)
        condition = by_target if condition is None else condition & by_target
    return condition


def _index_segment(index: Any, attribute: str, value: str, first_day: str, last_day: str,
                   condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, AuditModel.event_key.between(first_day, f"{last_day}~"),
                           filter_condition=condition, scan_index_forward=False, limit=limit,
                           last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_TABLE_KEYS | {attribute}, run=run)


def _day_segment(day: str, condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return AuditModel.query(day, filter_condition=condition, scan_index_forward=False,
                                limit=limit, last_evaluated_key=start)

    return Segment(name=f"day:{day}", hash_attribute="day", hash_value=day,
                   key_attributes=_TABLE_KEYS, run=run)


def segments(*, days_newest_first: list[str], actor: str | None, action: str | None,
             target: str | None) -> list[Segment]:
    """The Queries that answer a filter: by actor (action and target as filters), by action
    (target as a filter) or each day's partition (action and target as filters)."""
    first_day, last_day = days_newest_first[-1], days_newest_first[0]
    if actor:
        return [_index_segment(AuditModel.by_actor, "actor_id", actor, first_day, last_day,
                               _filters(action, target))]
    if action:
        return [_index_segment(AuditModel.by_action, "action", action, first_day, last_day,
                               _filters(None, target))]
    condition = _filters(None, target)
    return [_day_segment(day, condition) for day in days_newest_first]


def page(found: list[Segment], limit: int, cursor: str | None) -> Page[AuditModel]:
    return read_page(found, limit, cursor)


def logins_of_day(day: str) -> set[str]:
    """Query ``day = :d`` with a filter on sign-ins that started a session (their details carry
    ``remember``; a password step that still awaits TOTP does not), projecting the actor: the
    users who signed in that day. Reads the whole day's partition (RCUs grow with its size)."""
    condition = (AuditModel.action.is_in("auth.login", "auth.login_totp")
                 & (AuditModel.outcome == "success") & AuditModel.details.contains('"remember"'))
    return {record.actor_id for record in AuditModel.query(
        day, filter_condition=condition, attributes_to_get=["actor_id"])}
