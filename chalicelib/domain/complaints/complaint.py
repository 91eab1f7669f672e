"""A sheet of the Libro de Reclamaciones virtual: what it holds, its code and its states.

Reglamento del Libro de Reclamaciones (D.S. 011-2011-PCM and its changes): each sheet carries a
correlative number, the consumer's identity and contact (a minor's parent or guardian), the
product or service and the amount involved, whether it is a *reclamo* (disagreement with the
product or service) or a *queja* (with the attention received), the detail and what the
consumer asks for. The provider answers within the legal term (business days, counted by
``services.shared.business_calendar``) and keeps the sheet at least two years (art. 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

CODE_PREFIX = "R"
CODE_DIGITS = 6
RETENTION_YEARS_AFTER_ANSWER = 2
"""Reglamento, art. 5: the provider keeps each sheet at least two years; a sheet is deleted
(DynamoDB TTL) no earlier than this many years after its answer, never before it is answered."""


class Kind(StrEnum):
    RECLAMO = "reclamo"
    QUEJA = "queja"


KIND_LABELS = {Kind.RECLAMO: "Reclamo", Kind.QUEJA: "Queja"}
KIND_EXPLANATIONS = {
    Kind.RECLAMO: "Disconformidad con el producto o servicio contratado (por ejemplo, un cobro, "
                  "un abono o una condición del préstamo).",
    Kind.QUEJA: "Malestar o descontento con la atención recibida, no con el producto "
                "(por ejemplo, una demora o un mal trato).",
}


class Product(StrEnum):
    APORTES = "aportes"
    AHORROS = "ahorros"
    PLAZO_FIJO = "plazo_fijo"
    CTS = "cts"
    PRESTAMO = "prestamo"
    BENEFICIO_FAMILIAR = "beneficio_familiar"
    ATENCION = "atencion"
    OTRO = "otro"


PRODUCT_LABELS = {
    Product.APORTES: "Aportes",
    Product.AHORROS: "Ahorros",
    Product.PLAZO_FIJO: "Depósito a plazo fijo",
    Product.CTS: "CTS",
    Product.PRESTAMO: "Préstamo",
    Product.BENEFICIO_FAMILIAR: "Beneficio familiar",
    Product.ATENCION: "Atención / plataforma",
    Product.OTRO: "Otro",
}


class DocumentType(StrEnum):
    DNI = "dni"
    CE = "ce"


DOCUMENT_LABELS = {DocumentType.DNI: "DNI", DocumentType.CE: "Carné de extranjería"}


class Status(StrEnum):
    RECEIVED = "recibido"
    IN_PROGRESS = "en_atencion"
    ANSWERED = "respondido"


STATUS_LABELS = {Status.RECEIVED: "Recibido", Status.IN_PROGRESS: "En atención",
                 Status.ANSWERED: "Respondido"}


@dataclass(frozen=True)
class Consumer:
    full_name: str
    document_type: DocumentType
    document_number: str
    address: str
    phone: str
    email: str
    guardian_name: str | None = None
    """The parent or guardian who files for a minor (Reglamento: «padre o madre» of a minor)."""


@dataclass(frozen=True)
class NewComplaint:
    consumer: Consumer
    product: Product
    amount: Decimal | None
    kind: Kind
    detail: str
    request: str
    """What the consumer asks for (the sheet's «pedido»)."""
    accepts_email_answer: bool


@dataclass(frozen=True)
class Complaint:
    """A filed sheet as the store keeps it (plain values; instants UTC, dates Lima's)."""

    code: str
    sheet: NewComplaint
    status: Status
    received_at: datetime
    received_on: date
    due_on: date
    member_id: str | None = None
    assignee_id: str | None = None
    assignee_name: str | None = None
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    history: tuple[dict[str, str], ...] = field(default_factory=tuple)

    @property
    def is_open(self) -> bool:
        return self.status is not Status.ANSWERED


def complaint_code(year: int, sequence: int) -> str:
    """``R-2026-000123``: the year's correlative (more than a million a year keeps all digits)."""
    return f"{CODE_PREFIX}-{year}-{sequence:0{CODE_DIGITS}d}"


def sequence_counter_id(year: int) -> str:
    """The ``counters`` item whose atomic ``ADD`` hands out the year's numbers."""
    return f"complaint_seq#{year}"


def is_complaint_code(value: str) -> bool:
    prefix, _, rest = value.partition("-")
    year, _, number = rest.partition("-")
    return (prefix == CODE_PREFIX and len(year) == 4 and year.isascii() and year.isdigit()
            and len(number) >= CODE_DIGITS and number.isascii() and number.isdigit())


def retention_until(answered_at: datetime) -> datetime:
    """The earliest instant an answered sheet may be deleted (same day, two years on)."""
    try:
        return answered_at.replace(year=answered_at.year + RETENTION_YEARS_AFTER_ANSWER)
    except ValueError:  # 29 February: the first of March
        return answered_at.replace(year=answered_at.year + RETENTION_YEARS_AFTER_ANSWER,
                                   month=3, day=1)


def days_left_label(days_left: int) -> str:
    """«Vence hoy», «Vence en 3 días hábiles», «Vencido hace 2 días hábiles»."""
    if days_left == 0:
        return "Vence hoy"
    plural = "día hábil" if abs(days_left) == 1 else "días hábiles"
    if days_left > 0:
        return f"Vence en {days_left} {plural}"
    return f"Vencido hace {-days_left} {plural}"
