"""The admins' daily summary e-mail (issue 17): what waits in the buzón and in credit, and every
case waiting for the staff past the stage's ``case_overdue_hours``. Sent once per Lima day by the
notifier's 08:00 schedule (``services.admin.daily_summary``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib.domain.shared.emails import Email, compose

DAILY_SUMMARY_JOB = "daily_summary"
"""The constant input ``{"job": ...}`` of the notifier's daily schedule (``infra/stacks/api.py``,
``dev/scheduler.py``), which tells it apart from the five-minute sweep."""
DAILY_SUMMARY_LIMA_HOUR = 8
DAILY_SUMMARY_CRON = "cron(0 13 * * ? *)"
"""08:00 in Lima (UTC−5 all year, no daylight saving) is 13:00 UTC."""

MAX_LISTED = 50
"""The e-mail lists at most this many overdue cases; the rest are counted and on the site."""


@dataclass(frozen=True)
class QueueFigures:
    """One queue's counts: nobody has it yet, someone is on it, overdue."""

    unassigned: int
    in_progress: int
    overdue: int


@dataclass(frozen=True)
class OverdueCase:
    kind: str
    """«Ticket» or «Solicitud»."""
    number: int
    what: str
    """The ticket's category or the application's credit type."""
    waited: str
    """«3 d» (``domain.shared.waiting.waited_label``)."""
    assignee: str | None


@dataclass(frozen=True)
class DueComplaint:
    """An open sheet of the Libro de Reclamaciones near or past its legal due date (issue 18)."""

    code: str
    due_on: date
    days_left: int
    """Business days left: 0 on the due date, negative once late."""
    assignee: str | None


def _due_words(days_left: int) -> str:
    if days_left == 0:
        return "vence hoy"
    plural = "día hábil" if abs(days_left) == 1 else "días hábiles"
    if days_left > 0:
        return f"{'queda' if days_left == 1 else 'quedan'} {days_left} {plural}"
    return f"vencido hace {-days_left} {plural}"


def _complaints_paragraph(complaints: list[DueComplaint], within_days: int) -> str:
    if not complaints:
        return (f"Libro de Reclamaciones: ningún reclamo abierto vence en {within_days} días "
                "hábiles o menos.")
    lines = [f"• {c.code} · vence el {c.due_on.strftime('%d/%m/%Y')} ({_due_words(c.days_left)})"
             f" · {c.assignee or 'sin asignar'}" for c in complaints[:MAX_LISTED]]
    if len(complaints) > MAX_LISTED:
        lines.append(f"… y {len(complaints) - MAX_LISTED} más.")
    heading = (f"Reclamos por vencer (plazo legal en {within_days} días hábiles o menos) o "
               "vencidos:")
    return "\n".join([heading, *lines])


def _figures_line(name: str, figures: QueueFigures) -> str:
    return (f"{name}: {figures.unassigned} sin asignar, {figures.in_progress} en atención, "
            f"{figures.overdue} vencidos.")


def _case_line(case: OverdueCase) -> str:
    return (f"• {case.kind} N° {case.number} · {case.what} · esperando {case.waited} · "
            f"{case.assignee or 'sin asignar'}")


def _cases_paragraph(cases: list[OverdueCase], overdue_hours: int) -> str:
    if not cases:
        return f"No hay casos vencidos (más de {overdue_hours} horas esperando al personal)."
    lines = [_case_line(case) for case in cases[:MAX_LISTED]]
    if len(cases) > MAX_LISTED:
        lines.append(f"… y {len(cases) - MAX_LISTED} más.")
    heading = f"Casos vencidos (más de {overdue_hours} horas esperando al personal):"
    return "\n".join([heading, *lines])


def summary_email(to: str, *, day: date, tickets: QueueFigures, applications: QueueFigures,
                  overdue: list[OverdueCase], overdue_hours: int, site_url: str,
                  complaints: list[DueComplaint] | None = None,
                  complaint_days: int = 2) -> Email:
    """Spanish, plain values only (no member data beyond numbers and categories; a reclamo by
    its code)."""
    site = site_url.rstrip("/")
    return compose(
        to, f"Resumen diario del {day.strftime('%d/%m/%Y')} · COOPAC PETROPERÚ",
        "Buenos días. Este es el estado de la atención al socio a las 08:00:",
        "\n".join([_figures_line("Tickets del buzón", tickets),
                   _figures_line("Solicitudes de crédito", applications)]),
        _cases_paragraph(overdue, overdue_hours),
        _complaints_paragraph(complaints or [], complaint_days),
        f"Mensajes vencidos: {site}/mensajes?estado=todos&espera=vencidos\n"
        f"Solicitudes vencidas: {site}/solicitudes?espera=vencidos\n"
        f"Libro de Reclamaciones: {site}/reclamaciones",
    )


def assignee_reminder_email(to: str, *, day: date, complaints: list[DueComplaint],
                            within_days: int, site_url: str) -> Email:
    """To the operator a reclamo near or past its due date is assigned to (issue 18): the same
    lines as the admins' summary, only theirs."""
    site = site_url.rstrip("/")
    lines = [f"• {c.code} · vence el {c.due_on.strftime('%d/%m/%Y')} ({_due_words(c.days_left)})"
             for c in complaints[:MAX_LISTED]]
    if len(complaints) > MAX_LISTED:
        lines.append(f"… y {len(complaints) - MAX_LISTED} más.")
    return compose(
        to, f"Reclamos por vencer al {day.strftime('%d/%m/%Y')} · COOPAC PETROPERÚ",
        f"Buenos días. Estos reclamos asignados a ti vencen en {within_days} días hábiles o "
        "menos, o ya vencieron. El plazo legal no se prorroga: respóndelos hoy si puedes.",
        "\n".join(lines),
        f"Tus reclamaciones: {site}/reclamaciones",
    )
