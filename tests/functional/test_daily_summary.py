"""The admins' daily summary (issue 17): the notifier, invoked with the 08:00 schedule's input,
e-mails every active admin the queues' counts and the overdue cases, once per Lima day."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from dev.scheduler import daily_summary_event
from tests.functional.builders import FrozenClock, mails_to, signed_in
from tests.functional.credit_builders import a_credit_cast, an_application
from tests.functional.ticket_builders import Person, a_ticket


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def _run_summary() -> dict:
    from chalicelib.handlers.notifier import notifier

    return notifier(daily_summary_event(), None)


def test_the_daily_summary_reaches_every_active_admin_once_a_day(app, clock, outbox):
    member, operator, admin = a_credit_cast(app)
    retired = Person(app, Role.ADMIN, status="disabled")
    ticket = a_ticket(member, category="ahorros")
    assert admin.api.post(f"/api/tickets/{ticket['id']}/assign",
                          {"operator_id": operator.id}).status == 200
    application = an_application(member)
    a_ticket(member, subject="Otra consulta")  # still unassigned, and new: not overdue
    clock.advance(hours=49)
    signed_in(member.api, member.user)
    a_ticket(member, subject="Recién llegado")

    assert _run_summary()["sent"] == 1
    [mail] = mails_to(outbox, admin.email)
    assert mail["subject"].startswith("Resumen diario del ")
    text = mail["text"]
    assert "Tickets del buzón: 2 sin asignar, 1 en atención, 2 vencidos." in text
    assert "Solicitudes de crédito: 1 sin asignar, 0 en atención, 1 vencidos." in text
    assert f"Ticket N° {ticket['number']} · Ahorros · esperando 2 d · Óscar Paredes" in text
    assert f"Solicitud N° {application['number']} · " in text and "sin asignar" in text
    assert "/mensajes?estado=todos&espera=vencidos" in text
    assert mails_to(outbox, retired.email) == []

    assert _run_summary()["sent"] == 0  # the same Lima day: nothing more
    assert len(mails_to(outbox, admin.email)) == 1
    clock.advance(hours=24)
    assert _run_summary()["sent"] == 1  # the next day: again
