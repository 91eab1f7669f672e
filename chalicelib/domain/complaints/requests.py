"""The Libro de Reclamaciones' requests, parsed at the HTTP edge into typed values: every bad
field answers at once, in Spanish (docs/validation.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.domain.complaints.complaint import (
    Consumer,
    DocumentType,
    Kind,
    NewComplaint,
    Product,
    is_complaint_code,
)
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    OWNERSHIP_FIELDS,
    FieldProblem,
    Fields,
    decimal_value,
    normalize_email,
    present,
    refuse_read_only_fields,
    required,
    text_value,
)

SERVER_OWNED = OWNERSHIP_FIELDS | {
    "code", "received_at", "received_on", "due_on", "answer", "answered_at", "answered_by",
    "user_id",
}
MAX_AMOUNT = Decimal("99999999.99")
DETAIL_MAX = 3000
REQUEST_MAX = 1000
ANSWER_MAX = 5000
_DNI = re.compile(r"[0-9]{8}")
_CE = re.compile(r"[0-9A-Z]{9,12}")
_PHONE = re.compile(r"\+?[0-9]{6,15}")

NOT_FOUND_MESSAGE = "No encontramos una hoja con ese código y documento. Revisa ambos datos."


@dataclass(frozen=True)
class StatusLookup:
    code: str
    document_number: str


@dataclass(frozen=True)
class AssignRequest:
    operator_id: str


@dataclass(frozen=True)
class AnswerRequest:
    answer: str


def _document_type(value: Any) -> DocumentType:
    if value in (None, ""):
        return DocumentType.DNI
    try:
        return DocumentType(str(value).strip().lower())
    except ValueError:
        raise FieldProblem("Elige DNI o carné de extranjería.") from None


def document_number(value: Any, kind: DocumentType) -> str:
    required(value)
    text = str(value).strip().upper() if isinstance(value, str) else ""
    if kind is DocumentType.DNI and not _DNI.fullmatch(text):
        raise FieldProblem("El DNI tiene 8 dígitos.")
    if kind is DocumentType.CE and not _CE.fullmatch(text):
        raise FieldProblem("El carné de extranjería tiene de 9 a 12 letras o dígitos.")
    return text


def _phone(value: Any) -> str:
    required(value)
    text = re.sub(r"[ \-()]", "", value) if isinstance(value, str) else ""
    if not _PHONE.fullmatch(text):
        raise FieldProblem("Escribe un teléfono de 6 a 15 dígitos.")
    return text


def _email(value: Any) -> str:
    required(value)
    email = normalize_email(value)
    if email is None:
        raise FieldProblem("Escribe un correo electrónico válido.")
    return email


def _choice[E: Kind | Product](value: Any, kind: type[E], message: str) -> E:
    required(value)
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        raise FieldProblem(message) from None


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    amount = decimal_value(value, places=2)
    if amount <= 0 or amount > MAX_AMOUNT:
        raise FieldProblem("El monto debe ser mayor que cero y menor que S/ 100,000,000.")
    return amount


def _guardian(data: Mapping[str, Any]) -> str | None:
    minor = data.get("is_minor", False)
    if not isinstance(minor, bool):
        raise FieldProblem("Debe ser verdadero o falso.")
    if not minor:
        return None
    return text_value(data.get("guardian_name"), min_length=3, max_length=150)


def _accepts(value: Any) -> bool:
    if value is not True:
        raise FieldProblem("Acepta recibir la respuesta en tu correo electrónico para continuar.")
    return True


def _consumer(data: Mapping[str, Any], fields: Fields) -> Consumer | None:
    kind = fields.take("document_type", _document_type, data.get("document_type"))
    number = fields.take("document_number", document_number, data.get("document_number"),
                         kind or DocumentType.DNI)
    name = fields.take("full_name", text_value, data.get("full_name"), min_length=3,
                       max_length=150)
    address = fields.take("address", text_value, data.get("address"), min_length=5,
                          max_length=200)
    phone = fields.take("phone", _phone, data.get("phone"))
    email = fields.take("email", _email, data.get("email"))
    guardian = fields.take("guardian_name", _guardian, data)
    if fields.problems:
        return None
    return Consumer(full_name=present(name), document_type=present(kind),
                    document_number=present(number), address=present(address),
                    phone=present(phone), email=present(email), guardian_name=guardian)


def parse_new_complaint(data: Mapping[str, Any]) -> NewComplaint:
    """The public form: identity and contact, product, amount (optional), kind, detail, pedido
    and the acceptance that the answer goes to the e-mail given."""
    refuse_read_only_fields(data, SERVER_OWNED)
    fields = Fields()
    consumer = _consumer(data, fields)
    product = fields.take("product", _choice, data.get("product"), Product,
                          "Elige el producto o servicio.")
    amount = fields.take("amount", _amount, data.get("amount"))
    kind = fields.take("kind", _choice, data.get("kind"), Kind, "Elige reclamo o queja.")
    detail = fields.take("detail", text_value, data.get("detail"), min_length=10,
                         max_length=DETAIL_MAX)
    request = fields.take("request", text_value, data.get("request"), min_length=5,
                          max_length=REQUEST_MAX)
    accepts = fields.take("accepts_email_answer", _accepts, data.get("accepts_email_answer"))
    fields.raise_if_any()
    return NewComplaint(consumer=present(consumer), product=present(product), amount=amount,
                        kind=present(kind), detail=present(detail), request=present(request),
                        accepts_email_answer=present(accepts))


def _code(value: Any) -> str:
    required(value)
    code = value.strip().upper() if isinstance(value, str) else ""
    if not is_complaint_code(code) or len(code) > 20:
        raise FieldProblem("El código tiene la forma R-2026-000123.")
    return code


def _any_document(value: Any) -> str:
    required(value)
    text = value.strip().upper() if isinstance(value, str) else ""
    if not (_DNI.fullmatch(text) or _CE.fullmatch(text)):
        raise FieldProblem("Escribe tu DNI (8 dígitos) o carné de extranjería.")
    return text


def parse_status_lookup(data: Mapping[str, Any]) -> StatusLookup:
    """The public status page: ``code`` and the consumer's ``document_number``."""
    fields = Fields()
    code = fields.take("code", _code, data.get("code"))
    number = fields.take("document_number", _any_document, data.get("document_number"))
    fields.raise_if_any()
    return StatusLookup(code=present(code), document_number=present(number))


