"""The Libro de Reclamaciones' e-mails, in Spanish: the consumer's copy of the sheet (with its
PDF) and the answer. Both go to the e-mail the consumer gave on the sheet."""

from __future__ import annotations

from chalicelib.domain.complaints.complaint import KIND_LABELS, Complaint
from chalicelib.domain.complaints.sheet import day_text, moment_text
from chalicelib.domain.shared.emails import Attachment, Email, compose


def copy_to_consumer(complaint: Complaint, pdf: Attachment, status_link: str) -> Email:
    kind = KIND_LABELS[complaint.sheet.kind].lower()
    email = compose(
        complaint.sheet.consumer.email,
        f"Constancia de tu {kind} {complaint.code} - Libro de Reclamaciones",
        f"Hola, {complaint.sheet.consumer.full_name}:",
        f"Registramos tu {kind} en nuestro Libro de Reclamaciones virtual con el código "
        f"{complaint.code}, el {moment_text(complaint.received_at)}. Adjuntamos una copia de "
        "la hoja en PDF.",
        f"Te responderemos a este correo a más tardar el {day_text(complaint.due_on)} "
        "(plazo legal en días hábiles).",
        f"Puedes consultar su estado con el código y tu documento en: {status_link}",
    )
    return email.with_attachments(pdf)


def answer_to_consumer(complaint: Complaint, status_link: str) -> Email:
    kind = KIND_LABELS[complaint.sheet.kind].lower()
    return compose(
        complaint.sheet.consumer.email,
        f"Respuesta a tu {kind} {complaint.code} - Libro de Reclamaciones",
        f"Hola, {complaint.sheet.consumer.full_name}:",
        f"Esta es nuestra respuesta a tu {kind} {complaint.code}, registrado el "
        f"{day_text(complaint.received_on)}:",
        complaint.answer or "",
        f"También puedes verla en: {status_link}",
    )
