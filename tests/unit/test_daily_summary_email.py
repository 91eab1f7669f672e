"""The admins' daily summary e-mail (issue 17): counts per queue and the overdue cases, in
Spanish; a long list is cut with the rest counted."""

from datetime import date

from chalicelib.domain.admin.daily_summary import (
    MAX_LISTED,
    OverdueCase,
    QueueFigures,
    summary_email,
)

DAY = date(2026, 12, 3)


def _email(cases):
    return summary_email("ada@coopac.pe", day=DAY, tickets=QueueFigures(2, 5, 1),
                         applications=QueueFigures(0, 3, 0), overdue=cases, overdue_hours=48,
                         site_url="https://portal.coopac.pe/")


def test_the_summary_counts_each_queue_and_lists_the_overdue_cases():
    case = OverdueCase(kind="Ticket", number=42, what="Ahorros", waited="3 d", assignee=None)
    email = _email([case])
    assert email.subject == "Resumen diario del 03/12/2026 · COOPAC PETROPERÚ"
    assert "Tickets del buzón: 2 sin asignar, 5 en atención, 1 vencidos." in email.text
    assert "Solicitudes de crédito: 0 sin asignar, 3 en atención, 0 vencidos." in email.text
    assert "• Ticket N° 42 · Ahorros · esperando 3 d · sin asignar" in email.text
    assert "https://portal.coopac.pe/solicitudes?espera=vencidos" in email.text


def test_no_overdue_case_is_said_and_a_long_list_is_cut():
    assert "No hay casos vencidos (más de 48 horas" in _email([]).text
    many = [OverdueCase(kind="Solicitud", number=n, what="PTMO. CONSUMO", waited="2 d",
                        assignee="Óscar") for n in range(MAX_LISTED + 7)]
    text = _email(many).text
    assert text.count("• Solicitud N° ") == MAX_LISTED
    assert "… y 7 más." in text
