"""PDF reports through the API (docs/design/API.md ``reports``): each kind is built from the
member's own data, stored encrypted in the reports bucket and downloaded through a 5-minute
presigned URL; the PDF's text (read back with pypdf) carries the member, the totals and the page
numbers."""

from __future__ import annotations

import hashlib
import io
import json
import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from pypdf import PdfReader

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.reports import verification
from chalicelib.domain.shared import products
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.products import MovementDocument
from chalicelib.settings import settings
from chalicelib.store.accounts import member_products
from chalicelib.store.shared import audit_log
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import AuditModel, ReportVerificationModel
from tests.functional.accounts_builders import a_staff_session, load, travel_to_lima_noon
from tests.functional.builders import a_user, signed_in
from tests.functional.credit_builders import a_credit_product, simulation_inputs
from tests.product_rows import a_contributions_row, a_cts_row, a_loan, a_movement_row

ANA, BETO = "40000001", "40000002"
TODAY = "2026-11-25"


def give_products(dni: str) -> None:
    suffix = dni[-6:]
    load("contributions", [a_contributions_row(dni)])
    load("loans", a_loan(dni, number=f"021{suffix}0001", installments=4, paid=2))
    load("cts", [a_cts_row(dni)])
    load("movements", [
        a_movement_row(dni, f"{dni}-A-1", product="contributions", product_number=f"03{dni}",
                       date="2026-09-20", amount="50.00", balance="4750.00",
                       description="APORTE MENSUAL"),
        a_movement_row(dni, f"{dni}-A-2", product="contributions", product_number=f"03{dni}",
                       date="2026-10-20", amount="50.00", balance="4800.00",
                       description="APORTE MENSUAL"),
        a_movement_row(dni, f"{dni}-A-3", product="contributions", product_number=f"03{dni}",
                       date="2026-11-20", amount="1050.00", balance="4850.00",
                       description="APORTE EXTRAORDINARIO"),
        a_movement_row(dni, f"{dni}-C-1", product="cts", product_number=f"07{suffix}01",
                       date="2026-11-14", amount="2150.00", balance="12480.50",
                       description="DEPÓSITO CTS"),
    ])


def a_member(api, dni: str):
    return signed_in(api, a_user(Role.MEMBER, dni=dni, first_name="María Elena",
                                 last_name="Quispe Rojas"))


@pytest.fixture
def ana(api, time_machine):
    travel_to_lima_noon(time_machine, TODAY)
    give_products(ANA)
    return a_member(api, ANA)


def key_of(url: str) -> str:
    path = unquote(urlparse(url).path).lstrip("/")
    bucket = settings().reports_bucket
    return path[len(bucket) + 1:] if path.startswith(f"{bucket}/") else path


def stored_pdf(answer) -> tuple[dict, str]:
    """The object the presigned URL points at, and the PDF's text."""
    assert answer.status == 201, answer.body
    key = key_of(answer.json["url"])
    stored = client("s3").get_object(Bucket=settings().reports_bucket, Key=key)
    data = stored["Body"].read()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return {**stored, "key": key, "pages": reader.pages, "reader": reader,
            "Body_bytes": data}, text


def test_a_contributions_report_carries_the_member_the_period_and_its_totals(ana):
    answer = ana.post("/api/reports", {"kind": "contributions", "from": "2026-10-01",
                                       "to": TODAY})
    body = answer.json
    assert set(body) >= {"id", "url", "expires_at"}
    assert body["expires_at"] == "2026-11-25T17:05:00Z"
    stored, text = stored_pdf(answer)
    assert stored["key"] == f"reports/2026/11/{body['id']}.pdf"
    assert stored["ContentType"] == "application/pdf"
    assert stored["ServerSideEncryption"] == "aws:kms"
    for expected in ("COOPAC PETROPERÚ", "Reporte de aportes", "María Elena Quispe Rojas",
                     ANA, "Del 01/10/2026 al 25/11/2026", "Fecha", "Descripción", "Monto",
                     "Saldo", "APORTE EXTRAORDINARIO", "S/ 1,050.00",
                     "Total del periodo (2 movimientos)", "S/ 1,100.00", "S/ 4,850.00",
                     "Página 1 de 1", "hora de Lima", f"Código de verificación: "
                     f"{body['verification']}"):
        assert expected in text, expected
    assert "20/09/2026" not in text  # before the period
    metadata = stored["reader"].metadata
    assert metadata.title == "Reporte de aportes - María Elena Quispe Rojas"
    assert metadata.author == "COOPAC PETROPERÚ"
    assert stored["reader"].trailer["/Root"]["/Lang"] == "es-PE"


