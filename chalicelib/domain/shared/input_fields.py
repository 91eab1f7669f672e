"""Parsing of request fields into typed values, with one Spanish message per bad field.

A JSON body is untrusted: numbers may come as strings, floats, booleans, NaN or absurd sizes.
Each parser returns the value or raises ``FieldProblem``; ``Fields`` collects the problems of a
whole body so the client sees every bad field at once (a 400 ``invalid_input`` with ``fields``).

Digits are ASCII ``0-9`` only: ``\\d`` in a ``str`` pattern, ``str.isdigit()``, ``int()`` and
``Decimal()`` all take other scripts' digits too (``"٥٠٠٠"`` reads as 5000, ``"８"`` as 8, and
``"²".isdigit()`` is true though ``int("²")`` fails), so every pattern here spells ``[0-9]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput

OWNERSHIP_FIELDS = frozenset({
    "role", "owner", "owner_id", "member_id", "assignee", "assignee_id", "status",
})
"""Who owns or works a record, and its state: set by the server alone. Every body a member or
a visitor sends refuses them (mass assignment), whatever else that endpoint protects."""

DEFAULT_PAGE = 20
MAX_PAGE = 100
"""Every list route answers pages of ``?limit=`` items: 20 unless asked, 100 at most."""

READ_ONLY_FIELD_MESSAGE = "Este campo no se puede enviar: lo asigna el sistema."


def refuse_read_only_fields(body: Mapping[str, Any], server_owned: Collection[str]) -> None:
    """The one mass-assignment guard: a body that names a field of ``server_owned`` is refused
    whole (400 ``read_only_field``, each such field named), never half-obeyed or silently
    trimmed, so a client learns at once that the server alone sets it."""
    sent = sorted(set(body) & set(server_owned))
    if sent:
        raise InvalidInput("La solicitud incluye campos que no se pueden enviar.",
                           code="read_only_field",
                           fields=dict.fromkeys(sent, READ_ONLY_FIELD_MESSAGE))

EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]{2,}$")
_DECIMAL_TEXT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,12})?")
_INTEGER_TEXT = re.compile(r"-?[0-9]{1,9}")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SMALL_NATURAL_TEXT = re.compile(r"[0-9]{1,9}")


class FieldProblem(ValueError):
    """What is wrong with one field, in Spanish."""


class Fields:
    """Collects field problems; ``raise_if_any`` turns them into one ``InvalidInput``."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}

    def take[T](self, name: str, parse: Callable[..., T], *args: Any,
                **kwargs: Any) -> T | None:
        try:
            return parse(*args, **kwargs)
        except FieldProblem as problem:
            self.problems.setdefault(name, str(problem))
            return None

    def add(self, name: str, message: str) -> None:
        self.problems.setdefault(name, message)

    def raise_if_any(self, message: str = "Revisa los datos ingresados.") -> None:
        if self.problems:
            raise InvalidInput(message, fields=self.problems)


def present[T](value: T | None) -> T:
    """A value ``Fields.take`` returned, once ``raise_if_any`` has passed (never ``None`` then)."""
    if value is None:
        raise RuntimeError("a field was read before its problems were raised")
    return value


def required(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldProblem("Este campo es obligatorio.")
    return value


def decimal_value(value: Any, *, places: int) -> Decimal:
    """A number (JSON number or numeric string) with at most ``places`` decimals."""
    required(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise FieldProblem("Debe ser un número.")
    text = str(value).strip()
    if not _DECIMAL_TEXT.fullmatch(text):
        raise FieldProblem("Debe ser un número válido (use punto decimal, sin separador de miles).")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldProblem("Debe ser un número.") from None
    if -number.as_tuple().exponent > places:  # type: ignore[operator]
        raise FieldProblem(f"Admite como máximo {places} decimales.")
    return number


def integer_value(value: Any) -> int:
    """A whole number (JSON integer or a string of digits); never a boolean or a fraction."""
    required(value)
    if isinstance(value, bool):
        raise FieldProblem("Debe ser un número entero.")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    raise FieldProblem("Debe ser un número entero.")


def small_natural(text: str) -> int | None:
    """``text`` as a whole number of one to nine ASCII digits (``"20"``), else None: never a
    sign, a space inside, another script's digits or thousands of digits (``int()`` would fail
    on ``"²"`` and past 4300 digits)."""
    return int(text) if _SMALL_NATURAL_TEXT.fullmatch(text) else None


def is_iso_date_text(text: str) -> bool:
    """``AAAA-MM-DD`` in ASCII digits (whether the day exists is ``date.fromisoformat``'s job;
    alone it also takes ``20260101`` and ``2026-W01-1``)."""
    return _DATE_TEXT.fullmatch(text) is not None


def text_value(value: Any, *, min_length: int = 1, max_length: int = 200) -> str:
    required(value)
    if not isinstance(value, str):
        raise FieldProblem("Debe ser un texto.")
    text = " ".join(value.split())
    if len(text) < min_length:
        raise FieldProblem(f"Debe tener al menos {min_length} caracteres.")
    if len(text) > max_length:
        raise FieldProblem(f"Admite como máximo {max_length} caracteres.")
    return text


def iso_date(value: Any) -> date:
    required(value)
    if not isinstance(value, str) or not is_iso_date_text(value.strip()):
        raise FieldProblem("Debe ser una fecha con el formato AAAA-MM-DD.")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem("La fecha no existe.") from None


def choice(value: Any, options: Iterable[str], message: str) -> str:
    required(value)
    if not isinstance(value, str) or value.strip().lower() not in set(options):
        raise FieldProblem(message)
    return value.strip().lower()


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem("Debe ser verdadero o falso.")
    return value


def normalize_email(value: object) -> str | None:
    """The e-mail in lower case, or None when it is not an address (sign-in, recovery, the
    registry's contact e-mails)."""
    if not isinstance(value, str):
        return None
    email = value.strip().lower()
    if len(email) > EMAIL_MAX or not _EMAIL.match(email):
        return None
    return email


def parse_limit(value: str | None) -> int:
    """``?limit=`` 1–100 (default 20)."""
    if value in (None, ""):
        return DEFAULT_PAGE
    limit = small_natural(str(value).strip())
    if limit is None or not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(fields={"limit": f"Debe ser un número entre 1 y {MAX_PAGE}."})
    return limit
