"""What «Tasas y tarifas» and «Contacto» show besides the credit catalogue: the savings and deposit
rates, the fees and the agencies an admin keeps (issue 18).

Two documents, each validated whole when an admin saves it: ``rates`` (rate rows by group and fee
rows) and ``contact`` (the agencies). Rates are fractions like the credit products' (``0.0350``
is 3.50 %), fees soles with two decimals; a phone keeps the digits and separators it was typed
with, a WhatsApp number is a Peruvian mobile kept as its nine digits (the site links
``https://wa.me/51<digits>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    FieldProblem,
    Fields,
    choice,
    decimal_value,
    normalize_email,
    refuse_read_only_fields,
    text_value,
)

RATES = "rates"
CONTACT = "contact"
CONTENT_IDS = (RATES, CONTACT)

RATE_GROUPS: dict[str, tuple[str, str]] = {
    "ahorros": ("Ahorros", "TREA"),
    "plazo_fijo": ("Depósitos a plazo fijo", "TEA"),
    "cts": ("CTS", "TREA"),
}
"""Group → its Spanish title and the rate it quotes (TREA for savings, TEA for deposits)."""
MAX_ROWS = 40
MAX_AGENCIES = 20
MAX_PHONES = 4
CONCEPT_MAX = 80
NOTE_MAX = 200
MAX_RATE = Decimal("1")
MAX_FEE = Decimal("100000")
RATE_DECIMALS = 6
CENT = Decimal("0.01")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]{4,23}$")
PHONE_DIGITS = (6, 12)
_MOBILE = re.compile(r"^9[0-9]{8}$")
SERVER_OWNED = ("updated_at", "updated_by")

PHONE_MESSAGE = ("Escribe un teléfono válido: solo números, espacios, guiones y paréntesis, "
                 "p. ej. (01) 614-5000 o 987 654 321.")
WHATSAPP_MESSAGE = "Escribe un celular del Perú de 9 dígitos que empiece con 9, p. ej. 987 654 321."
EMAIL_MESSAGE = "Escribe un correo electrónico válido, p. ej. agencia@coopac.pe."
RATE_MESSAGE = ("La tasa se expresa como fracción (0.0350 es 3.50 %): debe estar entre 0 y 1.")


@dataclass(frozen=True)
class ContentDocument:
    """One kept document: its fields (as stored and served), and who saved it last, when."""

    content_id: str
    data: Mapping[str, Any]
    version: int
    updated_at: str | None
    updated_by: str | None


@dataclass(frozen=True)
class ContentRequest:
    """An admin's new version of one document, and the version the admin read (optional)."""

    content_id: str
    data: dict[str, Any]
    expected_version: int | None


def rate_text(rate: Decimal) -> str:
    """``"0.0350"``: four decimals, or more when the rate has them (like the products')."""
    four = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return f"{four if four == rate else rate.normalize():f}"


def _rate(value: Any) -> str:
    rate = decimal_value(value, places=RATE_DECIMALS)
    if rate < 0 or rate > MAX_RATE:
        raise FieldProblem(RATE_MESSAGE)
    return rate_text(rate)


def _fee(value: Any) -> str:
    amount = decimal_value(value, places=2)
    if amount < 0 or amount > MAX_FEE:
        raise FieldProblem(f"El importe debe estar entre 0.00 y {MAX_FEE:,.2f} soles.")
    return str(amount.quantize(CENT))


