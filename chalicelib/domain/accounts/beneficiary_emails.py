"""The e-mails of a beneficiary change, in Spanish: the operator hears of an assignment, the
member of every decision. They name the request and link to the portal; the list itself and the
staff's observation are read behind a session."""

from __future__ import annotations

from chalicelib.domain.accounts.beneficiary_change import STATUS_LABELS, Status
from chalicelib.domain.shared.emails import Email, compose

_TO_MEMBER: dict[Status, tuple[str, str]] = {
    Status.OBSERVED: (
        "El personal de la cooperativa dejó una observación en tu solicitud de cambio de "
        "beneficiarios.",
        "Revísala en Beneficio familiar, corrige la lista y envíala de nuevo."),
    Status.APPROVED: (
        "Tu solicitud de cambio de beneficiarios fue aprobada.",
        "La cooperativa la registrará en su sistema; en el portal verás «Registrado» cuando "
        "tu plan muestre los nuevos beneficiarios."),
    Status.REJECTED: (
        "Tu solicitud de cambio de beneficiarios no fue aprobada.",
        "En el portal encontrarás el motivo. Puedes escribirnos por el Buzón si tienes dudas."),
}


def decision_to_member(to: str, *, number: int, status: Status, link: str) -> Email:
    headline, next_step = _TO_MEMBER[status]
    return compose(
        to, f"Tu solicitud de cambio de beneficiarios N° {number}: "
            f"{STATUS_LABELS[status].lower()}",
        headline, next_step, f"Sigue tu solicitud en el portal: {link}")


def assigned_to_operator(to: str, *, number: int, member_name: str, link: str) -> Email:
    return compose(
        to, f"Se te asignó la solicitud de cambio de beneficiarios N° {number}",
        f"Se te asignó la solicitud de cambio de beneficiarios de {member_name}.",
        f"Revísala en Beneficiarios: {link}")
