"""Field checks shared by every core-system CSV kind (docs/imports.md).

Each check takes the raw text, appends ``(field, Spanish message)`` to ``problems`` when the value
is wrong and returns the clean value (normalized text: money ``"3105.97"``, dates ISO).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.shared import money
from chalicelib.domain.shared.input_fields import small_natural

DNI_PATTERN = re.compile(r"^[0-9]{8}$")
NUMBER_PATTERN = re.compile(r"^[0-9]{4,20}$")
"""ASCII digits only (``[0-9]``, not ``\\d``, which takes every script's digits)."""
IDENTIFIER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MAX_NAME_LENGTH = 100
CURRENCIES = ("PEN", "USD")

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


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


def check_past_date(value: str, field: str, today: date, problems: Problems) -> date | None:
    """A date that has already happened (cut-off dates, movements, openings)."""
    parsed = check_date(value, field, problems)
    if parsed and parsed > today:
        problems.append((field, "La fecha no puede ser futura."))
        return None
    return parsed


def check_optional_date(value: str, field: str, problems: Problems) -> date | None:
    return check_date(value, field, problems) if value.strip() else None


def check_choice(value: str, field: str, choices: tuple[str, ...], problems: Problems) -> str:
    value = value.strip().lower()
    if value not in choices:
        problems.append((field, f"Valor no permitido; use uno de: {', '.join(choices)}."))
    return value


def check_currency(value: str, problems: Problems, field: str = "currency") -> str:
    value = value.strip().upper()
    if value not in CURRENCIES:
        problems.append((field, "La moneda debe ser PEN o USD."))
    return value


def check_number(value: str, field: str, problems: Problems) -> str:
    """An account, loan, certificate or plan number: 4 to 20 digits, leading zeros kept."""
    value = value.strip()
    if not NUMBER_PATTERN.match(value):
        problems.append((field, "El número debe tener de 4 a 20 dígitos."))
    return value


def check_identifier(value: str, field: str, problems: Problems) -> str:
    value = value.strip()
    if not IDENTIFIER_PATTERN.match(value):
        problems.append((field, "El identificador admite de 1 a 40 letras, dígitos, - o _."))
    return value


def check_amount(value: str, field: str, problems: Problems, *, signed: bool = False) -> str:
    """Money as a plain decimal with a dot (``3105.97``); normalized to two decimals."""
    parsed = money.parse_amount(value, signed=signed)
    if parsed is None:
        sign = "" if signed else " no negativo"
        problems.append((field, f"El monto debe ser un número{sign} con punto decimal y hasta "
                                "dos decimales (ej. 3105.97)."))
        return ""
    return money.money(parsed)


def check_rate(value: str, field: str, problems: Problems) -> str:
    parsed = money.parse_rate(value)
    if parsed is None:
        problems.append((field, "La tasa debe ser una fracción menor que 1 con hasta cuatro "
                                "decimales (ej. 0.1350 para 13.50 %)."))
        return ""
    return money.rate(parsed)


def check_percentage(value: str, field: str, problems: Problems) -> str:
    parsed = money.parse_percentage(value)
    if parsed is None:
        problems.append((field, "El porcentaje debe estar entre 0 y 100, con hasta dos "
                                "decimales."))
        return ""
    return f"{parsed:.2f}"


def check_count(value: str, field: str, problems: Problems, *, low: int, high: int) -> str:
    number = small_natural(value.strip())
    if number is None or not low <= number <= high:
        problems.append((field, f"Debe ser un número entero entre {low} y {high}."))
        return ""
    return str(number)


def check_flag(value: str, field: str, problems: Problems) -> str:
    text = value.strip().lower()
    if text not in ("true", "false"):
        problems.append((field, "Valor no permitido; use true o false."))
    return text


def amount_of(record: dict[str, str], field: str) -> Decimal:
    """A clean record's money field as a Decimal (the checks above normalized it)."""
    return Decimal(record[field])
