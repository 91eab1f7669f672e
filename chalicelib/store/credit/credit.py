"""Credit products, applications and their figures (tables ``credit_products``,
``credit_applications``, ``credit_application_history``, ``counters``).

Every read is a GetItem, a BatchGetItem or a Query on a key or index. Every change to an
application is written on the ``version`` the caller read (optimistic locking) in one transaction
with the history line it adds and the dashboard counters it moves, so the counters never drift
from the applications and no line is written for a change that was not.

A DynamoDB item holds 400 KB at most, so what grows with the workflow (the history, and the
observations it carries) is never kept inside the application: each line is its own item, keyed
by the application and its position, and read back with one Query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import reduce
from operator import and_
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.domain.credit.application import Change, CreditApplication, Submitted
from chalicelib.domain.credit.applications import (
    ADMIN_LIST_ORDER,
    WAITING_FOR_STAFF,
    Status,
    duplicate_application,
)
from chalicelib.domain.credit.products import CatalogueEntry, product_from_dict
from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.domain.shared.errors import Conflict
from chalicelib.store.shared import aws, daily_quotas, staff_lists
from chalicelib.store.shared.conflicts import conflicts_as
from chalicelib.store.shared.models import (
    ApplicationHistoryModel,
    ApplicationModel,
    CounterModel,
    CreditProductModel,
)
from chalicelib.store.shared.paging import Key, Page, Segment, read_page

APPLICATION_SEQUENCE = "seq#applications"
_CLAIM_POSITION = 2
"""The open claim follows the application and its history line in a create's transaction, and
the member's daily quota follows the claim."""
PRODUCTS_LISTING = "products"

_Claim = Callable[[TransactWrite], None]


# --- products -----------------------------------------------------------------------------


def product(code: str) -> CreditProductModel | None:
    """Key condition: ``code = :c`` (consistent: the version read is the latest)."""
    try:
        return CreditProductModel.get(code, consistent_read=True)
    except DoesNotExist:
        return None


def catalogue() -> list[CreditProductModel]:
    """Index ``by_listing``: ``listing = "products"``, in code order (the whole catalogue)."""
    return list(CreditProductModel.by_listing.query(PRODUCTS_LISTING))


def save_product(model: CreditProductModel) -> None:
    """PutItem on the version read (a new product: only if the code is still free)."""
    with conflicts_as():
        model.save()


def to_entry(model: CreditProductModel) -> CatalogueEntry:
    stored: dict[str, Any] = json.loads(model.data)
    return CatalogueEntry(product=product_from_dict(model.code, stored), stored=stored,
                          version=None if model.version is None else int(model.version),
                          updated_at=model.updated_at)


def catalogue_entry(code: str) -> CatalogueEntry | None:
    """``product`` as the domain's entry."""
    model = product(code)
    return None if model is None else to_entry(model)


def catalogue_entries() -> list[CatalogueEntry]:
    """``catalogue`` as the domain's entries."""
    return [to_entry(model) for model in catalogue()]


def save_catalogue_entry(code: str, stored: Mapping[str, Any], *, read_version: int | None,
                         updated_at: str, updated_by: str) -> CatalogueEntry:
    """Write the product's fields on the version read (``None``: a new product, only if the
    code is still free); 409 ``concurrent_update`` when it changed meanwhile."""
    model = CreditProductModel(code=code, data=json.dumps(dict(stored), ensure_ascii=False),
                               updated_at=updated_at, updated_by=updated_by)
    if read_version is not None:
        model.version = read_version
    save_product(model)
    return to_entry(model)


# --- applications -------------------------------------------------------------------------


def next_application_number() -> int:
    """Atomic ``ADD 1`` on the sequence (UpdateItem, ALL_NEW): no two applications share a
    number, however many are sent at once."""
    counter = CounterModel(counter_id=APPLICATION_SEQUENCE)
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


def application(application_id: str) -> ApplicationModel | None:
    """Key condition: ``application_id = :id`` (consistent: the version read is the latest)."""
    try:
        return ApplicationModel.get(application_id, consistent_read=True)
    except DoesNotExist:
        return None


def history(application_id: str) -> list[dict[str, Any]]:
    """Key condition: ``application_id = :id``, in position order (consistent, as the
    application's GetItem: the lines of the version just read)."""
    items = ApplicationHistoryModel.query(application_id, consistent_read=True,
                                          scan_index_forward=True)
    return [json.loads(item.data) for item in items]


def _line(application_id: str, position: int, line: Mapping[str, Any]) -> ApplicationHistoryModel:
    return ApplicationHistoryModel(application_id=application_id, position=position,
                                   data=json.dumps(line, ensure_ascii=False,
                                                   separators=(",", ":")))