def parse_code(value: str) -> str:
    """A path's code; anything that is not one is simply not found."""
    code = value.strip().upper()
    return code if is_complaint_code(code) and len(code) <= 20 else ""


def parse_assign_request(data: Mapping[str, Any]) -> AssignRequest:
    fields = Fields()
    operator = fields.take("operator_id", text_value, data.get("operator_id"), max_length=64)
    fields.raise_if_any()
    return AssignRequest(operator_id=present(operator))


def parse_answer_request(data: Mapping[str, Any]) -> AnswerRequest:
    refuse_read_only_fields(data, SERVER_OWNED - {"answer"})
    fields = Fields()
    answer = fields.take("answer", _answer_text, data.get("answer"))
    fields.raise_if_any()
    return AnswerRequest(answer=present(answer))


def _answer_text(value: Any) -> str:
    required(value)
    if not isinstance(value, str):
        raise FieldProblem("Debe ser un texto.")
    text = value.strip()
    if len(text) < 10:
        raise FieldProblem("Escribe una respuesta de al menos 10 caracteres.")
    if len(text) > ANSWER_MAX:
        raise FieldProblem(f"Admite como máximo {ANSWER_MAX:,} caracteres.")
    return text


def parse_answered_filter(query: Mapping[str, str]) -> bool:
    """``?state=open`` (default) or ``?state=answered``."""
    state = (query.get("state") or "open").strip().lower()
    if state not in ("open", "answered"):
        raise InvalidInput(fields={"state": "Elige pendientes (open) o respondidas (answered)."})
    return state == "answered"
