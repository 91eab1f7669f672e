"""The Libro de Reclamaciones exported for a period (issue 18): one CSV row per sheet received
between two Lima days, with the sheet's fields, its state, legal due date, answer date and the
business days it was (or is) late.

The file is what an admin opens in Excel in Lima (and hands to INDECOPI or the SBS when asked):
- UTF-8 with a BOM: without it Excel reads UTF-8 as the ANSI code page and «Huamán» turns into
  «HuamÃ¡n»; with it every accent and «ñ» shows;
- comma-separated, the same as the portal's audit CSV: es-PE writes numbers with a decimal point
  (CLDR, and the SBS's own figures: 1,234.56), so Windows pairs it with the comma as list
  separator, as in en-US and es-MX; the semicolon belongs to the decimal-comma locales (es-ES).
  An Excel set to «;» still reads the file through Datos › Desde el texto/CSV, which detects the
  comma. Amounts are plain (``1234.50``: a point, no thousands) so Excel takes them as numbers;
- dates dd/mm/aaaa (Lima), read by an es-PE Excel as dates;
- any text cell that starts like a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe:
  a consumer's text never runs as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.domain.complaints.complaint import (
    DOCUMENT_LABELS,
    KIND_LABELS,
    PRODUCT_LABELS,
    STATUS_LABELS,
    Complaint,
)
from chalicelib.domain.shared.clock import LIMA
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import iso_date

MAX_MONTHS = 12
"""At most twelve months per export: a year of the book in one file, read by one Query per
month (``store.complaints.complaints.received_between``)."""

COLUMNS = (
    "Código", "Tipo", "Estado", "Fecha de recepción", "Hora de recepción",
    "Nombre del consumidor", "Tipo de documento", "Número de documento", "Domicilio",
    "Teléfono", "Correo electrónico", "Padre, madre o apoderado", "Producto o servicio",
    "Monto reclamado (S/)", "Detalle", "Pedido", "Acepta respuesta por correo", "Asignado a",
    "Fecha límite de respuesta", "Fecha de respuesta", "Días hábiles de retraso", "Respuesta",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportPeriod:
    first_day: date
    last_day: date

    def file_name(self) -> str:
        return (f"libro-de-reclamaciones-{self.first_day.isoformat()}-"
                f"{self.last_day.isoformat()}.csv")

    def as_details(self) -> dict[str, object]:
        return {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}


def _months_later(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def _day(query: Mapping[str, str], name: str) -> date:
    try:
        return iso_date(query.get(name))
    except ValueError as problem:
        raise InvalidInput(fields={name: str(problem)}) from None


def parse_export_period(query: Mapping[str, str], today: date) -> ExportPeriod:
    """``?from=&to=`` (AAAA-MM-DD, Lima days, both included): from ≤ to ≤ today, at most
    twelve months (1 January to 31 December is one export; to 1 January of the next year is
    not)."""
    first, last = _day(query, "from"), _day(query, "to")
    if last > today:
        raise InvalidInput(fields={"to": "La fecha final no puede ser posterior a hoy."})
    if first > last:
        raise InvalidInput(fields={"from": "La fecha inicial es posterior a la final."})
    if last >= _months_later(first, MAX_MONTHS):
        raise InvalidInput(fields={"from": f"El periodo admite hasta {MAX_MONTHS} meses."})
    return ExportPeriod(first, last)


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _day_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _lima(moment: datetime) -> datetime:
    return moment.astimezone(LIMA)


def export_row(complaint: Complaint, days_late: int) -> list[str]:
    """The sheet's cells in ``COLUMNS`` order; ``days_late`` as the service counted it."""
    sheet, consumer = complaint.sheet, complaint.sheet.consumer
    answered_on = _lima(complaint.answered_at).date() if complaint.answered_at else None
    cells: list[object] = [
        complaint.code, KIND_LABELS[sheet.kind], STATUS_LABELS[complaint.status],
        _day_text(complaint.received_on), _lima(complaint.received_at).strftime("%H:%M"),
        consumer.full_name, DOCUMENT_LABELS[consumer.document_type], consumer.document_number,
        consumer.address, consumer.phone, consumer.email, consumer.guardian_name,
        PRODUCT_LABELS[sheet.product],
        "" if sheet.amount is None else f"{sheet.amount:.2f}",
        sheet.detail, sheet.request, "Sí" if sheet.accepts_email_answer else "No",
        complaint.assignee_name, _day_text(complaint.due_on), _day_text(answered_on),
        days_late or "", complaint.answer,
    ]
    return [csv_cell(cell) for cell in cells]


def to_csv(rows: Iterable[list[str]]) -> str:
    """UTF-8 text with its BOM first (the handler sends it encoded as UTF-8)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
