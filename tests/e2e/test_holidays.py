"""«Feriados» (issue 18) in the browser: the admin opens the screen from the menu, reads the demo
cooperative's holidays of 2027, adds a day (dd/mm/aaaa + name), sees it in its year and removes it
after confirming; on «Reclamaciones» the admin exports the book of a period (CSV). axe finds
nothing serious, on a laptop and on a phone.

The stack is shared by the session's tests: the day added is in 2031 (no demo holiday there) and
is removed at the end whatever happens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    NOTHING_COVERS,
    LocalStack,
    axe_violations,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CSRF = {"X-Requested-With": "fetch"}
DAY, NAME = "2031-05-15", "Feriado de la prueba del navegador"


def _admin(browser: Browser, stack: LocalStack, contexts: list[BrowserContext]) -> Page:
    context, page, _errors = staff_context(browser, stack, bypass_csp=True)  # axe
    contexts.append(context)
    page.set_viewport_size(LAPTOP)
    sign_in_with_totp(page, *ADMIN)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    return page


def _looks_right(page: Page, width: int) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(NOTHING_COVERS) == []


def test_the_admin_adds_a_holiday_and_removes_it(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    admin = _admin(browser, local_stack, contexts)
    try:
        admin.get_by_role("link", name="Feriados").first.click()
        expect(admin).to_have_url(re.compile(r"/feriados"))
        expect(admin.get_by_role("heading", name="Feriados", level=1)).to_be_visible()
        admin.get_by_label("Año", exact=True).select_option("2027")
        expect(admin).to_have_url(re.compile(r"/feriados\?anio=2027$"))
        table = admin.get_by_role("table", name="Feriados de 2027")
        expect(table.get_by_role("row").filter(has_text="01/01/2027")).to_contain_text(
            "Año Nuevo")
        expect(table.get_by_role("row").filter(has_text="26/03/2027")).to_contain_text(
            "Viernes Santo")
        _looks_right(admin, LAPTOP["width"])

        form = admin.get_by_role("form", name="Agregar feriado")
        form.get_by_label("Fecha").fill("31/02/2031")
        form.get_by_label("Nombre").fill(NAME)
        form.get_by_role("button", name="Agregar feriado").click()
        expect(form.get_by_text("Use una fecha válida con el formato dd/mm/aaaa.")).to_be_visible()
        form.get_by_label("Fecha").fill("15/05/2031")
        form.get_by_role("button", name="Agregar feriado").click()
        expect(admin.get_by_text(f"Se agregó el 15/05/2031 ({NAME}) a los feriados.")
               ).to_be_visible()
        expect(admin).to_have_url(re.compile(r"/feriados\?anio=2031$"))
        row = admin.get_by_role("table", name="Feriados de 2031").get_by_role("row").filter(
            has_text="15/05/2031")
        expect(row).to_contain_text("jueves")
        expect(row).to_contain_text(NAME)

        admin.get_by_role("button", name=f"Quitar el feriado del 15/05/2031 ({NAME})").click()
        dialog = admin.get_by_role("dialog", name="Quitar feriado")
        expect(dialog).to_contain_text("¿Quitar el 15/05/2031")
        dialog.get_by_role("button", name="Quitar").click()
        expect(admin.get_by_text(f"Se quitó el feriado del 15/05/2031 ({NAME}).")).to_be_visible()
        expect(admin.get_by_text("No hay feriados registrados para 2031.")).to_be_visible()
    finally:
        admin.request.delete(f"/api/admin/holidays/{DAY}", headers=CSRF)


def test_the_screen_reads_well_on_a_phone(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    admin = _admin(browser, local_stack, contexts)
    admin.set_viewport_size(PHONE)
    admin.goto("/feriados?anio=2026")
    expect(admin.get_by_role("heading", name="Feriados", level=1)).to_be_visible()
    rows = admin.get_by_role("table", name="Feriados de 2026").get_by_role("row")
    expect(rows.filter(has_text="28/07/2026")).to_contain_text("Fiestas Patrias")
    _looks_right(admin, PHONE["width"])


def test_the_admin_exports_the_book_of_a_period_from_reclamaciones(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    admin = _admin(browser, local_stack, contexts)
    admin.goto("/reclamaciones")
    export = admin.locator(".complaints-export")
    expect(export.get_by_role("button", name="Exportar (CSV)")).to_be_visible()
    export.get_by_label("Desde").fill("01/01/2020")
    export.get_by_role("button", name="Exportar (CSV)").click()
    expect(export.get_by_text("El periodo admite hasta 12 meses.")).to_be_visible()
    export.get_by_label("Desde").fill("01/01/2026")
    export.get_by_label("Hasta").fill("31/01/2026")
    with admin.expect_download() as download:
        export.get_by_role("button", name="Exportar (CSV)").click()
    assert download.value.suggested_filename == "libro-de-reclamaciones-2026-01-01-2026-01-31.csv"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeffCódigo,Tipo,Estado,".encode())
    expect(export.get_by_text("Se descargó el archivo CSV.")).to_be_visible()
    _looks_right(admin, LAPTOP["width"])