def _note(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return text_value(value, max_length=NOTE_MAX)


def _concept(value: Any) -> str:
    return text_value(value, max_length=CONCEPT_MAX)


# --- phones ---------------------------------------------------------------------------------


def phone_text(value: Any) -> str:
    """A phone as typed (``(01) 614-5000``, ``+51 73 381234``): digits and separators only,
    6 to 12 digits, spaces collapsed."""
    text = text_value(value, max_length=24)
    digits = re.sub(r"[^0-9]", "", text)
    if not _PHONE.match(text) or not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
        raise FieldProblem(PHONE_MESSAGE)
    return text


def whatsapp_number(value: Any) -> str | None:
    """A Peruvian mobile as its nine digits (``+51 987 654 321`` → ``987654321``); empty: none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[0-9 +()\-]{9,20}", value.strip()):
        raise FieldProblem(WHATSAPP_MESSAGE)
    digits = re.sub(r"[^0-9]", "", value)
    if len(digits) == 11 and digits.startswith("51"):
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise FieldProblem(WHATSAPP_MESSAGE)
    return digits


def _email(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    email = normalize_email(value)
    if email is None:
        raise FieldProblem(EMAIL_MESSAGE)
    return email


def _phones(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise FieldProblem("Agrega al menos un teléfono.")
    if len(value) > MAX_PHONES:
        raise FieldProblem(f"Como máximo {MAX_PHONES} teléfonos por agencia.")
    return [phone_text(phone) for phone in value]


# --- the two documents ----------------------------------------------------------------------

_Row = Callable[[Mapping[str, Any], str, Fields], dict[str, Any] | None]


def _rows(value: Any, name: str, row: _Row, fields: Fields, *, minimum: int,
          maximum: int) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) < minimum:
        fields.add(name, "Agrega al menos una fila." if minimum else "Debe ser una lista.")
        return []
    if len(value) > maximum:
        fields.add(name, f"Como máximo {maximum} filas.")
        return []
    parsed = []
    for index, item in enumerate(value):
        at = f"{name}[{index}]"
        if not isinstance(item, Mapping):
            fields.add(at, "Cada fila es un objeto con sus campos.")
            continue
        parsed.append(row(item, at, fields))
    return [item for item in parsed if item is not None]


def _rate_row(item: Mapping[str, Any], at: str, fields: Fields) -> dict[str, Any] | None:
    group = fields.take(f"{at}.group", choice, item.get("group"), RATE_GROUPS,
                        "Elige un grupo: ahorros, plazo fijo o CTS.")
    concept = fields.take(f"{at}.concept", _concept, item.get("concept"))
    rate = fields.take(f"{at}.rate", _rate, item.get("rate"))
    note = fields.take(f"{at}.note", _note, item.get("note"))
    if group is None or concept is None or rate is None or note is None:
        return None
    return {"group": group, "concept": concept, "rate": rate, "note": note}


def _fee_row(item: Mapping[str, Any], at: str, fields: Fields) -> dict[str, Any] | None:
    concept = fields.take(f"{at}.concept", _concept, item.get("concept"))
    amount = fields.take(f"{at}.amount", _fee, item.get("amount"))
    note = fields.take(f"{at}.note", _note, item.get("note"))
    if concept is None or amount is None or note is None:
        return None
    return {"concept": concept, "amount": amount, "note": note}


def _agency(item: Mapping[str, Any], at: str, fields: Fields) -> dict[str, Any] | None:
    agency = {
        "name": fields.take(f"{at}.name", text_value, item.get("name"), max_length=CONCEPT_MAX),
        "address": fields.take(f"{at}.address", text_value, item.get("address"),
                               max_length=NOTE_MAX),
        "district": fields.take(f"{at}.district", text_value, item.get("district"),
                                max_length=CONCEPT_MAX),
        "hours": fields.take(f"{at}.hours", text_value, item.get("hours"), max_length=NOTE_MAX),
        "phones": fields.take(f"{at}.phones", _phones, item.get("phones")),
    }
    whatsapp = fields.take(f"{at}.whatsapp", whatsapp_number, item.get("whatsapp"))
    email = fields.take(f"{at}.email", _email, item.get("email"))
    if any(value is None for value in agency.values()) or f"{at}.whatsapp" in fields.problems \
            or f"{at}.email" in fields.problems:
        return None
    return {**agency, "whatsapp": whatsapp, "email": email}


def _expected_version(value: Any, fields: Fields) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        fields.add("version", "Debe ser el número de versión que leíste (un entero).")
        return None
    return value


def parse_rates(body: Mapping[str, Any]) -> ContentRequest:
    """``rates`` (group, concept, rate, note) and ``fees`` (concept, amount, note), whole."""
    refuse_read_only_fields(body, SERVER_OWNED)
    unknown_fields(body, ("rates", "fees", "version"))
    fields = Fields()
    rates = _rows(body.get("rates"), "rates", _rate_row, fields, minimum=1, maximum=MAX_ROWS)
    fees = _rows(body.get("fees", []), "fees", _fee_row, fields, minimum=0, maximum=MAX_ROWS)
    version = _expected_version(body.get("version"), fields)
    fields.raise_if_any("Revisa las tasas y tarifas.")
    return ContentRequest(RATES, {"rates": rates, "fees": fees}, version)


def parse_contact(body: Mapping[str, Any]) -> ContentRequest:
    """``agencies``: 1 to 20, each with name, address, district, hours and phones (WhatsApp and
    e-mail optional), whole."""
    refuse_read_only_fields(body, SERVER_OWNED)
    unknown_fields(body, ("agencies", "version"))
    fields = Fields()
    agencies = _rows(body.get("agencies"), "agencies", _agency, fields, minimum=1,
                     maximum=MAX_AGENCIES)
    version = _expected_version(body.get("version"), fields)
    fields.raise_if_any("Revisa los datos de las agencias.")
    return ContentRequest(CONTACT, {"agencies": agencies}, version)


def unknown_fields(body: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """A name the document does not have is a mistake, not something to drop silently."""
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise InvalidInput("La solicitud incluye campos desconocidos.",
                           fields=dict.fromkeys(extra, "Este campo no existe."))


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Which top-level lists an edit changed (the audit's summary)."""
    return ",".join(sorted(key for key in after if before.get(key) != after.get(key))) or "-"


def rate_group_view(group: str) -> dict[str, str]:
    title, quoted = RATE_GROUPS[group]
    return {"group": group, "title": title, "quoted_as": quoted}


EMPTY_DOCUMENTS: dict[str, dict[str, Any]] = {RATES: {"rates": [], "fees": []},
                                              CONTACT: {"agencies": []}}
"""What the pages show before an admin saved anything (a new stage without the demo seed)."""
