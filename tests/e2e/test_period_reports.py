"""Reports for a period (issue 17) in the browser: the demo member picks «Desde» / «Hasta» on a
savings account and downloads «Estado de cuenta de ahorros»; the PDF prints the period and adds
up (opening + credits − debits = closing); a stranger without a session checks its code at
/verificar and sees the kind, the period and the masked holder, nothing else. The period is
checked before anything is asked for (more than 24 months is refused in Spanish)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.support import MEMBER, NOTHING_COVERS, axe_violations, open_screen, sign_in
from tests.e2e.test_report_downloads import download_pdf
from tests.e2e.test_verify_report import printed_code

pytestmark = pytest.mark.e2e

FROM, TO = "01/09/2026", "31/10/2026"  # typed as a member types them
PERIOD = "Del 01/09/2026 al 31/10/2026"


def soles(text: str, label: str) -> Decimal:
    """The amount printed after ``label:`` in the PDF's header («Saldo inicial: S/ 3,005.97»)."""
    found = re.search(rf"{label}: S/ (-?[0-9,]+\.[0-9]{{2}})", text)
    assert found, (label, text[:600])
    return Decimal(found.group(1).replace(",", ""))


def open_first_account(page: Page) -> None:
    open_screen(page, "/ahorros")
    page.get_by_role("button", name=re.compile("Ver movimientos de la cuenta")).first.click()
    expect(page.get_by_role("heading", name=re.compile("Movimientos de la cuenta"))).to_be_visible()


def test_a_statement_for_a_period_is_checked_by_a_stranger_at_verificar(
        page: Page, axe_page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    open_first_account(page)
    period = page.get_by_role("group", name=re.compile("Periodo del estado de cuenta"))
    expect(period.get_by_label("Desde")).to_have_value(re.compile(r"^01/01/\d{4}$"))
    period.get_by_label("Desde").fill(FROM)
    period.get_by_label("Hasta").fill(TO)
    name, content = download_pdf(page, "Descargar estado de cuenta")
    assert re.fullmatch(r"estado-cuenta-ahorros-\d{4}-\d{2}-\d{2}\.pdf", name), name
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Estado de cuenta de ahorros" in text and f"Periodo: {PERIOD}" in text
    opening, closing = soles(text, "Saldo inicial"), soles(text, "Saldo final")
    assert opening + soles(text, "Total abonos") - soles(text, "Total cargos") == closing
    code, _ = printed_code(content)
    expect(period.locator(".report-button__status")).to_contain_text(code)

    axe_page.goto(f"/verificar?codigo={code}")  # another browser, no session
    result = axe_page.locator(".verify-result")
    expect(result).to_contain_text("Documento emitido por COOPAC PETROPERÚ.")
    expect(result).to_contain_text("Estado de cuenta de ahorros")
    expect(result.locator("dd", has_text=PERIOD)).to_be_visible()
    expect(result).to_contain_text(re.compile(r"(?:[A-ZÁÉÍÓÚÑ]\*\*\* ?)+· DNI \*\*\*\*\d{4}"))
    holder = re.search(r"Socio\(a\): (.+)", text)
    assert holder, text[:400]
    for word in holder.group(1).split():  # the holder's name only masked
        expect(result).not_to_contain_text(word)
    assert axe_violations(axe_page) == []


def test_a_period_longer_than_24_months_is_refused_before_asking(
        axe_page: Page, phone_page: Page) -> None:
    sign_in(axe_page, *MEMBER)
    expect(axe_page).to_have_url(re.compile(r"/inicio$"))
    open_screen(axe_page, "/aportes")
    period = axe_page.get_by_role("group", name="Periodo del reporte de aportes")
    period.get_by_label("Desde").fill("01/01/2023")
    period.get_by_label("Hasta").fill("30/06/2025")
    requests: list[str] = []
    axe_page.on("request", lambda r: requests.append(r.url) if "/api/reports" in r.url else None)
    period.get_by_role("button", name="Descargar PDF").click()
    expect(period.get_by_text("El periodo no puede ser mayor a 24 meses.")).to_be_visible()
    expect(period.get_by_label("Hasta")).to_have_attribute("aria-invalid", "true")
    assert requests == []
    assert axe_violations(axe_page) == []
    assert axe_page.evaluate(NOTHING_COVERS) == []

    sign_in(phone_page, *MEMBER)
    expect(phone_page).to_have_url(re.compile(r"/inicio$"))
    open_first_account(phone_page)
    expect(phone_page.get_by_role("button", name="Descargar estado de cuenta")).to_be_visible()
    assert phone_page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert phone_page.evaluate(NOTHING_COVERS) == []
