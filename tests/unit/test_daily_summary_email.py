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


def test_the_reclamos_near_or_past_due_are_listed_by_code_due_date_and_assignee():
    from datetime import date

    from chalicelib.domain.admin.daily_summary import DueComplaint, QueueFigures, summary_email

    empty = QueueFigures(unassigned=0, in_progress=0, overdue=0)
    mail = summary_email(
        "ada@example.pe", day=date(2026, 9, 18), tickets=empty, applications=empty, overdue=[],
        overdue_hours=48, site_url="https://portal.example.pe/",
        complaints=[DueComplaint("R-2026-000001", date(2026, 9, 16), -2, "Óscar Ruiz"),
                    DueComplaint("R-2026-000002", date(2026, 9, 18), 0, None),
                    DueComplaint("R-2026-000003", date(2026, 9, 21), 1, "Vera Díaz")],
        complaint_days=2)
    assert ("• R-2026-000001 · vence el 16/09/2026 (vencido hace 2 días hábiles) · Óscar Ruiz"
            in mail.text)
    assert "• R-2026-000002 · vence el 18/09/2026 (vence hoy) · sin asignar" in mail.text
    assert "• R-2026-000003 · vence el 21/09/2026 (queda 1 día hábil) · Vera Díaz" in mail.text
    assert "https://portal.example.pe/reclamaciones" in mail.text
