"""The PDF drawing (fpdf2, in-process): real text, Latin-1-safe, cells that never overflow."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from chalicelib.domain.reports import reports as rules
from chalicelib.services.reports import pdf_report

ANA = rules.Member("María Elena Quispe Rojas", "40000001")
CHECK_URL = "https://portal.example/verificar?codigo=ABCD-EFGH-JKLM-NPQR"


def text_of(document: rules.ReportDocument) -> str:
    data = pdf_report.render(document, "ABCD-EFGH-JKLM-NPQR",
                             datetime(2026, 11, 25, 17, 30, tzinfo=UTC), CHECK_URL)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def a_document(description: str) -> rules.ReportDocument:
    view = {"balance": "50.00", "monthly_fee": "50.00", "account": None,
            "movements": [{"id": "1", "date": "2026-11-20", "description": description,
                           "amount": "50.00", "currency": "PEN", "balance": "50.00"}]}
    return rules.contributions_document(view, ANA, rules.ReportRequest("contributions"),
                                        date(2026, 11, 25))


def test_text_outside_latin1_is_replaced_not_fatal():
    assert pdf_report.latin1("Aporte – “extra” … € ✓") == 'Aporte - "extra" ... EUR ?'
    text = text_of(a_document("APORTE – PLANILLA ✓"))
    assert "APORTE - PLANILLA ?" in text


def test_a_long_description_is_cut_to_its_column():
    text = text_of(a_document("DEPÓSITO " * 30))
    line = next(line for line in text.splitlines() if line.startswith("20/11/2026"))
    assert "..." in line and line.endswith("S/ 50.00 S/ 50.00")


def test_the_footer_has_the_lima_time_the_page_and_the_code():
    text = text_of(a_document("APORTE"))
    assert "Generado el 25/11/2026 12:30 (hora de Lima)" in text
    assert "Página 1 de 1" in text and "Código de verificación: ABCD-EFGH-JKLM-NPQR" in text
    assert f"verifíquelo en {CHECK_URL}" in text
