"""The buzón's e-mails, in Spanish.

They say that something happened and link to the portal; they never carry a message's body (the
portal behind a session is where a member's questions about their money are read). The subject a
member typed does appear, as text: ``Email.html`` escapes it.
"""

from __future__ import annotations

from chalicelib.domain.shared.emails import Email, compose
from chalicelib.domain.tickets.tickets import CATEGORY_LABELS, STATUS_LABELS, Category, Status


def _ticket_line(number: int, subject: str) -> str:
    return f"Ticket N° {number}: «{subject}»"


def reply_to_member(to: str, *, number: int, subject: str, author_name: str,
                    link: str) -> Email:
    return compose(
        to, f"Nueva respuesta en tu ticket N° {number}",
        f"{author_name}, de la cooperativa, respondió a tu consulta.",
        _ticket_line(number, subject),
        f"Lee la respuesta y continúa la conversación en el Buzón: {link}",
    )


def reply_to_staff(to: str, *, number: int, subject: str, member_name: str,
                   link: str) -> Email:
    return compose(
        to, f"El socio respondió en el ticket N° {number}",
        f"{member_name} escribió un nuevo mensaje en un ticket asignado a ti.",
        _ticket_line(number, subject),
        f"Revísalo en Administración de Mensajes: {link}",
    )


def assigned_to_staff(to: str, *, number: int, subject: str, category: Category,
                      member_name: str, link: str) -> Email:
    return compose(
        to, f"Se te asignó el ticket N° {number}",
        f"Se te asignó un ticket de {member_name} "
        f"(categoría: {CATEGORY_LABELS[category]}).",
        _ticket_line(number, subject),
        f"Atiéndelo en Administración de Mensajes: {link}",
    )


def assigned_to_member(to: str, *, number: int, subject: str, link: str) -> Email:
    return compose(
        to, f"Tu ticket N° {number} ya tiene un responsable",
        "Un miembro del equipo de la cooperativa atenderá tu consulta.",
        _ticket_line(number, subject),
        f"Sigue la conversación en el Buzón: {link}",
    )


def status_to_member(to: str, *, number: int, subject: str, status: Status,
                     link: str) -> Email:
    closing = {
        Status.RESOLVED: "Si aún necesitas ayuda, responde en el Buzón y lo reabriremos.",
        Status.CLOSED: "Si necesitas algo más, crea un ticket nuevo en el Buzón.",
    }.get(status, "Puedes seguir la conversación en el Buzón.")
    return compose(
        to, f"Tu ticket N° {number} está {STATUS_LABELS[status].lower()}",
        f"El estado de tu ticket cambió a «{STATUS_LABELS[status]}».",
        _ticket_line(number, subject),
        f"{closing} {link}",
    )
