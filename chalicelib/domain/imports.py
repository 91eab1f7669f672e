"""Row checks of the core system's CSV exports (docs/imports.md).

Each kind declares its columns and a ``check`` that turns one CSV row into a clean record or a
list of field problems with Spanish messages. Line numbers count the header as line 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

DNI_PATTERN = re.compile(r"^\d{8}$")
MAX_NAME_LENGTH = 100
MAX_REPORTED_ERRORS = 1000
"""The import's status keeps the first thousand bad rows; the counts are always complete."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


Problems = list[tuple[str, str]]


def check_dni(value: str, problems: Problems, field: str = "dni") -> str:
    value = value.strip()
    if not DNI_PATTERN.match(value):
        problems.append((field, "El DNI debe tener 8 dígitos."))
    return value


def check_name(value: str, field: str, problems: Problems) -> str:
    value = " ".join(value.split())
    if not value:
        problems.append((field, "El campo es obligatorio."))
    elif len(value) > MAX_NAME_LENGTH:
        problems.append((field, f"El campo admite como máximo {MAX_NAME_LENGTH} caracteres."))
    return value


def check_date(value: str, field: str, problems: Problems) -> date | None:
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        problems.append((field, "La fecha debe tener el formato AAAA-MM-DD."))
        return None
    if parsed.year < 1900:
        problems.append((field, "La fecha no es válida."))
        return None
    return parsed


def check_choice(value: str, field: str, choices: tuple[str, ...], problems: Problems) -> str:
    value = value.strip().lower()
    if value not in choices:
        problems.append((field, f"Valor no permitido; use uno de: {', '.join(choices)}."))
    return value


def check_member_row(row: dict[str, str], today: date) -> tuple[dict[str, str], Problems]:
    """A registry member: ``dni,first_name,last_name,birth_date,status``."""
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
    }
    return record, problems


@dataclass(frozen=True)
class ImportKind:
    name: str
    columns: tuple[str, ...]
    check: Callable[[dict[str, str], date], tuple[dict[str, str], Problems]]
    unique_by: str
    """The column that identifies a record; a repeated value in one file is a bad row."""


IMPORT_KINDS: dict[str, ImportKind] = {
    "members": ImportKind(
        name="members",
        columns=("dni", "first_name", "last_name", "birth_date", "status"),
        check=check_member_row,
        unique_by="dni",
    ),
}


def missing_columns(kind: ImportKind, header: list[str]) -> list[str]:
    present = {column.strip().lower() for column in header}
    return [column for column in kind.columns if column not in present]
