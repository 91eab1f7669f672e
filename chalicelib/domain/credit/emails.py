"""The e-mails of the credit workflow, in Spanish.

They say what happened to an application and link to the portal; they carry neither the staff's
observations nor the figures of the member's credit beyond product and amount (those are read
behind a session).
"""

from __future__ import annotations

from chalicelib.domain.credit.applications import STATUS_LABELS, Status
from chalicelib.domain.shared.emails import Email, compose

_TO_MEMBER: dict[Status, tuple[str, str]] = {
    Status.OBSERVED: (
        "El personal de créditos dejó una observación en tu solicitud.",
        "Revísala en el portal; un asesor se comunicará contigo para completarla."),
    Status.APPROVED: (
        "¡Tu solicitud de crédito fue aprobada!",
        "Un asesor se comunicará contigo para coordinar el desembolso."),
    Status.REJECTED: (
        "Tu solicitud de crédito no fue aprobada.",
        "En el portal encontrarás el motivo. Puedes escribirnos por el Buzón si tienes dudas."),
    Status.DISBURSED: (
        "El crédito de tu solicitud fue desembolsado.",
        "Verás el préstamo y su cronograma en Préstamos cuando se actualice tu información."),
}


def _application_line(number: int, product_name: str, amount: str) -> str:
    return f"Solicitud N° {number}: {product_name} por S/ {amount}."


def assigned_to_operator(to: str, *, number: int, member_name: str, product_name: str,
                         amount: str, term_months: int, link: str) -> Email:
    return compose(
        to, f"Se te asignó la solicitud de crédito N° {number}",
        f"Se te asignó la solicitud de crédito de {member_name}, a {term_months} meses.",
        _application_line(number, product_name, amount),
        f"Evalúala en Solicitudes de Crédito: {link}",
    )


def decision_to_member(to: str, *, number: int, status: Status, product_name: str,
                       amount: str, link: str) -> Email:
    """The member hears of each decision: observed, approved, rejected, disbursed."""
    headline, next_step = _TO_MEMBER[status]
    return compose(
        to, f"Tu solicitud de crédito N° {number}: {STATUS_LABELS[status].lower()}",
        headline,
        _application_line(number, product_name, amount),
        next_step,
        f"Sigue tu solicitud en el portal: {link}",
    )
