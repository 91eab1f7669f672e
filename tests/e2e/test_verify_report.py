"""«Verificar un documento» (/verificar, issue 17): a member downloads a PDF; a visitor without a
session checks its printed code and sees what the document is, when it was issued, its holder
masked and the SHA-256 of the issued file, equal to the downloaded file's."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.support import MEMBER, axe_violations, open_screen, sign_in
from tests.e2e.test_report_downloads import download_pdf

pytestmark = pytest.mark.e2e

CODE = re.compile(r"Código de verificación: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})")


def printed_code(content: bytes) -> tuple[str, str]:
    """The code at the PDF's foot and the link printed beside it."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    found = CODE.search(text)
    assert found, text[-400:]
    link = re.search(r"(https?://\S+/verificar\?codigo=\S+)", text)
    assert link, text[-400:]
    return found.group(1), link.group(1)


def test_a_signed_out_visitor_checks_a_downloaded_pdf_at_verificar(page: Page,
                                                                   axe_page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    open_screen(page, "/aportes")
    _, content = download_pdf(page, "Descargar PDF")
    code, link = printed_code(content)
    assert link.endswith(f"/verificar?codigo={code}")
    status = page.locator(".report-button__status").first
    expect(status).to_contain_text(f"Código de verificación: {code}")
    expect(status.get_by_role("link", name="Cómo verificarlo")).to_have_attribute(
        "href", f"/verificar?codigo={code}")

    axe_page.goto("/verificar")
    expect(axe_page).to_have_title(re.compile(r"^Verificar un documento"))
    axe_page.get_by_label("Código de verificación").fill(code.lower())
    axe_page.get_by_role("button", name="Verificar").click()
    result = axe_page.locator(".verify-result")
    expect(result).to_contain_text("Documento emitido por COOPAC PETROPERÚ.")
    expect(result).to_contain_text("Reporte de aportes")
    expect(result).to_contain_text(re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d \(hora de Lima\)"))
    expect(result).to_contain_text(re.compile(r"(?:[A-ZÁÉÍÓÚÑ]\*\*\* ?)+· DNI \*\*\*\*\d{4}"))
    expect(result.locator(".verify-hash")).to_have_text(hashlib.sha256(content).hexdigest())
    expect(result).to_contain_text("sha256sum archivo.pdf")
    expect(result).to_contain_text("Get-FileHash")
    assert axe_violations(axe_page) == []


def test_the_printed_link_opens_the_check_already_filled_on_a_phone(page: Page,
                                                                    phone_page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    open_screen(page, "/aportes")
    _, content = download_pdf(page, "Descargar PDF")
    code, _ = printed_code(content)

    phone_page.goto(f"/verificar?codigo={code}")
    expect(phone_page.get_by_label("Código de verificación")).to_have_value(code)
    expect(phone_page.locator(".verify-hash")).to_have_text(hashlib.sha256(content).hexdigest())
    # the 64-digit hash wraps: nothing scrolls sideways at 390 px
    assert phone_page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
