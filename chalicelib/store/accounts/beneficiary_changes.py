"""Beneficiary-change requests (table ``beneficiary_changes``; the open claim, the sequence and
the daily quota in ``counters``).

Every read is a GetItem or a Query on a key or index. A new request is one transaction: the
request (``attribute_not_exists``), its plan's open claim (``attribute_not_exists``: one open
request per member and plan) and the member's daily quota. Every later change is written on the
``version`` read, and the decision that closes the request releases its claim in the same
transaction.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.domain.accounts.beneficiary_change import (
    ADMIN_LIST_ORDER,
    Beneficiary,
    BeneficiaryChange,
    Status,
    duplicate_request,
)
from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.products import FAMILY_BENEFIT
from chalicelib.store.shared import aws, daily_quotas, staff_lists
from chalicelib.store.shared.conflicts import conflicts_as
from chalicelib.store.shared.models import (
    BeneficiaryChangeModel,
    CounterModel,
    MemberProductItemModel,
)
from chalicelib.store.shared.paging import Key, Page, Segment, read_page

SEQUENCE = "seq#beneficiary_changes"
_CLAIM_POSITION = 1
_INDEX_KEYS = {
    "member_id": frozenset({"change_id", "member_id", "created_at"}),
    "assignee_id": frozenset({"change_id", "assignee_id", "created_at"}),
    "status": frozenset({"change_id", "status", "created_at"}),
}


def next_number() -> int:
    """Atomic ``ADD 1`` on the sequence (UpdateItem, ALL_NEW)."""
    counter = CounterModel(counter_id=SEQUENCE)
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


def _claimed_by(claim_id: str) -> int | None:
    """GetItem of the open claim (consistent): the open request's number, if any."""
    try:
        return int(CounterModel.get(claim_id, consistent_read=True).value)
    except DoesNotExist:
        return None


# --- entity ↔ item ------------------------------------------------------------------------


def to_change(item: BeneficiaryChangeModel) -> BeneficiaryChange:
    data: dict[str, Any] = json.loads(item.data)
    return BeneficiaryChange(
        change_id=item.change_id, number=int(item.number), member_id=item.member_id,
        member_name=data["member"]["name"], member_dni=data["member"].get("dni"),
        plan_id=item.plan_id, plan_number=data["plan_number"], status=Status(item.status),
        beneficiaries=tuple(Beneficiary.from_dict(b) for b in data["beneficiaries"]),
        created_at=item.created_at, updated_at=item.updated_at,
        history=tuple(data.get("history", [])), assignee_id=item.assignee_id,
        assignee_name=data.get("assignee_name"), decided_at=item.decided_at,
        version=None if item.version is None else int(item.version))


def to_item(change: BeneficiaryChange) -> BeneficiaryChangeModel:
    data = {"member": {"name": change.member_name, "dni": change.member_dni},
            "assignee_name": change.assignee_name, "plan_number": change.plan_number,
            "beneficiaries": [b.as_dict() for b in change.beneficiaries],
            "history": [dict(line) for line in change.history]}
    item = BeneficiaryChangeModel(
        change_id=change.change_id, number=change.number, member_id=change.member_id,
        assignee_id=change.assignee_id, status=change.status.value, plan_id=change.plan_id,
        created_at=change.created_at, updated_at=change.updated_at,
        decided_at=change.decided_at,
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        staff_list=staff_lists.PARTITION,
        staff_order=staff_lists.staff_order(ADMIN_LIST_ORDER, change.status.value,
                                            change.created_at))
    if change.version is not None:
        item.version = change.version
    return item


# --- writes -------------------------------------------------------------------------------


