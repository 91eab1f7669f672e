"""Libro de Reclamaciones virtual (issue 18) through the API: the public form and its copy
(screen and e-mailed PDF), correlative codes under concurrent filings, the status page without
an oracle, the staff queue (an operator sees only what is assigned; foreign is 404), the answer
by e-mail and on the status page, every change audited."""

from __future__ import annotations

import base64
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from chalicelib.domain.shared.clock import lima_today
from chalicelib.domain.shared.permissions import Role
from chalicelib.services.shared import business_calendar
from tests.functional.builders import a_user, signed_in

SECRET = "WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7"


def a_sheet(**changes: Any) -> dict[str, Any]:
    body = {"full_name": "Rosa Quispe Huamán", "document_type": "dni",
            "document_number": "40112233", "address": "Av. Arequipa 123, Lima",
            "phone": "987 654 321", "email": "rosa@example.pe", "product": "ahorros",
            "amount": "150.50", "kind": "reclamo",
            "detail": "Me cobraron una comisión que no figura en el tarifario.",
            "request": "Que me devuelvan el cobro.", "accepts_email_answer": True}
    body.update(changes)
    return body


def _file(api: Any, **changes: Any) -> dict[str, Any]:
    answer = api.post("/api/tickets/complaints", a_sheet(**changes))
    assert answer.status == 201, answer.json
    return answer.json


def _audit_actions() -> list[str]:
    from chalicelib.store.shared.models import AuditModel

    day = date.today().isoformat()
    return [item.action for item in AuditModel.query(day)] + [
        item.action for item in AuditModel.query(lima_today().isoformat())]


def test_an_anonymous_visitor_files_and_gets_the_sheet_and_the_pdf(api, outbox):
    sheet = _file(api)
    year = lima_today().year
    assert sheet["code"] == f"R-{year}-000001"
    assert sheet["status"] == "recibido"
    assert sheet["due_on"] == business_calendar.answer_due_date(lima_today()).isoformat()
    labels = {line["label"]: line["value"] for line in sheet["lines"]}
    assert labels["Monto reclamado"] == "S/ 150.50"
    assert labels["DNI"] == "40112233"
    pdf = base64.b64decode(sheet["copy"]["data"])
    assert pdf.startswith(b"%PDF-")
    [mail] = [m for m in outbox() if m["to"] == "rosa@example.pe"]
    assert sheet["code"] in mail["subject"]
    [attached] = mail["attachments"]
    assert attached["content_type"] == "application/pdf"
    assert attached["filename"] == f"hoja-reclamacion-{sheet['code']}.pdf"
    data = base64.b64decode(attached["data"])
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    _assert_pdf_text(data, sheet["code"])
    assert "complaints.filed" in _audit_actions()


def _assert_pdf_text(data: bytes, code: str) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert code in text and "Rosa Quispe" in text and "Pedido del consumidor" in text


def test_the_form_refuses_bad_fields_in_spanish(api):
    answer = api.post("/api/tickets/complaints", a_sheet(
        document_number="123", email="no-es-correo", kind="otro", accepts_email_answer=False,
        amount="-3", detail="corto"))
    assert answer.status == 400
    fields = answer.json["error"]["fields"]
    assert fields["document_number"] == "El DNI tiene 8 dígitos."
    assert set(fields) == {"document_number", "email", "kind", "accepts_email_answer",
                           "amount", "detail"}
    minor = api.post("/api/tickets/complaints", a_sheet(is_minor=True))
    assert minor.status == 400 and "guardian_name" in minor.json["error"]["fields"]
    assert api.post("/api/tickets/complaints", a_sheet(status="respondido")).status == 400