def _write(model: ApplicationModel, counters: Mapping[str, int], line: ApplicationHistoryModel,
           condition: Condition | None = None, claim: _Claim | None = None) -> None:
    """The application (on its version), its new history line (on a free position), its open
    claim's write or release and its counters' ``ADD``s, all or nothing."""
    with conflicts_as(), TransactWrite(connection=aws.transactions()) as transaction:
        transaction.save(model, condition=condition)
        transaction.save(line, condition=ApplicationHistoryModel.position.does_not_exist())
        if claim is not None:
            claim(transaction)
        for counter_id, delta in counters.items():
            transaction.update(CounterModel(counter_id=counter_id),
                               actions=[CounterModel.value.add(delta)])


def _claimed_by(claim_id: str) -> int | None:
    """Key condition: ``counter_id = credit#open#...`` (consistent): the open application's
    number, or ``None`` when nothing holds the claim."""
    try:
        return int(CounterModel.get(claim_id, consistent_read=True).value)
    except DoesNotExist:
        return None


def create_application(model: ApplicationModel, counters: Mapping[str, int],
                       first_line: Mapping[str, Any], claim_id: str, quota: DailyQuota) -> None:
    """TransactWriteItems: PutItem ``attribute_not_exists(application_id)`` + the history's
    line 0 + PutItem of the open claim ``attribute_not_exists(counter_id)`` + the member's daily
    quota (``store.shared.daily_quotas``) + counter ADDs. The claim and the quota are two extra
    writes per application, so neither identical applications nor more than the day's limit
    sent at once can pass. A taken claim is the 409 ``duplicate_application`` naming the open
    one (one GetItem); a spent quota the 429 ``daily_limit_reached``."""
    claim = CounterModel(counter_id=claim_id, value=int(model.number))

    def claim_and_count(transaction: TransactWrite) -> None:
        transaction.save(claim, condition=CounterModel.counter_id.does_not_exist())
        daily_quotas.take(transaction, quota)

    try:
        _write(model, counters, _line(model.application_id, 0, first_line),
               ApplicationModel.application_id.does_not_exist(), claim_and_count)
    except Conflict as conflict:
        cause = conflict.__cause__
        if isinstance(cause, TransactWriteError):
            if daily_quotas.failed_at(cause, _CLAIM_POSITION):
                raise duplicate_application(_claimed_by(claim_id)) from cause
            if daily_quotas.failed_at(cause, _CLAIM_POSITION + 1):
                raise quota.refusal() from cause
        raise


def save_application(model: ApplicationModel, counters: Mapping[str, int], *,
                     line: Mapping[str, Any], position: int,
                     release_claim: str | None = None) -> None:
    """TransactWriteItems: PutItem on ``version = :read`` + PutItem of the history line at
    ``position`` (``attribute_not_exists``) + counter ADDs; a concurrent change by someone else
    makes it a 409 ``concurrent_update`` and writes nothing. A change that finishes the
    application also deletes its open claim (one GetItem first and one more write: only the
    claim that holds this application's number, as one written before claims existed holds
    none)."""
    release = None
    if release_claim is not None and _claimed_by(release_claim) == int(model.number):
        def release(transaction: TransactWrite) -> None:
            transaction.delete(CounterModel(counter_id=release_claim),
                               condition=CounterModel.value == int(model.number))
    _write(model, counters, _line(model.application_id, position, line), claim=release)


def counters(counter_ids: Iterable[str]) -> dict[str, int]:
    """BatchGetItem of the dashboard counters; one never written counts 0."""
    wanted = sorted(set(counter_ids))
    values = {counter_id: 0 for counter_id in wanted}
    for counter in CounterModel.batch_get(wanted):
        values[counter.counter_id] = int(counter.value or 0)
    return values


# --- lists --------------------------------------------------------------------------------

_INDEX_KEYS = {
    "member_id": frozenset({"application_id", "member_id", "created_at"}),
    "assignee_id": frozenset({"application_id", "assignee_id", "created_at"}),
    "status": frozenset({"application_id", "status", "created_at"}),
}


def _segment(index: Any, attribute: str, value: str, condition: Condition | None,
             waited_before: str | None = None) -> Segment:
    """``waited_before`` adds the key condition ``created_at <= :cutoff``: a case waits at most
    since its creation, so none created later can have waited that long."""
    range_condition = (None if waited_before is None
                       else ApplicationModel.created_at <= waited_before)

    def run(limit: int, start: Key | None) -> Any:
        return index.query(value, range_key_condition=range_condition,
                           filter_condition=condition, scan_index_forward=False,
                           limit=limit, last_evaluated_key=start)

    return Segment(name=f"{attribute}:{value}", hash_attribute=attribute, hash_value=value,
                   key_attributes=_INDEX_KEYS[attribute], run=run)