def create(change: BeneficiaryChange, quota: DailyQuota) -> BeneficiaryChange:
    """TransactWriteItems: PutItem ``attribute_not_exists(change_id)`` + PutItem of the open
    claim ``attribute_not_exists(counter_id)`` + the daily quota's conditional ADD. A taken
    claim is the 409 naming the open request; a spent quota the 429."""
    item = to_item(change)
    claim = CounterModel(counter_id=change.open_claim_id, value=change.number)
    try:
        with conflicts_as(), TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(item, condition=BeneficiaryChangeModel.change_id.does_not_exist())
            transaction.save(claim, condition=CounterModel.counter_id.does_not_exist())
            daily_quotas.take(transaction, quota)
    except Conflict as conflict:
        cause = conflict.__cause__
        if isinstance(cause, TransactWriteError):
            if daily_quotas.failed_at(cause, _CLAIM_POSITION):
                raise duplicate_request(_claimed_by(change.open_claim_id)) from cause
            if daily_quotas.failed_at(cause, _CLAIM_POSITION + 1):
                raise quota.refusal() from cause
        raise
    return replace(change, version=int(item.version or 0))


def save(before: BeneficiaryChange, after: BeneficiaryChange) -> BeneficiaryChange:
    """PutItem on the version read (409 ``concurrent_update`` when it changed meanwhile); a
    change that closes the request deletes its open claim in the same transaction (only the
    claim holding this request's number)."""
    item = to_item(replace(after, version=before.version))
    closes = before.is_open and not after.is_open
    with conflicts_as(), TransactWrite(connection=aws.transactions()) as transaction:
        transaction.save(item)
        if closes and _claimed_by(before.open_claim_id) == before.number:
            transaction.delete(CounterModel(counter_id=before.open_claim_id),
                               condition=CounterModel.value == before.number)
    return replace(after, version=int(item.version or 0))


def load(change_id: str) -> BeneficiaryChange | None:
    """GetItem ``change_id`` (consistent: the version read is the latest)."""
    try:
        return to_change(BeneficiaryChangeModel.get(change_id, consistent_read=True))
    except DoesNotExist:
        return None


# --- lists --------------------------------------------------------------------------------


def _segment(index: Any, attribute: str, value: str, condition: Condition | None) -> Segment:
    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, filter_condition=condition, scan_index_forward=False,
                           limit=limit, last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_INDEX_KEYS[attribute], run=run)


def _status_filter(status: Status | None) -> Condition | None:
    return None if status is None else BeneficiaryChangeModel.status == status.value


def _changes(page: Page[BeneficiaryChangeModel]) -> Page[BeneficiaryChange]:
    return Page([to_change(item) for item in page.items], page.next_cursor)


def of_member(member_id: str, *, status: Status | None, limit: int,
              cursor: str | None) -> Page[BeneficiaryChange]:
    """Index ``by_member``: ``member_id = :m``, newest first; status as a filter."""
    segment = _segment(BeneficiaryChangeModel.by_member, "member_id", member_id,
                       _status_filter(status))
    return _changes(read_page([segment], limit, cursor))


def of_assignee(assignee_id: str, *, status: Status | None, limit: int,
                cursor: str | None) -> Page[BeneficiaryChange]:
    """Index ``by_assignee``: ``assignee_id = :a``, newest first; status as a filter."""
    segment = _segment(BeneficiaryChangeModel.by_assignee, "assignee_id", assignee_id,
                       _status_filter(status))
    return _changes(read_page([segment], limit, cursor))


def with_statuses(statuses: list[Status], *, limit: int,
                  cursor: str | None) -> Page[BeneficiaryChange]:
    """Index ``by_status``: ``status = :s`` for each status in turn, newest first within
    each. More than one status: the same order from one Query of ``by_staff_order``
    (``store.shared.staff_lists``, issue 19)."""
    if len(statuses) > 1:
        return _changes(read_page([staff_lists.segment(
            BeneficiaryChangeModel, "change_id", ADMIN_LIST_ORDER, statuses, None)],
            limit, cursor))
    segments = [_segment(BeneficiaryChangeModel.by_status, "status", status.value, None)
                for status in statuses]
    return _changes(read_page(segments, limit, cursor))


# --- the plans as imported ----------------------------------------------------------------


def plans(keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """BatchGetItem of family-benefit plans by ``(dni, plan_id)``: each plan's stored document
    (the import writes it; this only reads). A plan not there is left out."""
    wanted = [(dni, f"P#{FAMILY_BENEFIT}#{plan_id}") for dni, plan_id in sorted(keys)]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in MemberProductItemModel.batch_get(wanted) if wanted else []:
        found[(item.dni, item.product_id or "")] = json.loads(item.data)
    return found
