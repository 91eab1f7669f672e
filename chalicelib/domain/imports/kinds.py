"""The kinds of core-system CSV export and how their rows are checked (docs/imports.md).

Each kind declares its columns and a ``check`` that turns one CSV row into a clean record or a
list of field problems with Spanish messages. Line numbers count the header as line 1. A kind
whose product spans several rows (a loan and its schedule, a plan and its beneficiaries) is
``grouped``: its rows come together in the file and are checked, and written, as one product.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.domain.imports import product_rows
from chalicelib.domain.imports.csv_fields import (
    MAX_NAME_LENGTH,
    Problems,
    RowError,
    check_choice,
    check_date,
    check_dni,
    check_name,
)
from chalicelib.domain.shared.input_fields import normalize_email

__all__ = ["FILE_REPLACED", "IMPORT_KINDS", "MAX_LINE_CHARS", "MAX_NAME_LENGTH",
           "MAX_REPORTED_ERRORS", "MAX_UPLOAD_BYTES", "STALLED_AFTER", "UNCLOSED_QUOTE",
           "ImportKind", "Problems", "RowError", "check_choice", "check_date", "check_dni",
           "check_member_row", "check_name", "file_too_large", "line_too_long",
           "missing_columns", "shown_status"]

MAX_REPORTED_ERRORS = 1000
"""The import's status keeps the first thousand bad rows; the counts are always complete."""

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""The largest file an import takes (50 MB, about 500,000 movements). The admin's upload form
makes S3 refuse a larger one; the worker refuses one that arrives anyway (the core system writes
to the bucket with its own credentials)."""

MAX_LINE_CHARS = 16 * 1024
"""The longest line the worker reads (a real row is under 1,000 characters). A longer one is a
bad line, dropped as it streams by: a file without line breaks is never held in memory."""

STALLED_AFTER = timedelta(hours=3)
"""A run still ``pending`` or ``processing`` three hours after it was created will not finish by
itself: the upload link lasted 15 minutes, and SQS gives the worker five attempts, each hidden
for the queue's visibility timeout (30 minutes: six times the worker's 5-minute limit), before
the file's message goes to the dead-letter queue. ``tests/infra`` checks the sum stays below."""


def file_too_large(size: int, limit: int = MAX_UPLOAD_BYTES) -> RowError:
    """An object over the maximum: refused whole, before a row is read."""
    return RowError(1, "-", f"El archivo pesa {size / 2**20:.1f} MB y el máximo es "
                            f"{limit / 2**20:.0f} MB: no se cargó ninguna fila. Divide la "
                            "exportación en archivos más pequeños.")


def line_too_long(line: int) -> RowError:
    """A line over ``MAX_LINE_CHARS``; on line 1 (the header) the whole file is refused."""
    if line == 1:
        return RowError(1, "-", f"La línea 1 tiene más de {MAX_LINE_CHARS:,} caracteres: el "
                                "archivo no tiene saltos de línea o no es un CSV. No se cargó "
                                "ninguna fila.")
    return RowError(line, "-", f"La línea tiene más de {MAX_LINE_CHARS:,} caracteres; no se "
                               "leyó.")


UNCLOSED_QUOTE = ("Comillas sin cerrar: el campo que empieza en esta línea no termina (o supera "
                  "el largo máximo); se descartaron sus líneas. Revisa las comillas (\").")
FILE_REPLACED = ("El archivo de esta importación fue reemplazado por otro antes de cargarse: no "
                 "se cargó ninguna fila. Inicia una nueva importación.")


def shown_status(status: str, created_at: datetime, now: datetime) -> str:
    """The status the admin sees: ``stalled`` for a run that can no longer finish by itself (the
    file never arrived, or the worker died on every attempt), so it is not "in progress"
    forever. Stored statuses stay as the worker wrote them."""
    if status in ("pending", "processing") and now - created_at > STALLED_AFTER:
        return "stalled"
    return status


MOBILE_PATTERN = re.compile(r"^9[0-9]{8}$")
"""A Peruvian mobile number: nine ASCII digits starting with 9, no prefix or spaces."""


def check_contact(row: dict[str, str], problems: Problems) -> dict[str, str]:
    """The optional ``email`` and ``mobile`` on file: empty, or a valid address (lower case, as
    the portal's logins are) and mobile. Registration mails its link only to this address."""
    raw_email, mobile = (row.get("email") or "").strip(), (row.get("mobile") or "").strip()
    email = normalize_email(raw_email) if raw_email else ""
    if email is None:
        problems.append(("email", "Ingresa un correo electrónico válido o deja el campo vacío."))
    if mobile and not MOBILE_PATTERN.match(mobile):
        problems.append(("mobile", "El celular debe tener 9 dígitos y empezar con 9."))
    return {"email": email or "", "mobile": mobile}


