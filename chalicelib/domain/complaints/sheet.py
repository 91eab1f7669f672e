"""What a sheet shows: to the consumer (screen, PDF, e-mail), on the public status page and in
the staff queue. Plain values in, plain values out; dates dd/mm/yyyy in Lima."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.domain.complaints.complaint import (
    DOCUMENT_LABELS,
    KIND_EXPLANATIONS,
    KIND_LABELS,
    PRODUCT_LABELS,
    STATUS_LABELS,
    Complaint,
    days_left_label,
)
from chalicelib.domain.shared.clock import LIMA, iso_instant
from chalicelib.domain.shared.money import money, to_cents

PROVIDER = "COOPAC PETROPERÚ (Cooperativa de Ahorro y Crédito de los Trabajadores de Petroperú)"


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def moment_text(moment: datetime) -> str:
    return moment.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")


def soles(amount: Any) -> str:
    """``S/ 3,105.97`` (es-PE)."""
    return f"S/ {to_cents(amount):,.2f}"


def sheet_lines(complaint: Complaint) -> list[tuple[str, str]]:
    """The sheet as the Reglamento lists it, in order: (label, value)."""
    sheet, person = complaint.sheet, complaint.sheet.consumer
    lines = [
        ("Hoja de reclamación N°", complaint.code),
        ("Fecha de registro", moment_text(complaint.received_at)),
        ("Proveedor", PROVIDER),
        ("Consumidor", person.full_name),
        (DOCUMENT_LABELS[person.document_type], person.document_number),
        ("Domicilio", person.address),
        ("Teléfono", person.phone),
        ("Correo electrónico", person.email),
    ]
    if person.guardian_name:
        lines.append(("Padre, madre o apoderado (menor de edad)", person.guardian_name))
    lines += [
        ("Producto o servicio", PRODUCT_LABELS[sheet.product]),
        ("Monto reclamado", soles(sheet.amount) if sheet.amount is not None else "No indicado"),
        ("Tipo", f"{KIND_LABELS[sheet.kind]}: {KIND_EXPLANATIONS[sheet.kind]}"),
        ("Detalle", sheet.detail),
        ("Pedido del consumidor", sheet.request),
        ("Plazo de respuesta", f"Hasta el {day_text(complaint.due_on)} (días hábiles)"),
        ("Respuesta", "Se enviará al correo electrónico indicado."),
    ]
    return lines


def file_name(complaint: Complaint) -> str:
    return f"hoja-reclamacion-{complaint.code}.pdf"


def consumer_view(complaint: Complaint) -> dict[str, Any]:
    """What the form's success screen shows (the consumer's own sheet)."""
    return {"code": complaint.code, "kind": complaint.sheet.kind.value,
            "received_at": iso_instant(complaint.received_at),
            "received_on": complaint.received_on.isoformat(),
            "due_on": complaint.due_on.isoformat(), "status": complaint.status.value,
            "email": complaint.sheet.consumer.email,
            "lines": [{"label": label, "value": value} for label, value in sheet_lines(complaint)]}


def status_view(complaint: Complaint) -> dict[str, Any]:
    """The public status page: state, dates and the answer once given (nothing else of the
    sheet: whoever knows the code and the document learns only how it goes)."""
    return {"code": complaint.code, "kind": complaint.sheet.kind.value,
            "status": complaint.status.value, "status_label": STATUS_LABELS[complaint.status],
            "received_on": complaint.received_on.isoformat(),
            "due_on": complaint.due_on.isoformat(),
            "answered_at": iso_instant(complaint.answered_at) if complaint.answered_at else None,
            "answer": complaint.answer if complaint.answered_at else None}


def staff_row(complaint: Complaint, days_left: int | None) -> dict[str, Any]:
    """A row of the staff queue; ``days_left`` (business days) only while it is open."""
    sheet = complaint.sheet
    return {"code": complaint.code, "kind": sheet.kind.value, "product": sheet.product.value,
            "consumer_name": sheet.consumer.full_name,
            "received_at": iso_instant(complaint.received_at),
            "received_on": complaint.received_on.isoformat(),
            "due_on": complaint.due_on.isoformat(), "status": complaint.status.value,
            "days_left": days_left,
            "due_label": days_left_label(days_left) if days_left is not None else None,
            "assignee_id": complaint.assignee_id, "assignee_name": complaint.assignee_name,
            "answered_at": iso_instant(complaint.answered_at) if complaint.answered_at else None}


def staff_detail(complaint: Complaint, days_left: int | None) -> dict[str, Any]:
    sheet = complaint.sheet
    return {**staff_row(complaint, days_left),
            "amount": money(sheet.amount) if sheet.amount is not None else None,
            "detail": sheet.detail, "request": sheet.request, "answer": complaint.answer,
            "answered_by": complaint.answered_by,
            "lines": [{"label": label, "value": value} for label, value in sheet_lines(complaint)],
            "history": list(complaint.history)}
