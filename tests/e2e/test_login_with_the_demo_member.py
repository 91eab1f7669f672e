"""The real login against the local stack: the demo member signs in, sees the member's menu and
signs out (manual 2.1.3 and 2.3)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import LocalStack, PageProblems, sign_in, submit_login

pytestmark = pytest.mark.e2e

DEMO_MEMBER = ("socio@demo.coopac.pe", "Socio-Demo-2026")
MEMBER_MENU = ["Inicio", "Aportes", "Ahorros", "Cuentas a Plazo Fijo", "Últimos Movimientos",
               "Préstamos", "Beneficio Familiar", "CTS", "Simulación de Crédito", "Buzón",
               "Configuración"]


@pytest.fixture
def login_endpoint(local_stack: LocalStack) -> None:
    """The login route exists (a 404 from the gateway would make every step below misleading)."""
    status, _ = local_stack.api("POST", "/api/auth/login", {"email": "", "password": ""})
    if status == 404:
        pytest.fail("POST /api/auth/login answered 404: the login route is missing.")


@pytest.mark.usefixtures("login_endpoint")
def test_the_demo_member_signs_in_sees_the_menu_and_signs_out(
        page: Page, problems: PageProblems) -> None:
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(DEMO_MEMBER[0])
    page.get_by_label("Contraseña", exact=True).fill(DEMO_MEMBER[1])
    page.get_by_role("button", name="Acceder").click()

    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page).to_have_title("Inicio · COOPAC PETROPERÚ")
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_role("link")).to_have_text(MEMBER_MENU)
    expect(menu.get_by_role("link", name="Inicio")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_text("María Elena Quispe Rojas")).to_be_visible()
    expect(menu.get_by_text("Socio", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Activar 2FA")).to_be_visible()

    page.reload()  # the HttpOnly cookie keeps the session across a reload
    expect(menu.get_by_role("link", name="Inicio")).to_have_attribute("aria-current", "page")

    menu.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Acceder")).to_be_visible()
    page.goto("/inicio")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert problems.unexpected() == [], problems.unexpected()


@pytest.mark.usefixtures("login_endpoint")
def test_a_wrong_password_shows_the_api_message(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(DEMO_MEMBER[0])
    page.get_by_label("Contraseña", exact=True).fill("no-es-la-clave")
    page.get_by_role("button", name="Acceder").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"\S"))
    expect(page).to_have_url(re.compile(r"/login$"))


@pytest.mark.usefixtures("login_endpoint")
def test_after_an_expired_session_the_login_returns_to_the_screen_the_member_was_on(
        page: Page) -> None:
    sign_in(page, *DEMO_MEMBER)
    menu = page.get_by_role("navigation", name="Menú principal")
    menu.get_by_role("link", name="Ahorros").click()
    expect(page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    page.context.clear_cookies()  # the session is gone, as after 15 idle minutes

    menu.get_by_role("link", name="Préstamos").click()
    expect(page).to_have_url(re.compile(r"/login\?volver=%2Fprestamos&expirada=1$"))
    expect(page.get_by_text("Tu sesión expiró. Vuelve a iniciar sesión.")).to_be_visible()
    submit_login(page, *DEMO_MEMBER)
    expect(page).to_have_url(re.compile(r"/prestamos$"))
    expect(page.get_by_role("heading", name="Préstamos", level=1)).to_be_visible()
