"""Pure rules of the public check of a PDF: unguessable codes, their canonical form, the masks
and the answer, which says nothing else about the member."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from chalicelib.domain.reports import verification
from chalicelib.domain.reports.requests import parse_verify_request
from chalicelib.domain.shared import errors

ISSUED = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)


def test_a_code_is_80_random_bits_in_grouped_base32():
    codes = {verification.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)


@pytest.mark.parametrize("typed", ["abcd-efgh-jklm-npqr", " ABCD EFGH JKLM NPQR ",
                                   "ABCDEFGHJKLMNPQR"])
def test_a_code_is_read_in_any_case_with_or_without_separators(typed):
    assert parse_verify_request({"code": typed}).code == "ABCDEFGHJKLMNPQR"


@pytest.mark.parametrize("payload", [{}, {"code": ""}, {"code": 12}, {"code": "ABCD-EFGH"},
                                     {"code": "ABCD-EFGH-JKLM-NPQ1"}, {"code": "A" * 100}])
def test_what_cannot_be_a_code_is_a_400_naming_the_field(payload):
    with pytest.raises(errors.InvalidInput) as caught:
        parse_verify_request(payload)
    assert set(caught.value.fields) == {"code"}


def test_the_record_is_keyed_by_the_codes_hash_and_audits_name_a_short_prefix():
    code = "ABCD-EFGH-JKLM-NPQR"
    assert verification.code_hash(code) == verification.code_hash("ABCDEFGHJKLMNPQR")
    assert "ABCD" not in verification.code_hash(code)
    assert verification.code_hash(code).startswith(verification.audit_reference(code))
    assert len(verification.audit_reference(code)) == 16


def test_the_holder_is_masked_to_initials_and_the_last_four_digits():
    assert verification.mask_name("María Elena Quispe Rojas") == "M*** E*** Q*** R***"
    assert verification.mask_name("-") == "***"
    assert verification.mask_dni("40005678") == "****5678"
    assert verification.mask_dni("123") == "****"


def test_the_answer_names_the_document_the_lima_time_the_masks_and_the_hash_only():
    record = verification.new_record(
        "ABCD-EFGH-JKLM-NPQR", kind="cts", title="Reporte de CTS", issued_at=ISSUED,
        member_name="María Elena Quispe Rojas", dni="40005678", sha256="ab" * 32,
        object_key="reports/2026/11/x.pdf", report_id="x",
        period="Del 01/10/2026 al 25/11/2026")
    assert verification.verification_answer(record) == {
        "kind": "cts", "kind_label": "Reporte de CTS", "issued_at": "2026-11-25T17:30:00Z",
        "issued_at_lima": "25/11/2026 12:30",
        "holder": {"name": "M*** E*** Q*** R***", "dni": "****5678"},
        "period": "Del 01/10/2026 al 25/11/2026", "sha256": "ab" * 32}


def test_the_pdf_points_at_the_public_page():
    assert verification.check_url("https://portal.example/", "ABCD-EFGH-JKLM-NPQR") == (
        "https://portal.example/verificar?codigo=ABCD-EFGH-JKLM-NPQR")
