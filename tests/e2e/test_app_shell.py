"""The signed-in frame (manual 2.3): the role's menu, the active item, the user's name and role,
"Cerrar sesión", the phone drawer, the 2FA button and the staff 2FA guard.

The session answer is stubbed in the browser so that the frame is tested on its own; the real
login is in ``test_login_with_the_demo_member.py``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import TAP_TARGET_PX, PageProblems, StubbedSession, a_session, axe_violations

pytestmark = pytest.mark.e2e

MEMBER_MENU = ["Inicio", "Aportes", "Ahorros", "Cuentas a Plazo Fijo", "Últimos Movimientos",
               "Préstamos", "Beneficio Familiar", "CTS", "Simulación de Crédito", "Buzón",
               "Configuración"]
ADMIN_MENU = ["Inicio", "Administración de Mensajes", "Solicitudes de Crédito", "Beneficiarios",
              "Códigos de registro", "Reclamaciones", "Configuración", "Usuarios", "Importaciones",
              "Productos", "Auditoría", "Reparto de casos", "Feriados", "Contenido público",
              "Términos y condiciones"]


def menu_of(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Menú principal")


def test_the_member_menu_marks_the_active_item_and_the_back_button_works(
        page: Page, problems: PageProblems) -> None:
    StubbedSession(page, a_session("member"))
    page.goto("/ahorros")
    menu = menu_of(page)
    expect(menu.get_by_role("link")).to_have_text(MEMBER_MENU)
    expect(menu.get_by_role("link", name="Ahorros")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    expect(page.get_by_text("Total: 0 cuentas encontradas")).to_be_visible()
    expect(page).to_have_title("Ahorros · COOPAC PETROPERÚ")
    expect(menu.get_by_text("María Elena Quispe Rojas")).to_be_visible()
    expect(menu.get_by_text("Socio", exact=True)).to_be_visible()
    expect(menu.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    menu.get_by_role("link", name="Cuentas a Plazo Fijo").click()
    expect(page).to_have_url(re.compile(r"/plazo-fijo$"))
    expect(page).to_have_title("Cuentas a Plazo Fijo · COOPAC PETROPERÚ")
    expect(menu.get_by_role("link", name="Cuentas a Plazo Fijo")).to_have_attribute(
        "aria-current", "page")
    expect(menu.get_by_role("link", name="Ahorros")).not_to_have_attribute("aria-current", "page")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/ahorros$"))
    expect(page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    assert problems.unexpected() == [], problems.unexpected()


def test_members_without_2fa_see_a_dismissible_2fa_banner_on_inicio_that_covers_nothing(
        phone_page: Page) -> None:
    page = phone_page
    StubbedSession(page, a_session("member", totp_enabled=False))
    page.goto("/inicio")
    banner = page.get_by_role("region", name="Verificación en dos pasos")
    expect(banner).to_be_visible()
    heading = page.get_by_role("heading", name="Inicio", level=1)
    expect(heading).to_be_visible()
    assert page.evaluate("""() => [...document.querySelectorAll('body *')].every(
        (element) => getComputedStyle(element).position !== 'fixed'
            || element.closest('.topbar, .sidebar, .backdrop, .skip-link'))"""), \
        "only the frame itself may be fixed"
    banner_box, heading_box = banner.bounding_box(), heading.bounding_box()
    assert banner_box and heading_box and banner_box["y"] + banner_box["height"] <= heading_box["y"]

    banner.get_by_role("link", name="Activar 2FA").click()
    expect(page).to_have_url(re.compile(r"/configuracion$"))
    expect(page.get_by_role("heading", name="Configuración", level=1)).to_be_visible()
    expect(banner).to_be_hidden()  # Configuración holds the 2FA card itself

    page.go_back()
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Ahora no").click()
    expect(banner).to_be_hidden()
    page.reload()  # dismissed until the next sign-in, not just until the next screen
    expect(page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()
    expect(banner).to_be_hidden()


def test_members_with_2fa_do_not_see_the_activar_2fa_button(page: Page) -> None:
    StubbedSession(page, a_session("member", totp_enabled=True))
    page.goto("/inicio")
    expect(page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Verificación en dos pasos")).to_be_hidden()


def test_a_signed_in_user_on_the_login_goes_to_inicio(page: Page) -> None:
    StubbedSession(page, a_session("member"))
    page.goto("/login")
    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page).to_have_title("Inicio · COOPAC PETROPERÚ")


def test_the_admin_menu_and_a_screen_outside_the_role(page: Page) -> None:
    StubbedSession(page, a_session("super_admin", totp_enabled=True, first_name="Patricia",
                                   last_name="Villanueva Cárdenas"))
    # The real stack answers the screen's list 401 (the session is only stubbed) and the API
    # client then leaves for the login: the menu would be checked in a race with that redirect.
    page.route("**/api/admin/users?*", lambda route: route.fulfill(
        status=200, json={"items": [], "next_cursor": None}))
    page.goto("/usuarios")
    menu = menu_of(page)
    expect(menu.get_by_role("link")).to_have_text(ADMIN_MENU)
    expect(menu.get_by_text("Superadministrador")).to_be_visible()
    expect(page.get_by_role("region", name="Verificación en dos pasos")).to_be_hidden()
    page.goto("/ahorros")
    expect(page.get_by_role("heading", name="Sin acceso")).to_be_visible()


def test_staff_without_2fa_can_only_reach_configuracion(page: Page) -> None:
    StubbedSession(page, a_session("operator", totp_enabled=False, totp_required=True,
                                   first_name="Carlos", last_name="Paredes Núñez"))
    page.goto("/solicitudes")
    expect(page).to_have_url(re.compile(r"/configuracion$"))
    expect(page.get_by_text("el personal debe activar la autenticación en dos pasos")
           ).to_be_visible()
    expect(menu_of(page).get_by_role("link")).to_have_text(["Configuración"])
    expect(menu_of(page).get_by_text("Operador de crédito")).to_be_visible()
    page.goto("/inicio")
    expect(page).to_have_url(re.compile(r"/configuracion$"))


def test_logout_posts_with_the_csrf_header_and_returns_to_the_login(page: Page) -> None:
    stub = StubbedSession(page, a_session("member"))
    page.goto("/inicio")
    menu_of(page).get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Acceder")).to_be_visible()
    assert len(stub.logout_calls) == 1
    assert stub.logout_calls[0].get("x-requested-with") == "fetch"
    page.goto("/inicio")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_the_menu_folds_into_a_drawer_on_a_390_px_phone(
        phone_page: Page, problems: PageProblems) -> None:
    StubbedSession(phone_page, a_session("member"))
    phone_page.goto("/inicio")
    expect(phone_page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    menu = menu_of(phone_page)
    expect(menu).to_be_hidden()
    button = phone_page.get_by_role("button", name="Abrir menú")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(menu).to_be_visible()
    toggle = phone_page.locator(".menu-button")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Inicio")).to_be_focused()
    phone_page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()

    toggle.click()
    close = menu.get_by_role("button", name="Cerrar menú")  # the drawer's own way out
    box = close.bounding_box()
    assert box is not None and box["width"] >= TAP_TARGET_PX and box["height"] >= TAP_TARGET_PX, box
    close.click()
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()

    toggle.click()
    menu.get_by_role("link", name="Préstamos").click()
    expect(phone_page).to_have_url(re.compile(r"/prestamos$"))
    expect(menu).to_be_hidden()
    expect(phone_page.get_by_role("heading", name="Préstamos", level=1)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems.unexpected() == [], problems.unexpected()


def test_the_signed_in_frame_passes_axe_wcag_aa_checks(axe_page: Page) -> None:
    StubbedSession(axe_page, a_session("member"))
    axe_page.goto("/inicio")
    expect(axe_page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()
    assert axe_violations(axe_page) == []
