"""A paid-off loan leaves «Mis créditos activos» and every active figure, and stays visible in
«Historial» (issue 17, docs/imports.md "Product status"): the demo member's loan N°
0210000000001, cancelado on 10/03/2024, on Préstamos at 1366×850 and 390×844, with axe and
nothing covering the amounts; Inicio's loan figure is still only the active loan's. Importaciones
offers «Foto completa» for product files only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    NOTHING_COVERS,
    LocalStack,
    PageProblems,
    axe_violations,
    open_screen,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PAID_OFF = "0210000000001"
ACTIVE = "0210000000002"


def check_history(page: Page) -> None:
    open_screen(page, "/prestamos")
    active = page.get_by_role("region", name="Mis créditos activos", exact=True)
    expect(active.locator(".loan-card")).to_have_count(1)
    expect(active).to_contain_text(ACTIVE)
    expect(active).not_to_contain_text(PAID_OFF)
    expect(page.locator(".stat-card", has_text="Total préstamos")).to_contain_text("1")
    expect(page.locator(".stat-card", has_text="Saldo total")).to_contain_text("S/ 9,191.10")

    history = page.get_by_role("region", name="Historial", exact=True)
    expect(history.get_by_role("heading", name="Historial", level=2)).to_be_visible()
    row = history.get_by_role("row").filter(has_text=PAID_OFF)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("PRÉSTAMO DE CONSUMO")
    expect(row).to_contain_text("Cancelado")
    expect(row).to_contain_text("10/03/2024")
    expect(row).to_contain_text("S/ 0.00")
    history.scroll_into_view_if_needed()
    assert page.evaluate(NOTHING_COVERS) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"la página se desplaza {overflow}px en horizontal"


def test_on_a_laptop_the_paid_off_loan_is_history_not_active(
        page: Page, problems: PageProblems) -> None:
    page.set_viewport_size(LAPTOP)
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page.locator(".stat-card", has_text="Préstamos")).to_contain_text("S/ 9,191.10")
    check_history(page)
    assert problems.unexpected() == [], problems.unexpected()


def test_on_a_phone_the_paid_off_loan_is_history_not_active(
        phone_page: Page, problems: PageProblems) -> None:
    sign_in(phone_page, *MEMBER)
    expect(phone_page).to_have_url(re.compile(r"/inicio$"))
    check_history(phone_page)
    assert problems.unexpected() == [], problems.unexpected()


def test_axe_finds_no_serious_violation_with_the_history_shown(axe_page: Page) -> None:
    sign_in(axe_page, *MEMBER)
    expect(axe_page).to_have_url(re.compile(r"/inicio$"))
    open_screen(axe_page, "/prestamos")
    expect(axe_page.get_by_role("region", name="Historial", exact=True)).to_contain_text(PAID_OFF)
    assert axe_violations(axe_page) == []
    axe_page.set_viewport_size({"width": 390, "height": 844})
    expect(axe_page.get_by_role("region", name="Historial", exact=True)).to_be_visible()
    assert axe_violations(axe_page) == []


def test_importaciones_offers_a_full_snapshot_for_product_files_only(
        browser: Browser, local_stack: LocalStack) -> None:
    """The option is shown for a product kind and explained; not for the registry. (Nothing is
    uploaded: a snapshot would close the demo's other loans for the rest of the suite.)"""
    context, page, errors = staff_context(browser, local_stack, bypass_csp=True)
    try:
        sign_in_with_totp(page, *ADMIN)
        page.goto("/importaciones")
        snapshot = page.get_by_label("Foto completa: el archivo trae todos los productos de este "
                                     "tipo")
        kind = page.get_by_label("Tipo de archivo")
        expect(kind).to_be_visible()
        expect(snapshot).to_be_hidden()
        kind.select_option(label="Préstamos")
        expect(snapshot).to_be_visible()
        expect(page.get_by_text("Los productos que no estén en el archivo se marcarán como "
                                "cerrados (no se borran).", exact=False)).to_be_visible()
        snapshot.check()
        assert axe_violations(page) == []
        kind.select_option(label="Padrón de socios")
        expect(snapshot).to_be_hidden()
        expect(snapshot).not_to_be_checked()
        assert errors == [], errors
    finally:
        context.close()