def test_the_presigned_url_is_valid_five_minutes_and_downloads_a_named_pdf(ana):
    url = ana.post("/api/reports", {"kind": "contributions"}).json["url"]
    query = {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "300"
    assert query["response-content-type"] == "application/pdf"
    assert query["response-content-disposition"] == (
        'attachment; filename="reporte-aportes-2026-11-25.pdf"; '
        "filename*=UTF-8''reporte-aportes-2026-11-25.pdf")


def test_the_simulation_file_name_is_plain_ascii(ana):
    a_credit_product()
    answer = ana.post("/api/reports", {"kind": "simulation",
                                       "simulation": simulation_inputs()})
    query = parse_qs(urlparse(answer.json["url"]).query)
    assert answer.json["file_name"] == "simulacion-credito-2026-11-25.pdf"
    assert query["response-content-disposition"] == [
        'attachment; filename="simulacion-credito-2026-11-25.pdf"; '
        "filename*=UTF-8''simulacion-credito-2026-11-25.pdf"]


def test_a_cts_report_lists_the_deposits_and_the_movements(ana):
    _, text = stored_pdf(ana.post("/api/reports", {"kind": "cts"}))
    for expected in ("Reporte de CTS", "María Elena Quispe Rojas", ANA, "DEPÓSITO CTS",
                     "S/ 2,150.00", "S/ 12,480.50", "Total del periodo (1 movimientos)",
                     "Página 1 de 1"):
        assert expected in text, expected


def test_a_loan_schedule_report_shows_every_installment_and_the_totals(ana):
    loan_id = ana.get("/api/accounts/loans").json["items"][0]["id"]
    _, text = stored_pdf(ana.post("/api/reports", {"kind": "loan_schedule", "id": loan_id}))
    for expected in ("Cronograma de pagos del préstamo", "María Elena Quispe Rojas", ANA,
                     "Cuota 1 de 4", "Pagada", "Cuota 4 de 4", "Vencida", "Totales",
                     "S/ 1,000.00", "S/ 25.00", "S/ 1,025.00", "13.50%", "Página 1 de 1"):
        assert expected in text, expected


def test_a_simulation_report_is_recomputed_on_the_server(ana):
    a_credit_product()
    inputs = simulation_inputs(disbursement_date=TODAY)
    figures = ana.post("/api/credit/simulations", inputs).json
    forged = {**inputs, "installment": "1.00", "total_payable": "2.00"}
    _, text = stored_pdf(ana.post("/api/reports", {"kind": "simulation", **forged}))
    assert "Simulación de crédito" in text and "María Elena Quispe Rojas" in text
    installment = f"S/ {float(figures['installment']):,.2f}"
    assert f"Cuota: {installment}" in text
    assert f"S/ {float(figures['total_payable']):,.2f}" in text
    assert "S/ 1.00" not in text and "S/ 2.00" not in text
    assert "Cuota 12 de 12" in text


def test_a_simulation_with_bad_inputs_is_a_400_naming_them(ana):
    a_credit_product()
    answer = ana.post("/api/reports", {"kind": "simulation",
                                       "simulation": simulation_inputs(amount="abc")})
    assert answer.status == 400 and "amount" in answer.json["error"]["fields"]


def test_two_thousand_movements_break_into_pages_with_the_header_on_each(api, time_machine):
    travel_to_lima_noon(time_machine, TODAY)
    load("contributions", [a_contributions_row(ANA)])
    number = f"03{ANA}"
    balance = 0
    movements = []
    for n in range(2000):
        balance += 50
        day = f"{2015 + n // 336:04d}-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}"
        movements.append(MovementDocument(
            dni=ANA, movement_id=f"M{n:05d}", date=day, product=products.CONTRIBUTIONS,
            product_id=products.product_id(products.CONTRIBUTIONS, number),
            data={"description": f"APORTE N.° {n + 1}", "amount": "50.00", "currency": "PEN",
                  "balance": f"{balance}.00"}))
    member_products.put_movements(movements)
    member = a_member(api, ANA)
    stored, _ = stored_pdf(member.post("/api/reports", {"kind": "contributions"}))
    pages = [page.extract_text() for page in stored["pages"]]
    assert len(pages) > 20
    for number_, text in enumerate(pages, start=1):
        assert "COOPAC PETROPERÚ" in text
        assert "Fecha Descripción Monto Saldo" in text, number_
        assert f"Página {number_} de {len(pages)}" in text
    assert "APORTE N.° 1 " in pages[0] and "APORTE N.° 2000" in pages[-1]
    assert "Total del periodo (2000 movimientos) S/ 100,000.00 S/ 100,000.00" in pages[-1]
    rows = sum(text.count("APORTE N.°") for text in pages)
    assert rows == 2000  # no row lost or repeated at a break


def test_another_members_loan_is_not_found(ana, another_api):
    beto = a_member(another_api, BETO)
    give_products(BETO)
    betos_loan = beto.get("/api/accounts/loans").json["items"][0]["id"]
    answer = ana.post("/api/reports", {"kind": "loan_schedule", "id": betos_loan})
    assert answer.status == 404 and answer.error_code == "not_found"
    assert ana.post("/api/reports", {"kind": "loan_schedule", "id": "../x"}).status == 404


@pytest.mark.parametrize("body, field", [
    ({"kind": "estado_de_cuenta"}, "kind"),
    ({"kind": "contributions", "from": "2026-13-01"}, "from"),
    ({"kind": "contributions", "from": "2026-11-01", "to": "2026-10-01"}, "to"),
    ({"kind": "cts", "to": "2999-01-01"}, "to"),
    ({"kind": "loan_schedule"}, "id"),
])
def test_bad_inputs_are_a_400_with_fields(ana, body, field):
    answer = ana.post("/api/reports", body)
    assert answer.status == 400
    assert field in answer.json["error"]["fields"]


def test_a_body_that_is_not_json_is_a_400(ana):
    assert ana.post("/api/reports", raw=b"kind=cts").status == 400


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ADMIN])
def test_staff_cannot_generate_reports(api, role):
    staff = a_staff_session(api, role)
    assert staff.post("/api/reports", {"kind": "contributions"}).status == 403


