"""«Mis datos» (Ley 29733, right of access): one .zip with everything the cooperative keeps about
a member, as JSON and as CSV.

The archive is built from plain records (dicts the store read from the member's own partitions
and indexes), so its layout is tested here without AWS: ``LEEME.txt``, ``datos.json`` (every
section, nested as stored) and one ``csv/<section>.csv`` per section (UTF-8 with BOM, so Excel
opens the accents right; nested values as JSON text). Money travels as strings with two
decimals, instants and days as ISO text.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.domain.shared.emails import Email, compose
from chalicelib.domain.shared.money import money

DATA_ARCHIVE_JOB = "data_archive"
"""The message the reports function queues for the worker (on the imports queue)."""
DAILY_LIMIT = 3
"""Archives one member may ask for per Lima day."""
LIMIT_MESSAGE = ("Ya pediste tus datos 3 veces hoy. Podrás pedirlos de nuevo mañana; "
                 "mientras tanto, descarga el último archivo que preparamos.")
URL_SECONDS = 600
"""The presigned download link lives 10 minutes; a new one is asked for on each «Descargar»."""
KEPT_FOR = timedelta(days=1)
"""The reports bucket's lifecycle removes objects after a day; the status item expires with it."""
NOT_FOUND_MESSAGE = "No encontramos ese archivo de datos."
EXPIRED_MESSAGE = "Ese archivo ya no está disponible. Pide uno nuevo."
NOT_READY_MESSAGE = "Tu archivo todavía se está preparando."

BUILDING, READY, FAILED, EXPIRED = "building", "ready", "failed", "expired"
STATUS_LABELS = {BUILDING: "Preparándose", READY: "Listo", FAILED: "No se pudo preparar",
                 EXPIRED: "Vencido"}

SECTIONS: tuple[tuple[str, str], ...] = (
    ("profile", "perfil"), ("products", "productos"), ("loan_schedules", "cronogramas"),
    ("family_benefit_beneficiaries", "beneficiarios_beneficio_familiar"),
    ("movements", "movimientos"), ("tickets", "tickets"), ("ticket_messages", "mensajes"),
    ("credit_applications", "solicitudes_credito"),
    ("beneficiary_changes", "cambios_beneficiarios"), ("complaints", "reclamos"),
    ("sessions", "sesiones"), ("audit", "auditoria"),
)
"""Each section's key in ``datos.json`` and its CSV's name."""

MONEY_KEYS = frozenset({
    "amount", "balance", "original_amount", "principal", "interest", "insurance", "total",
    "monthly_fee", "annual_payment", "holder_death_amount", "beneficiary_death_amount",
    "requested_amount", "installment", "available", "deposit",
})

README = """Mis datos — COOPAC PETROPERÚ

Este archivo reúne los datos personales que la cooperativa guarda sobre ti en el portal
(Ley N.° 29733, derecho de acceso), en dos formatos con el mismo contenido:

- datos.json: todas las secciones, con su estructura completa.
- csv/*.csv: una tabla por sección (UTF-8; se abren en Excel o LibreOffice).

Los montos van con dos decimales y punto decimal; las fechas en formato ISO (AAAA-MM-DD) y
los instantes en hora UTC (terminan en Z).

Secciones: perfil, productos (aportes, ahorros, plazo fijo, CTS, préstamos, beneficio
familiar), cronogramas de préstamos, beneficiarios, movimientos, tickets del buzón y sus
mensajes, solicitudes de crédito, cambios de beneficiarios, reclamos, sesiones y los
registros de auditoría: tus acciones en el portal y las del personal sobre tus casos y tu
cuenta (about_me = true; quien actuó aparece solo por su rol, actor_role).

Generado: {generated}
"""


@dataclass(frozen=True)
class MemberRecords:
    """What the store read for one member; every list holds plain dicts."""

    profile: dict[str, Any]
    products: list[dict[str, Any]] = field(default_factory=list)
    movements: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    """Each ticket with its ``messages`` (as the member reads them)."""
    credit_applications: list[dict[str, Any]] = field(default_factory=list)
    beneficiary_changes: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


def new_archive_id() -> str:
    return secrets.token_hex(16)


