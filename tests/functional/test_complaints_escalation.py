"""Escalation of the Libro de Reclamaciones (issue 18): the admins' daily summary lists the open
reclamos due within two business days or late (code, due date, assignee), and the staff home's
«Reclamos por vencer» counts them (an operator's own; admins everyone's)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from chalicelib.domain.shared.clock import LIMA
from chalicelib.domain.shared.permissions import Role
from dev.scheduler import daily_summary_event
from tests.functional.builders import mails_to, signed_in
from tests.functional.complaint_builders import a_sheet
from tests.functional.ticket_builders import Person


def _at_lima(time_machine: Any, moment: str, *people: Person) -> None:
    time_machine.move_to(datetime.fromisoformat(moment).replace(tzinfo=LIMA), tick=False)
    for person in people:
        signed_in(person.api, person.user)


def _file(received_on: date) -> str:
    """A sheet received on ``received_on`` (kept straight by the store: the e-mailed copy is the
    public form's business, tested in test_complaints.py), due as the calendar says."""
    from chalicelib.domain.complaints.complaint import Complaint, Status, complaint_code
    from chalicelib.services.shared.business_calendar import answer_due_date
    from chalicelib.store.complaints import complaints as store

    sheet = a_sheet(amount=None)
    code = complaint_code(received_on.year, store.next_sequence(received_on.year))
    store.create(Complaint(code=code, sheet=sheet, status=Status.RECEIVED,
                           received_at=datetime.combine(received_on, time(9), LIMA),
                           received_on=received_on, due_on=answer_due_date(received_on)))
    return code


@pytest.fixture
def book(app, time_machine):
    """Sheet ``near`` received Tue 1 September 2026 (due Tue 22), ``far`` Tue 8 (due Tue 29),
    ``near`` assigned to Óscar; the clock on Fri 18 September, 07:59 in Lima."""
    _at_lima(time_machine, "2026-09-18T07:59:00")
    cast = {"admin": Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"),
            "operator": Person(app, Role.OPERATOR, first_name="Óscar", last_name="Ruiz"),
            "other": Person(app, Role.OPERATOR, first_name="Vera", last_name="Ajena")}
    near, far = _file(date(2026, 9, 1)), _file(date(2026, 9, 8))
    assert cast["admin"].api.post(f"/api/tickets/complaints/{near}/assign",
                                  {"operator_id": cast["operator"].id}).status == 200
    return {**cast, "near": near, "far": far}


def test_the_daily_summary_lists_the_reclamos_near_or_past_due(book, outbox, time_machine):
    from chalicelib.handlers.notifier import notifier

    assert notifier(daily_summary_event(), None)["sent"] == 1
    [mail] = mails_to(outbox, book["admin"].email)
    text = mail["text"]
    assert "Reclamos por vencer (plazo legal en 2 días hábiles o menos) o vencidos:" in text
    assert f"• {book['near']} · vence el 22/09/2026 (quedan 2 días hábiles) · Óscar Ruiz" in text
    assert book["far"] not in text
    assert "/reclamaciones" in text
    [reminder] = mails_to(outbox, book["operator"].email)  # only the assignee's own
    assert reminder["subject"] == "Reclamos por vencer al 18/09/2026 · COOPAC PETROPERÚ"
    assert f"• {book['near']} · vence el 22/09/2026 (quedan 2 días hábiles)" in reminder["text"]
    assert book["far"] not in reminder["text"]
    assert mails_to(outbox, book["other"].email) == []

    # a week later the first is late and the second is near
    _at_lima(time_machine, "2026-09-25T08:00:00")
    assert notifier(daily_summary_event(), None)["sent"] == 1
    text = mails_to(outbox, book["admin"].email)[-1]["text"]
    assert f"• {book['near']} · vence el 22/09/2026 (vencido hace 3 días hábiles) · Óscar Ruiz" \
        in text
    assert f"• {book['far']} · vence el 29/09/2026 (quedan 2 días hábiles) · sin asignar" in text


def test_a_holiday_counts_in_the_days_left(book, outbox):
    from chalicelib.handlers.notifier import notifier

    assert book["admin"].api.post("/api/admin/holidays",
                                  {"date": "2026-09-21", "name": "Feriado regional"}).status == 201
    assert notifier(daily_summary_event(), None)["sent"] == 1
    text = mails_to(outbox, book["admin"].email)[-1]["text"]
    assert f"• {book['near']} · vence el 22/09/2026 (queda 1 día hábil) · Óscar Ruiz" in text


def test_with_nothing_near_the_summary_says_so(app, time_machine, outbox):
    from chalicelib.handlers.notifier import notifier

    _at_lima(time_machine, "2026-09-01T08:00:00")
    admin = Person(app, Role.ADMIN)
    _file(date(2026, 9, 1))  # due in fifteen business days
    assert notifier(daily_summary_event(), None)["sent"] == 1
    text = mails_to(outbox, admin.email)[-1]["text"]
    assert ("Libro de Reclamaciones: ningún reclamo abierto vence en 2 días hábiles o menos."
            in text)


def test_the_staff_home_counts_the_reclamos_por_vencer(book):
    def due(person: Person) -> dict[str, Any]:
        answer = person.api.get("/api/tickets/stats")
        assert answer.status == 200
        return dict(answer.json["complaints_due"])

    assert due(book["admin"]) == {"mine": 0, "all": 1, "within_days": 2}
    assert due(book["operator"]) == {"mine": 1, "all": None, "within_days": 2}
    assert due(book["other"]) == {"mine": 0, "all": None, "within_days": 2}