def test_anonymous_callers_are_401(api):
    assert api.post("/api/reports", {"kind": "contributions"}).status == 401


def test_each_generation_is_audited_with_its_verification_code(ana):
    body = ana.post("/api/reports", {"kind": "cts"}).json
    records = [r for r in audit_log.records_of_day(TODAY) if r.action == "reports.generated"]
    assert len(records) == 1
    record = records[0]
    details = json.loads(record.details)
    assert record.target == f"report:{body['id']}" and record.outcome == "success"
    assert details["kind"] == "cts"
    assert details["check_ref"] == verification.audit_reference(body["verification"])
    assert body["verification"] not in record.details


# --- opaque keys and the public check (issue 17) -------------------------------------------------


@pytest.mark.parametrize("kind", ["contributions", "cts"])
def test_no_key_or_url_carries_the_members_dni_or_name(ana, kind):
    body = ana.post("/api/reports", {"kind": kind}).json
    stored, _ = stored_pdf(ana.post("/api/reports", {"kind": kind}))
    for text in (body["url"], unquote(body["url"]), key_of(body["url"]), stored["key"]):
        assert ANA not in text and "Quispe" not in text
    assert re.fullmatch(r"reports/2026/11/[0-9a-f]{32}\.pdf", stored["key"])


def verify(client, code):
    return client.post("/api/reports/verify", {"code": code})


def test_a_signed_out_visitor_checks_a_pdf_by_its_code_and_learns_only_the_masks(ana,
                                                                               another_api):
    answer = ana.post("/api/reports", {"kind": "contributions"})
    stored, text = stored_pdf(answer)
    code = answer.json["verification"]
    assert f"/verificar?codigo={code}" in text
    checked = verify(another_api, code.lower().replace("-", " "))
    assert checked.status == 200, checked.body
    assert checked.json == {
        "kind": "contributions", "kind_label": "Reporte de aportes",
        "issued_at": "2026-11-25T17:00:00Z", "issued_at_lima": "25/11/2026 12:00",
        "holder": {"name": "M*** E*** Q*** R***", "dni": "****0001"},
        "period": "Todos los movimientos",
        "sha256": hashlib.sha256(stored["Body_bytes"]).hexdigest()}
    assert ANA.encode() not in checked.body and b"Quispe" not in checked.body
    [record] = AuditModel.by_action.query("reports.verified")
    assert record.outcome == "success" and code not in (record.details or "")


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKLM-NPQR", "2222-2222-2222-2222"])
def test_an_unknown_code_is_the_same_404_and_is_audited_without_the_code(api, code):
    answer = verify(api, code)
    assert answer.status == 404 and answer.error_code == "not_found"
    assert answer.json["error"]["message"] == verification.NOT_FOUND_MESSAGE
    [record] = AuditModel.by_action.query("reports.verified")
    assert record.outcome == "failure" and code.replace("-", "") not in record.target


@pytest.mark.parametrize("body", [{}, {"code": "ABCD"}, {"code": 5},
                                  {"code": "ABCD-EFGH-JKLM-NPQ0"}])
def test_a_code_that_cannot_be_one_is_a_400(api, body):
    answer = api.post("/api/reports/verify", body)
    assert answer.status == 400 and answer.json["error"]["fields"].keys() == {"code"}


def test_guessing_codes_is_throttled_per_address(api, ana):
    code = ana.post("/api/reports", {"kind": "cts"}).json["verification"]
    for _ in range(address_throttle.DEFAULT_FAILURES_PER_WINDOW):
        assert verify(api, "2222-2222-2222-2222").status == 404
    refused = verify(api, code)
    assert refused.status == 429 and refused.error_code == "throttled"
    assert int(refused.headers["Retry-After"]) > 0


def test_the_verification_record_holds_neither_the_code_nor_the_member_in_clear(ana):
    body = ana.post("/api/reports", {"kind": "cts"}).json
    [item] = list(ReportVerificationModel.scan())  # a test's look at the whole table
    stored = json.dumps(item.attribute_values, default=str)
    plain_code = body["verification"].replace("-", "")
    assert item.code_hash == verification.code_hash(body["verification"])
    for secret in (body["verification"], plain_code, ANA, "Quispe", "María"):
        assert secret not in stored, secret
    assert item.holder_name == "M*** E*** Q*** R***" and item.holder_dni == "****0001"
    assert item.object_key == f"reports/2026/11/{body['id']}.pdf"
