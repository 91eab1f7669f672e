"""The Libro de Reclamaciones' rules without AWS: the sheet's parsing and its Spanish messages,
codes, retention and the due-date wording."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.complaints.complaint import (
    DocumentType,
    Kind,
    Product,
    complaint_code,
    days_left_label,
    is_complaint_code,
    retention_until,
    sequence_counter_id,
)
from chalicelib.domain.complaints.requests import (
    parse_answer_request,
    parse_answered_filter,
    parse_code,
    parse_new_complaint,
    parse_status_lookup,
)
from chalicelib.domain.shared.errors import InvalidInput


def a_body(**changes: Any) -> dict[str, Any]:
    body = {"full_name": "  Rosa   Quispe ", "document_number": "40112233",
            "address": "Av. Arequipa 123", "phone": "(01) 987-654", "email": "Rosa@Example.PE",
            "product": "Plazo_Fijo", "amount": "1500", "kind": "queja",
            "detail": "La atención demoró dos horas.", "request": "Mejorar la atención.",
            "accepts_email_answer": True}
    body.update(changes)
    return body


def problems(**changes: Any) -> dict[str, str]:
    with pytest.raises(InvalidInput) as raised:
        parse_new_complaint(a_body(**changes))
    return raised.value.fields or {}


def test_a_good_sheet_is_cleaned_and_typed() -> None:
    sheet = parse_new_complaint(a_body())
    assert sheet.consumer.full_name == "Rosa Quispe"
    assert sheet.consumer.email == "rosa@example.pe"
    assert sheet.consumer.phone == "01987654"
    assert sheet.consumer.document_type is DocumentType.DNI
    assert sheet.product is Product.PLAZO_FIJO and sheet.kind is Kind.QUEJA
    assert sheet.amount == Decimal("1500") and sheet.consumer.guardian_name is None
    assert parse_new_complaint(a_body(amount=None)).amount is None
    foreigner = parse_new_complaint(a_body(document_type="ce", document_number="e12345678"))
    assert foreigner.consumer.document_number == "E12345678"


def test_every_bad_field_is_named_in_spanish() -> None:
    assert problems(document_number="4011223") == {"document_number": "El DNI tiene 8 dígitos."}
    assert problems(document_type="ce", document_number="123") == {
        "document_number": "El carné de extranjería tiene de 9 a 12 letras o dígitos."}
    assert problems(kind="sugerencia") == {"kind": "Elige reclamo o queja."}
    assert problems(product="bitcoin") == {"product": "Elige el producto o servicio."}
    assert problems(amount="0") == {
        "amount": "El monto debe ser mayor que cero y menor que S/ 100,000,000."}
    assert problems(amount="1.005") == {"amount": "Admite como máximo 2 decimales."}
    assert problems(phone="12") == {"phone": "Escribe un teléfono de 6 a 15 dígitos."}
    assert problems(accepts_email_answer="true") == {"accepts_email_answer": (
        "Acepta recibir la respuesta en tu correo electrónico para continuar.")}
    assert problems(is_minor=True) == {"guardian_name": "Este campo es obligatorio."}
    assert set(problems(full_name="", detail="corto", request=None)) == {
        "full_name", "detail", "request"}


def test_a_minor_names_the_parent_or_guardian() -> None:
    sheet = parse_new_complaint(a_body(is_minor=True, guardian_name="Carlos Quispe"))
    assert sheet.consumer.guardian_name == "Carlos Quispe"


def test_server_owned_fields_are_refused_whole() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_new_complaint(a_body(code="R-2026-000001", status="respondido"))
    assert raised.value.code == "read_only_field"
    assert set(raised.value.fields or {}) == {"code", "status"}


def test_codes_counters_and_lookups() -> None:
    assert complaint_code(2026, 123) == "R-2026-000123"
    assert complaint_code(2026, 1_234_567) == "R-2026-1234567"
    assert sequence_counter_id(2026) == "complaint_seq#2026"
    assert is_complaint_code("R-2026-000123") and not is_complaint_code("R-26-000123")
    assert not is_complaint_code("R-2026-12") and not is_complaint_code("R-２０２６-000123")
    assert parse_code(" r-2026-000123 ") == "R-2026-000123" and parse_code("../x") == ""
    lookup = parse_status_lookup({"code": "r-2026-000001", "document_number": "40112233"})
    assert lookup.code == "R-2026-000001"
    with pytest.raises(InvalidInput) as raised:
        parse_status_lookup({"code": "123", "document_number": ""})
    assert set(raised.value.fields or {}) == {"code", "document_number"}


def test_answers_and_the_list_filter() -> None:
    assert parse_answer_request({"answer": "  Devolvimos el cobro.  "}).answer == (
        "Devolvimos el cobro.")
    with pytest.raises(InvalidInput):
        parse_answer_request({"answer": "ok"})
    assert parse_answered_filter({}) is False
    assert parse_answered_filter({"state": "answered"}) is True
    with pytest.raises(InvalidInput):
        parse_answered_filter({"state": "todas"})


def test_kept_two_years_after_the_answer() -> None:
    answered = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
    assert retention_until(answered) == datetime(2028, 12, 3, 16, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, 10, 0, tzinfo=UTC)
    assert retention_until(leap) == datetime(2030, 3, 1, 10, 0, tzinfo=UTC)


def test_the_due_date_wording() -> None:
    assert days_left_label(3) == "Vence en 3 días hábiles"
    assert days_left_label(1) == "Vence en 1 día hábil"
    assert days_left_label(0) == "Vence hoy"
    assert days_left_label(-2) == "Vencido hace 2 días hábiles"
    assert days_left_label(-1) == "Vencido hace 1 día hábil"


def test_an_attachment_travels_in_the_queue_message_and_is_bounded() -> None:
    from chalicelib.domain.shared.emails import MAX_ATTACHMENT_BYTES, Attachment, compose

    pdf = Attachment(filename="hoja.pdf", content_type="application/pdf", data=b"%PDF-1.4 x")
    message = compose("rosa@example.pe", "Copia", "Hola").with_attachments(pdf).as_message()
    assert [Attachment.from_message(each) for each in message["attachments"]] == [pdf]
    assert "attachments" not in compose("rosa@example.pe", "Aviso", "Hola").as_message()
    too_big = Attachment(filename="x.pdf", content_type="application/pdf",
                         data=b"0" * (MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(ValueError, match="too large"):
        compose("rosa@example.pe", "Copia", "Hola").with_attachments(too_big)
