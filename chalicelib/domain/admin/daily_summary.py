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
                  overdue: list[OverdueCase], overdue_hours: int, site_url: str) -> Email:
    """Spanish, plain values only (no member data beyond numbers and categories)."""
    site = site_url.rstrip("/")
    return compose(
        to, f"Resumen diario del {day.strftime('%d/%m/%Y')} · COOPAC PETROPERÚ",
        "Buenos días. Este es el estado de la atención al socio a las 08:00:",
        "\n".join([_figures_line("Tickets del buzón", tickets),
                   _figures_line("Solicitudes de crédito", applications)]),
        _cases_paragraph(overdue, overdue_hours),
        f"Mensajes vencidos: {site}/mensajes?estado=todos&espera=vencidos\n"
        f"Solicitudes vencidas: {site}/solicitudes?espera=vencidos",
    )
