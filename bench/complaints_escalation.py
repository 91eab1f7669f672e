"""Libro de Reclamaciones, the admins' side (issue 18): what the escalation adds to the daily
summary run (the open sheets read up to the first one further than two business days from due,
and one reminder e-mail per operator with such sheets), the staff home's «Reclamos por vencer»
count, and a twelve-month CSV export. Counted for real on moto with a bounded book (``OPEN``
open sheets spread over their fifteen business days, ``ANSWERED`` answered ones in the year);
printed, never asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any

from bench.figures import Figures
from bench.support import (
    CallCounter,
    app_seconds,
    aws_calls,
    by_operation,
    dynamodb_calls,
    moto_stage,
)

OPEN = 150
ANSWERED = 850
OPERATORS = 3
SES_PER_EMAIL = Decimal("0.10") / 1000
"""bench/aws_prices.yaml (ses.emails)."""


def _sheet(code: str, received_on: date, assignee: str | None, answered: bool = False) -> Any:
    from chalicelib.domain.complaints.complaint import (
        Complaint,
        Consumer,
        DocumentType,
        Kind,
        NewComplaint,
        Product,
        Status,
    )
    from chalicelib.domain.shared.clock import LIMA
    from chalicelib.services.shared.business_calendar import answer_due_date

    consumer = Consumer(full_name="Rosa Quispe Huamán", document_type=DocumentType.DNI,
                        document_number="40112233", address="Av. Arequipa 123, Lima",
                        phone="987654321", email="rosa@bench.pe")
    sheet = NewComplaint(consumer=consumer, product=Product.AHORROS, amount=Decimal("150.50"),
                         kind=Kind.RECLAMO, detail="Me cobraron una comisión indebida. " * 10,
                         request="Que me devuelvan el cobro.", accepts_email_answer=True)
    received_at = datetime.combine(received_on, clock_time(10), LIMA)
    status = Status.ANSWERED if answered else (Status.IN_PROGRESS if assignee
                                                else Status.RECEIVED)
    return Complaint(code=code, sheet=sheet, status=status, received_at=received_at,
                     answer="Revisamos el cobro y lo devolvimos." if answered else None,
                     answered_at=received_at + timedelta(days=7) if answered else None,
                     received_on=received_on, due_on=answer_due_date(received_on),
                     assignee_id=assignee, assignee_name="Óscar Ruiz" if assignee else None)


def _seed(today: date) -> list[str]:
    from chalicelib.domain.shared.clock import iso_instant, utc_now
    from chalicelib.store.auth import users
    from chalicelib.store.complaints import complaints as store
    from chalicelib.store.shared.models import UserModel

    now = iso_instant(utc_now())
    operators = [f"bench-op-{index}" for index in range(OPERATORS)]
    for user_id in operators:
        users.create(UserModel(user_id=user_id, email=f"{user_id}@bench.pe", role="operator",
                               first_name="Óscar", last_name="Ruiz", sort_name="ruiz oscar",
                               status="active", created_at=now, updated_at=now))
    for index in range(OPEN):  # received over the last three weeks: due from today on
        received = today - timedelta(days=index * 21 // OPEN)
        store.create(_sheet(f"R-{today.year}-{index + 1:06d}", received,
                            operators[index % OPERATORS] if index % 2 else None))
    for index in range(ANSWERED):  # the rest of the year's book, for the export
        received = today - timedelta(days=30 + index * 300 // ANSWERED)
        store.create(_sheet(f"R-{today.year}-{OPEN + index + 1:06d}", received, None,
                            answered=True))
    return operators


def _measure[T](counter: CallCounter, label: str, action: Callable[[], T]) -> T:
    with counter.counting() as calls:
        started = time.perf_counter()
        outcome = action()
        elapsed = time.perf_counter() - started
    print(f"{label:<34} DynamoDB {dynamodb_calls(calls):>3} ({by_operation(calls)}); SQS "
          f"{aws_calls(calls, 'sqs'):>2}; app time {app_seconds(elapsed, calls):.3f} s")
    return outcome


def run() -> Figures:
    from chalicelib.domain.complaints.export import ExportPeriod
    from chalicelib.domain.shared.clock import lima_today
    from chalicelib.domain.shared.permissions import Role
    from chalicelib.domain.shared.principal import Principal, RequestContext
    from chalicelib.services.admin.daily_summary import _remind_assignees
    from chalicelib.services.complaints import escalation, export

    counter = CallCounter()
    with moto_stage(counter):
        today = lima_today()
        _seed(today)
        print(f"{OPEN} open sheets received over the last three weeks (half assigned to "
              f"{OPERATORS} operators), {ANSWERED} answered ones over the year")
        due = _measure(counter, "summary: open sheets near due", escalation.open_due_soon)
        reminded = _measure(counter, "summary: reminders to operators",
                            lambda: _remind_assignees(due, today))
        admin = Principal(user_id="bench-admin", role=Role.ADMIN, dni=None, totp_enabled=True,
                          session_id="bench")
        _measure(counter, "staff home «Reclamos por vencer»",
                 lambda: escalation.due_soon_counts(admin))
        period = ExportPeriod(today - timedelta(days=364), today)
        context = RequestContext(ip="127.0.0.1", user_agent="bench", source_ip="127.0.0.1")
        text, _ = _measure(counter, "export: twelve months",
                           lambda: export.export(admin, period, context))
    rows = text.count("\r\n") - 1
    print(f"near or past due: {len(due)} of {OPEN} open (read up to the first further away); "
          f"{reminded} reminder e-mails (USD {Decimal(str(reminded)) * SES_PER_EMAIL:.5f} a day "
          f"in SES)")
    print(f"export: {rows} rows, {len(text.encode('utf-8')) / 1024:.0f} KiB of CSV "
          "(one Query page per 100 sheets of each month)")
    return Figures()