def check_member_row(row: dict[str, str], today: date) -> tuple[dict[str, str], Problems]:
    """A registry member: ``dni,first_name,last_name,birth_date,status`` and the optional
    ``email,mobile`` on file."""
    problems: Problems = []
    birth_date = check_date(row.get("birth_date") or "", "birth_date", problems)
    if birth_date and birth_date > today:
        problems.append(("birth_date", "La fecha de nacimiento no puede ser futura."))
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "first_name": check_name(row.get("first_name") or "", "first_name", problems),
        "last_name": check_name(row.get("last_name") or "", "last_name", problems),
        "birth_date": birth_date.isoformat() if birth_date else "",
        "status": check_choice(row.get("status") or "", "status", ("active", "inactive"), problems),
        **check_contact(row, problems),
    }
    return record, problems


def _first_record(records: list[dict[str, str]]) -> dict[str, str]:
    return records[0]


@dataclass(frozen=True)
class ImportKind:
    name: str
    columns: tuple[str, ...]
    check: Callable[[dict[str, str], date], tuple[dict[str, str], Problems]]
    unique_by: tuple[str, ...]
    """The columns that identify a record (a product, for grouped kinds); a repeated value in
    one file is a bad row."""
    build: Callable[[list[dict[str, str]]], Any] = _first_record
    """What is written for a record (or a grouped product's records)."""
    grouped: bool = False
    check_group: Callable[[list[tuple[int, dict[str, str]]]], list[RowError]] | None = None
    optional_columns: tuple[str, ...] = ()
    """Read when the header has them; a file without them still loads."""

    def identity(self, record: dict[str, str]) -> tuple[str, ...]:
        return tuple(record.get(column, "") for column in self.unique_by)


IMPORT_KINDS: dict[str, ImportKind] = {
    "members": ImportKind(
        name="members",
        columns=("dni", "first_name", "last_name", "birth_date", "status"),
        check=check_member_row,
        unique_by=("dni",),
        optional_columns=("email", "mobile"),
    ),
    "contributions": ImportKind(
        name="contributions",
        columns=("dni", "account_number", "balance", "monthly_fee", "opened_on", "as_of"),
        check=product_rows.check_contributions_row,
        unique_by=("account_number",),
        build=product_rows.contributions_document,
        optional_columns=("status", "closed_on"),
    ),
    "savings": ImportKind(
        name="savings",
        columns=("dni", "account_number", "type", "currency", "balance", "rate", "opened_on",
                 "last_movement_on", "as_of"),
        check=product_rows.check_savings_row,
        unique_by=("account_number",),
        build=product_rows.savings_document,
        optional_columns=("status", "closed_on"),
    ),
    "fixed_deposits": ImportKind(
        name="fixed_deposits",
        columns=("dni", "certificate", "currency", "principal", "rate", "opened_on",
                 "matures_on", "interest_accrued", "interest_at_maturity", "status", "as_of"),
        check=product_rows.check_fixed_deposit_row,
        unique_by=("certificate",),
        build=product_rows.fixed_deposit_document,
        optional_columns=("closed_on",),
    ),
    "loans": ImportKind(
        name="loans",
        columns=("dni", "loan_number", "product", "currency", "original_amount", "balance",
                 "annual_rate", "disbursed_on", "installments_total", "n", "due_date",
                 "principal", "interest", "insurance", "total", "balance_after", "status",
                 "as_of"),
        check=product_rows.check_loan_row,
        unique_by=("loan_number",),
        build=product_rows.loan_document,
        grouped=True,
        check_group=product_rows.check_loan_group,
        optional_columns=("loan_status", "closed_on"),
    ),
    "cts": ImportKind(
        name="cts",
        columns=("dni", "account_number", "employer", "currency", "balance",
                 "available_to_withdraw", "opened_on", "as_of"),
        check=product_rows.check_cts_row,
        unique_by=("account_number",),
        build=product_rows.cts_document,
        optional_columns=("status", "closed_on"),
    ),
    "family_benefit": ImportKind(
        name="family_benefit",
        columns=("dni", "plan_number", "monthly_fee", "annual_payment", "pending_installments",
                 "status", "holder_death_amount", "beneficiary_death_amount", "beneficiary_name",
                 "relationship", "percentage", "entitled", "as_of"),
        check=product_rows.check_family_benefit_row,
        unique_by=("plan_number",),
        build=product_rows.family_benefit_document,
        grouped=True,
        check_group=product_rows.check_family_benefit_group,
    ),
    "movements": ImportKind(
        name="movements",
        columns=("dni", "movement_id", "product", "product_number", "date", "description",
                 "amount", "currency", "balance"),
        check=product_rows.check_movement_row,
        unique_by=("movement_id",),
        build=product_rows.movement_document,
    ),
}


def missing_columns(kind: ImportKind, header: list[str]) -> list[str]:
    present = {column.strip().lower() for column in header}
    return [column for column in kind.columns if column not in present]