def waiting_condition(waited_before: str) -> Condition:
    """``CreditApplication.waiting_since`` at or before the cutoff, as a FilterExpression: in a
    state where the staff owes the next step, status changed by then (an older application
    without ``status_changed_at``: updated by then)."""
    changed = ApplicationModel.status_changed_at
    condition: Condition = (
        ApplicationModel.status.is_in(*(status.value for status in WAITING_FOR_STAFF))
        & ((changed <= waited_before)
           | (changed.does_not_exist() & (ApplicationModel.updated_at <= waited_before))))
    return condition


def _filters(status: Status | None, product: str | None = None,
             waited_before: str | None = None) -> Condition | None:
    conditions: list[Condition] = []
    if status is not None:
        conditions.append(ApplicationModel.status == status.value)
    if product is not None:
        conditions.append(ApplicationModel.product_code == product)
    if waited_before is not None:
        conditions.append(waiting_condition(waited_before))
    combined: Condition | None = reduce(and_, conditions) if conditions else None
    return combined


def _status_filter(status: Status | None) -> Condition | None:
    return _filters(status)


def of_member(member_id: str, *, status: Status | None, limit: int,
              cursor: str | None) -> Page[ApplicationModel]:
    """Index ``by_member``: ``member_id = :m``, newest first; status as a filter."""
    segment = _segment(ApplicationModel.by_member, "member_id", member_id,
                       _status_filter(status))
    return read_page([segment], limit, cursor)


def of_assignee(assignee_id: str, *, status: Status | None, limit: int, cursor: str | None,
                product: str | None = None,
                waited_before: str | None = None) -> Page[ApplicationModel]:
    """Index ``by_assignee``: ``assignee_id = :a``, newest first; status, credit type and
    waiting time as filters (waiting also as ``created_at <= :cutoff``)."""
    segment = _segment(ApplicationModel.by_assignee, "assignee_id", assignee_id,
                       _filters(status, product, waited_before), waited_before)
    return read_page([segment], limit, cursor)


def with_statuses(statuses: Sequence[Status], *, limit: int, cursor: str | None,
                  product: str | None = None,
                  waited_before: str | None = None) -> Page[ApplicationModel]:
    """Index ``by_status``: ``status = :s`` for each status in turn (the workflow's order, so
    the work waiting comes first), newest first within each; credit type and waiting time as
    filters (waiting also as ``created_at <= :cutoff``, and only the states that wait). More
    than one status: the same order from one Query of ``by_staff_order``
    (``store.shared.staff_lists``), the waiting cutoff as a filter."""
    if waited_before is not None:
        statuses = [status for status in statuses if status in WAITING_FOR_STAFF]
    condition = _filters(None, product, waited_before)
    if len(statuses) > 1:  # one Query of by_staff_order in the same order (issue 19)
        if waited_before is not None:
            waited = ApplicationModel.created_at <= waited_before
            condition = waited if condition is None else condition & waited
        return read_page([staff_lists.segment(ApplicationModel, "application_id",
                                              ADMIN_LIST_ORDER, statuses, condition)],
                         limit, cursor)
    segments = [_segment(ApplicationModel.by_status, "status", status.value, condition,
                         waited_before)
                for status in statuses]
    return read_page(segments, limit, cursor)


def count_waiting(waited_before: str, assignee_id: str | None) -> int:
    """``Select=COUNT`` of the applications waiting since ``waited_before`` or earlier: the
    assignee's ``by_assignee`` partition, or (``None``) each waiting state's ``by_status``
    partition, each with the key condition ``created_at <= :cutoff`` and the waiting filter.
    Billed for every item the key condition reads (those created before the cutoff)."""
    condition = waiting_condition(waited_before)
    if assignee_id is not None:
        index: Any = ApplicationModel.by_assignee
        return int(index.count(assignee_id, ApplicationModel.created_at <= waited_before,
                               filter_condition=condition))
    by_status: Any = ApplicationModel.by_status
    return sum(int(by_status.count(status.value, ApplicationModel.created_at <= waited_before,
                                   filter_condition=condition))
               for status in WAITING_FOR_STAFF)


def waiting_items(waited_before: str) -> list[ApplicationModel]:
    """Every application waiting since ``waited_before`` or earlier (the admins' daily summary):
    each waiting state's ``by_status`` partition with ``created_at <= :cutoff`` and the waiting
    filter, oldest first."""
    by_status: Any = ApplicationModel.by_status
    items = [item for status in WAITING_FOR_STAFF
             for item in by_status.query(status.value, ApplicationModel.created_at <= waited_before,
                                         filter_condition=waiting_condition(waited_before))]
    return sorted(items, key=lambda item: item.created_at)


