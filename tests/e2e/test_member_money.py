"""The member's money screens against the local stack (manual 2.4.1–2.4.8): the demo member
signs in and sees the manual's figures on Ahorros (and downloads the CSV), Préstamos (and the
schedule after "Ver detalles"), Beneficio Familiar, Inicio (the evolution chart), Aportes, CTS,
Plazo fijo and Últimos Movimientos; at 1280 px and 390 px without horizontal page scroll; and
axe-core finds no serious or critical violation on any of them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import SCREENS, PageProblems, axe_violations, open_screen

pytestmark = pytest.mark.e2e

DEMO_MEMBER = ("socio@demo.coopac.pe", "Socio-Demo-2026")


def sign_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(DEMO_MEMBER[0])
    page.get_by_label("Contraseña", exact=True).fill(DEMO_MEMBER[1])
    page.get_by_role("button", name="Acceder").click()
    expect(page).to_have_url(re.compile(r"/inicio$"))


def leave_screen(page: Page) -> None:
    """Before going on: the screen, as drawn and opened, does not scroll the page sideways."""
    assert_no_page_scroll(page)


def assert_no_page_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"la página se desplaza {overflow}px en horizontal"


OVERDUE_TEXT = re.compile(
    r"1 cuota vencida por S/ [0-9,]+\.[0-9]{2}; venció el [0-9]{2}/[0-9]{2}/[0-9]{4}\.")


def day_in(text: str) -> date:
    """The first dd/mm/yyyy date of a text."""
    found = re.search(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", text)
    assert found, text
    return date(int(found[3]), int(found[2]), int(found[1]))


def check_ahorros(page: Page) -> None:
    open_screen(page, "/ahorros")
    expect(page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Mis Cuentas de Ahorro", level=2)).to_be_visible()
    expect(page.get_by_text("Total: 1 cuenta encontrada")).to_be_visible()
    table = page.get_by_role("region", name="Mis cuentas de ahorro")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Cuenta", "Tipo", "Saldo", "Tasa", "Apertura", "Últ. mov.", "Detalle"])
    expect(table.get_by_role("cell", name="S/ 3,105.97")).to_be_visible()
    expect(table.get_by_role("cell", name="1.00%")).to_be_visible()
    expect(page.get_by_text("Total en Soles: S/ 3,105.97")).to_be_visible()
    expect(page.get_by_text("Total en Dólares: US$ 0.00")).to_be_visible()


def test_the_money_screens_show_the_manuals_figures(page: Page, problems: PageProblems) -> None:
    sign_in(page)
    expect(page.locator(".money-screen .chart-box canvas")).to_be_visible()
    assert page.locator(".chart-box canvas").evaluate("c => c.width > 0 && c.height > 0")
    expect(page.get_by_text("Ver datos del gráfico")).to_be_visible()
    expect(page.locator(".stat-card", has_text="Ahorros")).to_contain_text("S/ 3,105.97")
    expect(page.locator(".stat-card", has_text="Préstamos")).to_contain_text("S/ 9,191.10")
    # the line under the title names the data's cut-off as such, never today's date
    expect(page.locator(".page-subtitle")).to_have_text(
        re.compile(r"^Datos al [0-9]{2} [A-Z][a-z]+ [0-9]{4} · Hola, "))
    overdue_alert = page.locator(".overdue-alerts .notice-overdue")
    expect(overdue_alert).to_have_count(1)
    expect(overdue_alert).to_contain_text(
        "Tienes cuotas vencidas en tu préstamo AMPLIACION PTMO. EDUCATIVO N° 0210000000002")
    expect(overdue_alert).to_contain_text(OVERDUE_TEXT)
    expect(overdue_alert.get_by_role("link", name="Ver mis préstamos")).to_be_visible()

    leave_screen(page)
    check_ahorros(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Descargar Cuentas").click()
    download = download_info.value
    assert download.suggested_filename == "cuentas-ahorro.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        csv_text = handle.read()
    assert csv_text.startswith("Cuenta,Tipo,Moneda,Saldo"), csv_text[:80]
    assert "3105.97" in csv_text
    page.get_by_role("button", name=re.compile("Ver movimientos de la cuenta")).click()
    expect(page.get_by_role("heading", name=re.compile("Movimientos de la cuenta"))).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("Movimientos de la cuenta"))).to_be_visible()

    leave_screen(page)
    open_screen(page, "/prestamos")
    expect(page.get_by_text(re.compile(r"· Resumen de créditos activos$"))).to_be_visible()
    for title, figure in (("Total préstamos", "1"), ("Saldo total", "S/ 9,191.10"),
                          ("Monto original", "S/ 15,000.00")):
        expect(page.locator(".stat-card", has_text=title)).to_contain_text(figure)
    expect(page.get_by_role("heading", name="Distribución del saldo por tipo")).to_be_visible()
    expect(page.locator(".distribution-list")).to_contain_text(
        "AMPLIACION PTMO. EDUCATIVO: S/ 9,191.10 (100%)")
    expect(page.get_by_text("Cuotas pagadas: 14, Cuotas pendientes: 9")).to_be_visible()
    loan = page.locator(".loan-card")
    expect(loan).to_contain_text("N°: 0210000000002")
    expect(loan).to_contain_text("13.50%")
    expect(loan).to_contain_text("14 de 24 cuotas pagadas")
    overdue = loan.locator(".notice-overdue")
    expect(overdue).to_contain_text(OVERDUE_TEXT)
    overdue_on = day_in(overdue.inner_text())
    next_due = loan.locator(".fact", has_text="Próxima cuota").locator("dd")
    assert day_in(next_due.inner_text()) > overdue_on  # «Próxima» is never a past due date
    expect(loan.get_by_role("progressbar", name="Progreso de pago")).to_have_attribute(
        "value", "58")
    expect(loan.locator(".progress-value")).to_have_text("58%")
    loan.get_by_role("button", name="Ver detalles").click()
    schedule = loan.get_by_role("region", name=re.compile("Cronograma de pagos"))
    expect(schedule.get_by_role("row")).to_have_count(25)
    expect(schedule.get_by_text("Pagada").first).to_be_visible()
    expect(schedule.get_by_text("Vencida")).to_be_visible()
    expect(schedule.get_by_text("Pendiente").first).to_be_visible()
    expect(loan.get_by_role("button", name="Ocultar detalles")).to_have_attribute(
        "aria-expanded", "true")

    leave_screen(page)
    open_screen(page, "/beneficio-familiar")
    expect(page.get_by_role("heading", name="Beneficios Familiares", level=1)).to_be_visible()
    expect(page.get_by_text("Conoce la distribución de tus beneficios")).to_be_visible()
    for title, figure in (("Cuota mensual", "S/ 30.00"), ("Pago anual", "S/ 360.00"),
                          ("Cuotas pendientes", "9"), ("Estado", "Activo")):
        expect(page.locator(".stat-card", has_text=title)).to_contain_text(figure)
    expect(page.get_by_role("cell", name="YAI (Hijo/a, 100%)")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Total distribuido"))).to_contain_text(
        "S/ 6,000.00")
    expect(page.locator(".benefit-list li")).to_have_text(
        ["YANQUI (Hijo)", "JUANA (Hija)", "BRIAN (Hijo)"])
    expect(page.get_by_text("Monto por beneficiario: S/ 6,000.00")).to_be_visible()

    leave_screen(page)
    open_screen(page, "/aportes")
    expect(page.locator(".stat-card", has_text="Saldo de aportes")).to_contain_text("S/ 4,850.00")
    expect(page.locator(".stat-card", has_text="Aporte mensual")).to_contain_text("S/ 50.00")

    leave_screen(page)
    open_screen(page, "/cts")
    expect(page.locator(".stat-card", has_text="Disponible para retiro")).to_contain_text(
        "S/ 4,640.22")
    expect(page.locator(".stat-card", has_text="Intangible")).to_contain_text("S/ 10,827.18")

    leave_screen(page)
    open_screen(page, "/plazo-fijo")
    deposit = page.locator(".deposit-card")
    expect(deposit).to_contain_text("S/ 10,000.00")
    expect(deposit).to_contain_text("5.50%")
    expect(deposit).to_contain_text("S/ 550.00")

    leave_screen(page)
    open_screen(page, "/movimientos")
    rows = page.get_by_role("region", name="Movimientos").locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(page.locator("td .money.negative").first).to_contain_text("-S/ ")
    page.get_by_role("button", name="Cargar más").click()
    expect(rows).not_to_have_count(20)
    page.get_by_label("Producto").select_option("cts")
    page.get_by_role("button", name="Filtrar").click()
    expect(page).to_have_url(re.compile(r"/movimientos\?producto=cts$"))
    expect(rows).to_have_count(4)
    leave_screen(page)
    assert problems.unexpected() == [], problems.unexpected()


PHONE_WIDTH = 390

SEES_EVERY_AMOUNT = """() => {
    const outside = [];
    for (const wrap of document.querySelectorAll('.money-screen .table-wrap')) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) outside.push('table wider than its card');
    }
    for (const cell of document.querySelectorAll('.money-screen .table td.num')) {
        const box = cell.getBoundingClientRect();
        if (box.width === 0) continue;  // a column a phone does not show
        if (box.left < 0 || box.right > window.innerWidth) outside.push(cell.textContent);
    }
    return outside;
}"""


def test_on_a_phone_every_amount_is_on_screen_and_nothing_scrolls_sideways(
        phone_page: Page, problems: PageProblems) -> None:
    """390 px: each table row is a card, so every amount (saldo, importe, estado's line) lies
    inside the viewport and no table scrolls inside its card."""
    page = phone_page
    sign_in(page)
    for path in SCREENS:
        open_screen(page, path)
        if path == "/prestamos":
            page.get_by_role("button", name="Ver detalles").click()
            schedule = page.get_by_role("region", name=re.compile("Cronograma de pagos"))
            expect(schedule).to_be_visible()
        if path == "/inicio":
            expect(page.locator(".chart-box canvas")).to_be_visible()
        assert_no_page_scroll(page)
        assert page.evaluate(SEES_EVERY_AMOUNT) == [], path
    open_screen(page, "/ahorros")
    balance = page.get_by_role("cell", name="S/ 3,105.97")
    box = balance.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, box
    assert problems.unexpected() == [], problems.unexpected()


def test_axe_finds_no_serious_violations(axe_page: Page) -> None:
    sign_in(axe_page)
    found = {}
    for path in SCREENS:
        open_screen(axe_page, path)
        if path == "/prestamos":
            axe_page.get_by_role("button", name="Ver detalles").click()
            expect(axe_page.get_by_role("region", name=re.compile("Cronograma"))).to_be_visible()
        violations = axe_violations(axe_page)
        if violations:
            found[path] = violations
    assert found == {}, found