def test_concurrent_filings_get_correlative_codes(app, atomic_requests):
    from chalice.test import Client

    from tests.functional.builders import ApiClient

    def file_one(index: int) -> str:
        # each from its own address: twelve from one would pass the Libro's hourly budget
        viewer = {"CloudFront-Viewer-Address": f"203.0.113.{index + 1}:50123"}
        with Client(app) as client:
            answer = ApiClient(client).post("/api/tickets/complaints", a_sheet(
                document_number=f"4100{index:04d}"), headers=viewer)
            assert answer.status == 201, answer.json
            return str(answer.json["code"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(file_one, range(12)))
    year = lima_today().year
    assert sorted(codes) == [f"R-{year}-{n:06d}" for n in range(1, 13)]


def test_the_status_page_answers_the_same_404_for_a_wrong_code_or_document(api):
    sheet = _file(api)
    wrong_document = api.post("/api/tickets/complaints/status",
                              {"code": sheet["code"], "document_number": "40999999"})
    wrong_code = api.post("/api/tickets/complaints/status",
                          {"code": "R-2020-000777", "document_number": "40112233"})
    assert wrong_document.status == wrong_code.status == 404
    assert wrong_document.json == wrong_code.json
    found = api.post("/api/tickets/complaints/status",
                     {"code": sheet["code"].lower(), "document_number": "40112233"})
    assert found.status == 200
    assert found.json["status"] == "recibido" and found.json["answer"] is None


def test_the_status_page_is_throttled_per_address(api, monkeypatch):
    monkeypatch.setenv("COMPLAINT_LOOKUP_FAILURES_PER_IP", "3")
    from chalicelib.settings import settings

    settings.cache_clear()
    try:
        statuses = [api.post("/api/tickets/complaints/status",
                             {"code": "R-2020-000001", "document_number": "40112233"}).status
                    for _ in range(4)]
    finally:
        settings.cache_clear()
    assert statuses == [404, 404, 404, 429]


def test_admin_assigns_operator_answers_and_the_consumer_sees_it(api, another_api, outbox):
    sheet = _file(api)
    code = sheet["code"]
    admin = a_user(Role.ADMIN, totp_secret=SECRET)
    operator = a_user(Role.OPERATOR, totp_secret=SECRET, first_name="Óscar")
    other = a_user(Role.OPERATOR, totp_secret=SECRET)
    signed_in(api, admin)
    [row] = api.get("/api/tickets/complaints").json["items"]
    assert row["code"] == code and row["due_label"].startswith("Vence en ")
    assigned = api.post(f"/api/tickets/complaints/{code}/assign",
                        {"operator_id": operator.user_id})
    assert assigned.status == 200 and assigned.json["status"] == "en_atencion"

    signed_in(another_api, other)
    assert another_api.get("/api/tickets/complaints").json["items"] == []
    assert another_api.get(f"/api/tickets/complaints/{code}").status == 404
    assert another_api.post(f"/api/tickets/complaints/{code}/answer",
                            {"answer": "Intento de un operador ajeno."}).status == 404

    signed_in(another_api, operator)
    assert [r["code"] for r in another_api.get("/api/tickets/complaints").json["items"]] == [code]
    answered = another_api.post(f"/api/tickets/complaints/{code}/answer",
                                {"answer": "Revisamos el cobro y lo devolvimos a tu cuenta."})
    assert answered.status == 200 and answered.json["status"] == "respondido"
    again = another_api.post(f"/api/tickets/complaints/{code}/answer",
                             {"answer": "Una segunda respuesta no procede."})
    assert again.status == 409

    status = api.post("/api/tickets/complaints/status",
                      {"code": code, "document_number": "40112233"}).json
    assert status["status"] == "respondido"
    assert status["answer"] == "Revisamos el cobro y lo devolvimos a tu cuenta."
    mails = [m for m in outbox() if m["to"] == "rosa@example.pe"]
    assert "Respuesta" in mails[-1]["subject"] and "devolvimos" in mails[-1]["text"]
    assert api.get("/api/tickets/complaints").json["items"] == []
    actions = _audit_actions()
    for action in ("complaints.assigned", "complaints.answered", "complaints.access_denied"):
        assert action in actions


def test_a_signed_in_member_files_a_linked_sheet(api):
    from chalicelib.store.complaints import complaints

    member = a_user(Role.MEMBER, dni="40112233")
    signed_in(api, member)
    sheet = _file(api)
    assert [c.code for c in complaints.of_member(member.user_id)] == [sheet["code"]]


def test_members_and_visitors_cannot_reach_the_queue(api):
    assert api.get("/api/tickets/complaints").status == 401
    signed_in(api, a_user(Role.MEMBER))
    assert api.get("/api/tickets/complaints").status == 403