def object_key(requested_on: date) -> str:
    """``archives/<yyyy>/<mm>/<random>.zip``: opaque (its own random part, neither the archive's
    id nor anything about the member), the only prefix the worker may write."""
    return f"archives/{requested_on:%Y}/{requested_on:%m}/{secrets.token_hex(16)}.zip"


def file_name(day: date) -> str:
    return f"mis-datos-coopac-{day.isoformat()}.zip"


def plain(value: Any, key: str = "") -> Any:
    """JSON-ready: Decimals and the money keys as two-decimal strings, days and instants ISO."""
    if isinstance(value, Mapping):
        return {str(k): plain(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(item) for item in items]
    if isinstance(value, datetime):
        return iso_instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal) or (key in MONEY_KEYS and isinstance(value, str | int)):
        return _money_text(value)
    return value


def _money_text(value: Decimal | str | int) -> Any:
    try:
        return money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return value


def sections(records: MemberRecords) -> dict[str, list[dict[str, Any]]]:
    """Every section as rows: the loans' schedules, the plans' beneficiaries and the tickets'
    messages get their own tables (one row each, naming what they belong to)."""
    products = [plain(p) for p in records.products]
    tickets = [plain(t) for t in records.tickets]
    return {
        "profile": [plain(records.profile)],
        "products": [_without(p, "schedule", "beneficiaries") for p in products],
        "loan_schedules": _children(products, "schedule", "product_id"),
        "family_benefit_beneficiaries": _children(products, "beneficiaries", "product_id"),
        "movements": [plain(m) for m in records.movements],
        "tickets": [_without(t, "messages") for t in tickets],
        "ticket_messages": _children(tickets, "messages", "number"),
        "credit_applications": [plain(a) for a in records.credit_applications],
        "beneficiary_changes": [plain(c) for c in records.beneficiary_changes],
        "complaints": [plain(c) for c in records.complaints],
        "sessions": [plain(s) for s in records.sessions],
        "audit": [plain(a) for a in records.audit],
    }


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


def _children(parents: Sequence[dict[str, Any]], key: str, parent_key: str
              ) -> list[dict[str, Any]]:
    return [{parent_key: parent.get(parent_key), **child}
            for parent in parents for child in parent.get(key) or []
            if isinstance(child, dict)]


def document(records: MemberRecords, generated: datetime) -> dict[str, Any]:
    """``datos.json``: the nested records as kept, plus when and for whom it was made."""
    return {"generated_at": iso_instant(generated),
            "profile": plain(records.profile),
            "products": [plain(p) for p in records.products],
            "movements": [plain(m) for m in records.movements],
            "tickets": [plain(t) for t in records.tickets],
            "credit_applications": [plain(a) for a in records.credit_applications],
            "beneficiary_changes": [plain(c) for c in records.beneficiary_changes],
            "complaints": [plain(c) for c in records.complaints],
            "sessions": [plain(s) for s in records.sessions],
            "audit": [plain(a) for a in records.audit]}


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """One table: the union of the rows' keys in first-seen order; nested values as JSON."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def build_zip(records: MemberRecords, generated: datetime) -> bytes:
    """The archive's bytes (deflated)."""
    buffer = io.BytesIO()
    tables = sections(records)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEEME.txt", README.format(generated=iso_instant(generated)))
        archive.writestr("datos.json", json.dumps(document(records, generated),
                                                  ensure_ascii=False, indent=2))
        for key, name in SECTIONS:
            archive.writestr(f"csv/{name}.csv", "\ufeff" + csv_text(tables[key]))
    return buffer.getvalue()


def status_of(stored_status: str, expires_at: datetime, now: datetime) -> str:
    """A ready archive past its day is expired (the bucket removed the file)."""
    return EXPIRED if now >= expires_at else stored_status


def ready_email(to: str, *, settings_link: str) -> Email:
    """«Tu archivo está listo»: a link to Configuración, never to the file (it is downloaded
    behind the session, through a link made for the owner on demand)."""
    return compose(
        to, "Tu archivo «Mis datos» está listo",
        "Preparamos el archivo con los datos personales que la cooperativa guarda sobre ti.",
        f"Descárgalo desde Configuración, con tu sesión iniciada: {settings_link}",
        "Estará disponible durante 24 horas. Si no lo pediste tú, cambia tu contraseña y "
        "escríbenos por el Buzón.")
