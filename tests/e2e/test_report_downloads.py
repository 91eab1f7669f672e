"""«Descargar PDF» on the member's screens: the browser receives a real PDF from the private
reports bucket through the presigned URL, with the Spanish file name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import MEMBER, open_screen, sign_in

pytestmark = pytest.mark.e2e


def download_pdf(page: Page, button_name: str) -> tuple[str, bytes]:
    with page.expect_download() as download_info:
        page.get_by_role("button", name=button_name).first.click()
    download = download_info.value
    path = download.path()
    assert path is not None
    with open(path, "rb") as pdf:
        return download.suggested_filename, pdf.read()


def test_the_member_downloads_the_aportes_and_loan_schedule_pdfs(page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))

    open_screen(page, "/aportes")
    name, content = download_pdf(page, "Descargar PDF")
    assert name.startswith("reporte-aportes-") and name.endswith(".pdf")
    assert content.startswith(b"%PDF-")

    open_screen(page, "/prestamos")
    name, content = download_pdf(page, "Descargar cronograma (PDF)")
    assert name.endswith(".pdf")
    assert content.startswith(b"%PDF-")
    expect(page.locator(".report-button__status")).not_to_contain_text("No se pudo")
