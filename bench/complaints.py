"""Libro de Reclamaciones (issue 18): DynamoDB calls and in-process time per step of a sheet's
life, the PDF copy's drawing time and size, and what the two e-mails of each sheet (the copy
with its PDF, the answer) cost. Printed only: the monthly cost table does not model sheets (a
cooperative receives a handful a month; the figures below show why they do not move the bill).
"""

from __future__ import annotations

import json
import statistics
import time
from decimal import Decimal
from typing import Any

from bench.figures import Figures
from bench.support import (
    Browser,
    CallCounter,
    Step,
    measure_steps,
    moto_stage,
    print_steps,
    request_headers,
)

RUNS = 6
PDF_RUNS = 20
SES_PER_EMAIL = Decimal("0.10") / 1000
"""bench/aws_prices.yaml (ses.emails)."""
SES_ATTACHMENT_PER_GB = Decimal("0.12")
"""SES bills attachments by the GB sent (the AWS pricing page lists $0.12 per GB); an
assumption here, not read from aws_prices.yaml."""
SHEET = {"full_name": "Rosa Quispe Huamán", "document_number": "40112233",
         "address": "Av. Arequipa 123, Lima", "phone": "987654321", "email": "rosa@bench.pe",
         "product": "ahorros", "amount": "150.50", "kind": "reclamo",
         "detail": "Me cobraron una comisión que no figura en el tarifario. " * 20,
         "request": "Que me devuelvan el cobro.", "accepts_email_answer": True}


def _anonymous(client: Any, method: str, path: str, body: Any) -> Any:
    response = client.http.request(method, path, headers=request_headers(json_body=True),
                                   body=json.dumps(body).encode())
    assert response.status_code < 300, response.body
    return json.loads(response.body)


def _sheet_life(client: Any, admin: Browser, operator: Browser) -> list[Step]:
    state: dict[str, str] = {}

    def file() -> None:
        state["code"] = _anonymous(client, "POST", "/api/tickets/complaints", SHEET)["code"]

    def path(suffix: str = "") -> str:
        return f"/api/tickets/complaints/{state['code']}{suffix}"

    return [
        ("file (anonymous, PDF + mail)", file),
        ("status (public, code + DNI)", lambda: _anonymous(
            client, "POST", "/api/tickets/complaints/status",
            {"code": state["code"], "document_number": "40112233"})),
        ("queue (admin, open)", lambda: admin.call("GET", "/api/tickets/complaints")),
        ("assign (admin)", lambda: admin.call("POST", path("/assign"),
                                              {"operator_id": operator.user_id})),
        ("queue (operator, assigned)", lambda: operator.call("GET", "/api/tickets/complaints")),
        ("answer (operator, mail)", lambda: operator.call("POST", path("/answer"), {
            "answer": "Revisamos el cobro y lo devolvimos a tu cuenta de ahorros."})),
    ]


def _pdf_and_mail() -> tuple[float, int, int]:
    """Median ms to draw a sheet's PDF, its bytes, and the queue message carrying it."""
    from datetime import UTC, date, datetime

    from chalicelib.domain.complaints import emails
    from chalicelib.domain.complaints.complaint import Complaint, Status
    from chalicelib.domain.complaints.requests import parse_new_complaint
    from chalicelib.services.complaints import sheet_pdf

    complaint = Complaint(code="R-2026-000123", sheet=parse_new_complaint(SHEET),
                          status=Status.RECEIVED, received_at=datetime.now(UTC),
                          received_on=date(2026, 12, 3), due_on=date(2026, 12, 24))
    times = []
    for _ in range(PDF_RUNS):
        started = time.perf_counter()
        pdf = sheet_pdf.attachment(complaint)
        times.append((time.perf_counter() - started) * 1000)
    message = emails.copy_to_consumer(complaint, pdf, "https://portal/reclamos/estado")
    queued = len(json.dumps(message.as_message(), ensure_ascii=False).encode())
    return statistics.median(times), len(pdf.data), queued


def run() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app, Client(app) as client:
        admin, operator = Browser(client, "admin", "Admin"), Browser(client, "operator", "Op")
        results = measure_steps(counter, lambda: _sheet_life(client, admin, operator), RUNS)
        print_steps(results, "step", f"{RUNS} sheets; the session GetItem is included")
        pdf_ms, pdf_bytes, queued = _pdf_and_mail()
    per_thousand = 2 * 1000 * SES_PER_EMAIL + (
        Decimal(1000 * pdf_bytes) / Decimal(1024**3) * SES_ATTACHMENT_PER_GB)
    print(f"sheet PDF: {pdf_ms:.1f} ms median to draw, {pdf_bytes:,} bytes; the copy's queue "
          f"message {queued:,} bytes (SQS bills per 64 KB: 1 request)")
    print(f"mails per sheet: 2 (copy with PDF, answer); SES for 1,000 sheets ≈ "
          f"US$ {per_thousand:.4f}")
    return Figures()
