"""The Libro de Reclamaciones (table ``complaints``; ``complaint_seq#<year>`` in ``counters``).

Every read is a GetItem or a Query on a key or an index (docs/data-model.md): no Scan. Items
map to ``domain.complaints.complaint.Complaint`` here, so pynamodb never leaves the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.domain.complaints.complaint import (
    Complaint,
    Consumer,
    DocumentType,
    Kind,
    NewComplaint,
    Product,
    Status,
    retention_until,
    sequence_counter_id,
)
from chalicelib.domain.shared.clock import iso_instant, parse_instant
from chalicelib.domain.shared.errors import Conflict
from chalicelib.store.shared.models import ComplaintModel, CounterModel

OPEN_QUEUE = "open"
PAGE_SIZE = 100


class CodeTaken(Exception):
    """The code is already a sheet's: the counter was behind (never two sheets per code)."""


def next_sequence(year: int) -> int:
    """Atomic ``ADD 1`` on ``complaint_seq#<year>`` (UpdateItem, ALL_NEW): concurrent filings
    get different numbers."""
    counter = CounterModel(counter_id=sequence_counter_id(year))
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


def create(complaint: Complaint) -> None:
    """PutItem conditioned on ``attribute_not_exists(code)``; raises ``CodeTaken``."""
    item = _item(complaint)
    try:
        item.save(condition=ComplaintModel.code.does_not_exist())
    except PutError as error:
        if _condition_failed(error):
            raise CodeTaken(complaint.code) from None
        raise


def find(code: str) -> Complaint | None:
    """GetItem (consistent: a filing or answer just made shows at once)."""
    if not code:
        return None
    try:
        return _complaint(ComplaintModel.get(code, consistent_read=True))
    except DoesNotExist:
        return None


def open_complaints() -> Iterator[Complaint]:
    """Index ``open_by_due``: ``open_queue = open``, earliest due date first."""
    for item in ComplaintModel.open_by_due.query(OPEN_QUEUE, page_size=PAGE_SIZE):
        yield _complaint(item)


def assigned_to(user_id: str) -> Iterator[Complaint]:
    """Index ``by_assignee``: ``assignee_id = :u``, earliest due date first."""
    for item in ComplaintModel.by_assignee.query(user_id, page_size=PAGE_SIZE):
        yield _complaint(item)


def of_member(user_id: str) -> Iterator[Complaint]:
    """Index ``by_member``: the sheets a signed-in member filed, newest first."""
    for item in ComplaintModel.by_member.query(user_id, scan_index_forward=False,
                                               page_size=PAGE_SIZE):
        yield _complaint(item)


def received_between(start: date, end: date) -> Iterator[Complaint]:
    """Index ``by_month``: one Query per Lima month touched, ``received_key BETWEEN
    :start AND :end~``; oldest first, both days included."""
    for month in _months(start, end):
        condition = ComplaintModel.received_key.between(start.isoformat(),
                                                        f"{end.isoformat()}~")
        for item in ComplaintModel.by_month.query(month, condition, page_size=PAGE_SIZE):
            yield _complaint(item)


def save_assignment(complaint: Complaint) -> None:
    """UpdateItem of the assignee, status and history, only while the sheet is unanswered."""
    if complaint.assignee_id is None:
        raise ValueError("an assignment names its assignee")
    _update(complaint, [ComplaintModel.assignee_id.set(complaint.assignee_id),
                        ComplaintModel.status.set(complaint.status.value),
                        ComplaintModel.data.set(_data(complaint))])


def save_answer(complaint: Complaint) -> None:
    """UpdateItem of the answer: leaves the open queue, starts the retention period (TTL no
    earlier than two years on), only while the sheet is unanswered (two answers never both
    win)."""
    answered_at = complaint.answered_at or complaint.received_at
    _update(complaint, [ComplaintModel.status.set(complaint.status.value),
                        ComplaintModel.answered_at.set(iso_instant(answered_at)),
                        ComplaintModel.open_queue.remove(),
                        ComplaintModel.expires_at.set(retention_until(answered_at)),
                        ComplaintModel.data.set(_data(complaint))])


def _update(complaint: Complaint, actions: list[Any]) -> None:
    try:
        ComplaintModel(complaint.code).update(
            actions=actions,
            condition=(ComplaintModel.code.exists()
                       & (ComplaintModel.status != Status.ANSWERED.value)))
    except UpdateError as error:
        if _condition_failed(error):
            raise Conflict("Esta hoja ya fue respondida.", code="already_answered") from None
        raise


def _condition_failed(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


def _months(start: date, end: date) -> list[str]:
    months: list[str] = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day.strftime("%Y-%m"))
        day = (day + timedelta(days=32)).replace(day=1)
    return months


# --- mapping ------------------------------------------------------------------------------


def _item(complaint: Complaint) -> ComplaintModel:
    received_on = complaint.received_on.isoformat()
    due_on = complaint.due_on.isoformat()
    received_at = iso_instant(complaint.received_at)
    return ComplaintModel(
        complaint.code, status=complaint.status.value, kind=complaint.sheet.kind.value,
        product=complaint.sheet.product.value, received_at=received_at,
        received_on=received_on, received_month=received_on[:7],
        received_key=f"{received_on}#{received_at}#{complaint.code}", due_on=due_on,
        due_key=f"{due_on}#{complaint.code}",
        open_queue=OPEN_QUEUE if complaint.is_open else None, member_id=complaint.member_id,
        assignee_id=complaint.assignee_id, data=_data(complaint))


def _data(complaint: Complaint) -> str:
    sheet, consumer = complaint.sheet, complaint.sheet.consumer
    return json.dumps({
        "consumer": {"full_name": consumer.full_name,
                     "document_type": consumer.document_type.value,
                     "document_number": consumer.document_number,
                     "address": consumer.address, "phone": consumer.phone,
                     "email": consumer.email, "guardian_name": consumer.guardian_name},
        "amount": None if sheet.amount is None else str(sheet.amount),
        "detail": sheet.detail, "request": sheet.request,
        "accepts_email_answer": sheet.accepts_email_answer,
        "assignee_name": complaint.assignee_name, "answer": complaint.answer,
        "answered_by": complaint.answered_by, "history": list(complaint.history),
    }, ensure_ascii=False)


def _complaint(item: ComplaintModel) -> Complaint:
    data = json.loads(item.data)
    person = data["consumer"]
    consumer = Consumer(full_name=person["full_name"],
                        document_type=DocumentType(person["document_type"]),
                        document_number=person["document_number"], address=person["address"],
                        phone=person["phone"], email=person["email"],
                        guardian_name=person.get("guardian_name"))
    amount = data.get("amount")
    sheet = NewComplaint(consumer=consumer, product=Product(item.product),
                         amount=None if amount is None else Decimal(amount),
                         kind=Kind(item.kind), detail=data["detail"], request=data["request"],
                         accepts_email_answer=bool(data.get("accepts_email_answer", True)))
    return Complaint(
        code=item.code, sheet=sheet, status=Status(item.status),
        received_at=parse_instant(item.received_at),
        received_on=date.fromisoformat(item.received_on),
        due_on=date.fromisoformat(item.due_on), member_id=item.member_id,
        assignee_id=item.assignee_id, assignee_name=data.get("assignee_name"),
        answer=data.get("answer"), answered_at=_instant(item.answered_at),
        answered_by=data.get("answered_by"), history=tuple(data.get("history") or ()))


def _instant(text: str | None) -> datetime | None:
    return parse_instant(text) if text else None