# --- the repository of ``domain.credit.application.CreditApplication`` -----------------------
#
# The service works on the entity; these translate it to and from the items above and call the
# functions above, so every write keeps its condition (the ``version`` of the application the
# change started from), its history line and its counters in one transaction.

_MODELLED_DATA = frozenset({"member", "assignee", "product", "simulation", "history"})


def to_application(item: ApplicationModel) -> CreditApplication:
    """``data`` holds the member, assignee, product and simulation (and an old application's
    first history lines); what else it holds is kept as it is."""
    data: dict[str, Any] = json.loads(item.data)
    assignee = data.get("assignee") or {}
    return CreditApplication(
        application_id=item.application_id, number=int(item.number), member_id=item.member_id,
        member_name=data["member"]["name"], member_dni=data["member"].get("dni"),
        status=Status(item.status), product_code=data["product"]["code"],
        product_name=data["product"]["name"], simulation=data["simulation"],
        created_at=item.created_at, updated_at=item.updated_at,
        assignee_id=item.assignee_id, assignee_name=assignee.get("name"),
        decided_at=item.decided_at, earlier_history=tuple(data.get("history", [])),
        stored_extras={key: value for key, value in data.items() if key not in _MODELLED_DATA},
        version=None if item.version is None else int(item.version),
        status_changed_at=item.status_changed_at)


def _data_of(application: CreditApplication) -> str:
    assignee = None if application.assignee_id is None else {
        "id": application.assignee_id, "name": application.assignee_name}
    data: dict[str, Any] = {
        "member": {"name": application.member_name, "dni": application.member_dni},
        "assignee": assignee,
        "product": {"code": application.product_code, "name": application.product_name},
        "simulation": dict(application.simulation),
    }
    if application.earlier_history:
        data["history"] = [dict(line) for line in application.earlier_history]
    data.update(application.stored_extras)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def to_item(application: CreditApplication) -> ApplicationModel:
    """A new application has no ``version`` yet: its first save sets one."""
    item = ApplicationModel(
        application_id=application.application_id, number=application.number,
        member_id=application.member_id, assignee_id=application.assignee_id,
        status=application.status.value, created_at=application.created_at,
        updated_at=application.updated_at, decided_at=application.decided_at,
        data=_data_of(application), status_changed_at=application.status_changed_at,
        product_code=application.product_code, staff_list=staff_lists.PARTITION,
        staff_order=staff_lists.staff_order(ADMIN_LIST_ORDER, application.status.value,
                                            application.created_at))
    if application.version is not None:
        item.version = application.version
    return item


def _applications(page: Page[ApplicationModel]) -> Page[CreditApplication]:
    return Page([to_application(item) for item in page.items], page.next_cursor)


class DynamoApplications:
    """``services.credit.applications.ApplicationRepository`` on DynamoDB."""

    def next_number(self) -> int:
        return next_application_number()

    def create(self, submitted: Submitted, quota: DailyQuota) -> CreditApplication:
        item = to_item(submitted.application)
        create_application(item, submitted.counters, submitted.line,
                           submitted.application.open_claim_id, quota)
        return replace(submitted.application, version=int(item.version or 0))

    def load(self, application_id: str) -> CreditApplication | None:
        item = application(application_id)
        return None if item is None else to_application(item)

    def history(self, application_id: str) -> list[dict[str, Any]]:
        return history(application_id)

    def save(self, change: Change) -> CreditApplication:
        """The application after the change, written on the version of ``change.before``."""
        item = to_item(replace(change.application, version=change.before.version))
        save_application(item, change.counters, line=change.line, position=change.position,
                         release_claim=change.before.open_claim_id if change.finishes else None)
        return replace(change.application, version=int(item.version or 0))

    def counters(self, counter_ids: Iterable[str]) -> dict[str, int]:
        return counters(counter_ids)

    def of_member(self, member_id: str, *, status: Status | None, limit: int,
                  cursor: str | None) -> Page[CreditApplication]:
        return _applications(of_member(member_id, status=status, limit=limit, cursor=cursor))

    def of_assignee(self, assignee_id: str, *, status: Status | None, limit: int,
                    cursor: str | None, product: str | None = None,
                    waited_before: str | None = None) -> Page[CreditApplication]:
        return _applications(of_assignee(assignee_id, status=status, limit=limit,
                                         cursor=cursor, product=product,
                                         waited_before=waited_before))

    def with_statuses(self, statuses: Sequence[Status], *, limit: int, cursor: str | None,
                      product: str | None = None,
                      waited_before: str | None = None) -> Page[CreditApplication]:
        return _applications(with_statuses(statuses, limit=limit, cursor=cursor,
                                           product=product, waited_before=waited_before))

    def count_waiting(self, waited_before: str, assignee_id: str | None) -> int:
        return count_waiting(waited_before, assignee_id)
