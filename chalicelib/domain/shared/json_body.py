"""A request body is strict JSON: the rules the HTTP edge applies before any view reads it.

Python's ``json`` module reads more than JSON and fails in ways a request must never reach: it
takes ``NaN``, ``Infinity`` and ``-Infinity``, turns ``1e999`` into an infinite float, lets the
last of two repeated keys win, raises ``ValueError`` past 4300 digits (``sys.int_max_str_digits``)
and ``RecursionError`` on deep nesting. Every one of those is a 400 ``malformed_json`` here, with
a Spanish reason, before anything is written. The body's size and content type are checked before
it is read at all.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput, UnsupportedMediaType

MAX_BODY_BYTES = 64 * 1024
MAX_NUMBER_CHARS = 40
"""No field of the API needs a longer number (amounts have 15 digits and 12 decimals at most)."""
MAX_EXPONENT = 308
"""A number of 10**309 or more is out of range (beyond what JSON readers take as a double)."""
MAX_DEPTH = 20
"""Levels of objects and arrays; the API's deepest body (a report's simulation) has two."""
JSON_MEDIA_TYPE = "application/json"

MALFORMED = "El cuerpo de la solicitud no es un JSON válido."
MALFORMED_BECAUSE = "El cuerpo de la solicitud no es un JSON válido: {}."


class _NotStrict(ValueError):
    """JSON that Python would read but the API refuses; its text is the Spanish reason."""


def check_body(raw: bytes, content_type: str | None) -> None:
    """A body is at most ``MAX_BODY_BYTES`` and sent as ``application/json`` (parameters such as
    ``charset=utf-8`` allowed; it is read as UTF-8). A request without a body needs no content
    type (a logout)."""
    if not raw:
        return
    if len(raw) > MAX_BODY_BYTES:
        raise InvalidInput("El contenido enviado es demasiado grande.", code="body_too_large")
    if not is_json_content_type(content_type):
        raise UnsupportedMediaType()


def is_json_content_type(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == JSON_MEDIA_TYPE


def parse_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object (``{}`` when empty); anything else is a 400, never a 500."""
    if not raw:
        return {}
    value = _strict_loads(raw)
    if not isinstance(value, dict):
        raise InvalidInput("El cuerpo de la solicitud debe ser un objeto JSON.",
                           code="malformed_json")
    return value


def _strict_loads(raw: bytes) -> Any:
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant,
                           parse_int=_integer, parse_float=_fraction, object_pairs_hook=_object)
        if _deeper_than(value, MAX_DEPTH):
            raise _NotStrict(f"anida más de {MAX_DEPTH} niveles de objetos o listas")
    except _NotStrict as reason:
        raise InvalidInput(MALFORMED_BECAUSE.format(reason), code="malformed_json") from None
    except RecursionError:
        raise InvalidInput(MALFORMED_BECAUSE.format("anida demasiados niveles de objetos o listas"),
                           code="malformed_json") from None
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput(MALFORMED, code="malformed_json") from None
    return value


def _refuse_constant(name: str) -> Any:
    raise _NotStrict(f"{name} no es un número JSON")


def _number_text(text: str) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NotStrict(f"un número tiene más de {MAX_NUMBER_CHARS} caracteres")
    return text


def _integer(text: str) -> int:
    return int(_number_text(text))


def _fraction(text: str) -> Decimal:
    """A JSON number with a fraction or an exponent, exactly as sent: amounts never pass through
    a float, which would round ``100.10000000000000001`` to ``100.1`` before the cents check."""
    number = Decimal(_number_text(text))
    if number and number.adjusted() > MAX_EXPONENT:
        raise _NotStrict(f"el número {text} está fuera de rango")
    return number


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _NotStrict(f"la clave «{key[:40]}» está repetida")
        seen.add(key)
    return dict(pairs)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than ``limit`` levels (walked without recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False
