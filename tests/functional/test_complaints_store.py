"""The Libro de Reclamaciones' table: correlative codes under concurrent filings, the queue,
the assignee's and the member's lists, and the book by reception date (all Queries)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.complaints.complaint import (
    Complaint,
    Status,
    complaint_code,
)
from chalicelib.domain.shared.errors import Conflict
from tests.functional.complaint_builders import a_sheet


def _complaint(code: str, received: date, due: date, **extra: object) -> Complaint:
    at = datetime(received.year, received.month, received.day, 15, tzinfo=UTC)
    return Complaint(code=code, sheet=a_sheet(), status=Status.RECEIVED, received_at=at,
                     received_on=received, due_on=due, **extra)  # type: ignore[arg-type]


def test_concurrent_sequences_never_repeat(aws: None, atomic_requests: None) -> None:
    from chalicelib.store.complaints import complaints

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda _: complaints.next_sequence(2026), range(40)))
    assert sorted(numbers) == list(range(1, 41))
    assert complaints.next_sequence(2027) == 1


def test_a_code_is_put_once(aws: None) -> None:
    from chalicelib.store.complaints import complaints

    first = _complaint("R-2026-000001", date(2026, 12, 1), date(2026, 12, 22))
    complaints.create(first)
    with pytest.raises(complaints.CodeTaken):
        complaints.create(first)
    found = complaints.find("R-2026-000001")
    assert found == first
    assert found is not None and found.sheet.amount == Decimal("150.50")
    assert complaints.find("R-2026-000999") is None


def test_queue_lists_and_book_by_date(aws: None) -> None:
    from chalicelib.store.complaints import complaints

    late = _complaint(complaint_code(2026, 1), date(2026, 11, 30), date(2026, 12, 21),
                      member_id="member-a")
    early = _complaint(complaint_code(2026, 2), date(2026, 11, 2), date(2026, 11, 23),
                       assignee_id="op-1", assignee_name="Ana")
    december = _complaint(complaint_code(2026, 3), date(2026, 12, 2), date(2026, 12, 23))
    for each in (late, early, december):
        complaints.create(each)
    assert [c.code for c in complaints.open_complaints()] == [early.code, late.code,
                                                               december.code]
    assert [c.code for c in complaints.assigned_to("op-1")] == [early.code]
    assert [c.code for c in complaints.of_member("member-a")] == [late.code]
    assert [c.code for c in complaints.received_between(date(2026, 11, 2),
                                                         date(2026, 12, 1))] == [
        early.code, late.code]
    assert [c.code for c in complaints.received_between(date(2026, 12, 2),
                                                        date(2026, 12, 2))] == [december.code]


def test_an_answer_leaves_the_queue_and_is_kept_two_years(aws: None) -> None:
    from dataclasses import replace

    from chalicelib.store.complaints import complaints
    from chalicelib.store.shared.models import ComplaintModel

    sheet = _complaint(complaint_code(2026, 1), date(2026, 12, 1), date(2026, 12, 22))
    complaints.create(sheet)
    answered_at = datetime(2026, 12, 3, 16, tzinfo=UTC)
    answered = replace(sheet, status=Status.ANSWERED, answer="Se devolvió el cobro.",
                       answered_at=answered_at, answered_by="Ana")
    complaints.save_answer(answered)
    assert list(complaints.open_complaints()) == []
    assert complaints.find(sheet.code) == answered
    item = ComplaintModel.get(sheet.code)
    assert item.expires_at is not None
    assert item.expires_at >= answered_at + timedelta(days=730)
    with pytest.raises(Conflict):
        complaints.save_answer(answered)
