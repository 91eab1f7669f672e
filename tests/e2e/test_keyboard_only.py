"""Keyboard-only use of the portal (docs/design/UI.md: visible focus rings; WCAG 2.1.1, 2.4.1,
2.4.3, 2.4.7): a member and a staff user sign in (the staff with the 2FA code), walk their menu and
sign out with Tab, Shift+Tab, typing, Enter and Space only: no clicks, and text typed only into the
element that Tab reached. Every element Tab reaches shows a focus indicator; after a menu choice the
focus lands on the new screen's heading (or its main region); "Saltar al contenido" is the first
stop and leads into the content. At 390 px the menu button opens and closes the drawer by keyboard.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import MEMBER, OPERATOR2, STEP_SECONDS, PageProblems

pytestmark = pytest.mark.e2e

MEMBER_SCREENS = [("Aportes", "/aportes"), ("Ahorros", "/ahorros"),
                  ("Cuentas a Plazo Fijo", "/plazo-fijo"), ("Últimos Movimientos", "/movimientos"),
                  ("Préstamos", "/prestamos"), ("Beneficio Familiar", "/beneficio-familiar"),
                  ("CTS", "/cts"), ("Simulación de Crédito", "/simulacion"), ("Buzón", "/buzon"),
                  ("Configuración", "/configuracion"), ("Inicio", "/inicio")]
STAFF_SCREENS = [("Administración de Mensajes", "/mensajes"),
                 ("Solicitudes de Crédito", "/solicitudes"), ("Beneficiarios", "/beneficiarios"),
                 ("Códigos de registro", "/codigos-registro"), ("Reclamaciones", "/reclamaciones"),
                 ("Configuración", "/configuracion"),
                 ("Inicio", "/inicio")]
MAX_TABS = 60

# What the focused element is and how it shows its focus: outline or box-shadow (docs/design/UI.md
# "visible focus rings"), its size, and whether it lies in the viewport.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim()
      .slice(0, 60), label: el.getAttribute('aria-label') || (el.labels && el.labels[0]
      ? el.labels[0].innerText.trim() : ''),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    sized: box.width > 0 && box.height > 0,
    inView: box.bottom > 0 && box.right > 0 && box.top < window.innerHeight
      && box.left < window.innerWidth,
  };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    info: dict[str, Any] | None = page.evaluate(_FOCUSED)
    return info


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus; every element passed on the way
    must show its focus and be on screen."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        info = focused(page)
        assert info is not None, f"{key}: el foco se perdió (quedó en <body>)"
        assert info["sized"] and info["inView"], f"{key}: el foco está fuera de la vista: {info}"
        assert info["outline"] or info["shadow"], f"{key}: foco sin indicador visible: {info}"
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{MAX_TABS}× {key} no llegaron a {target}")


def assert_focus_in_content(page: Page) -> None:
    """After a navigation the focus is on the screen's <h1> or on its <main>."""
    expect(page.locator("main#contenido")).to_be_visible()
    try:
        page.wait_for_function(
            "() => { const el = document.activeElement;"
            " return !!el && !!el.closest('main#contenido') && (el.matches('h1') || el.id === "
            "'contenido'); }", timeout=5_000)
    except PlaywrightError as error:
        raise AssertionError(f"{page.url}: el foco no está en el contenido: {focused(page)}"
                             ) from error


def type_into(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def keyboard_sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    expect(page.get_by_role("button", name="Acceder")).to_be_visible()
    type_into(page, page.get_by_label("Correo electrónico"), email)
    type_into(page, page.get_by_label("Contraseña", exact=True), password)
    remember = page.get_by_label("Recordar sesión")
    tab_to(page, remember)
    page.keyboard.press("Space")
    expect(remember).to_be_checked()
    page.keyboard.press("Space")
    expect(remember).not_to_be_checked()
    tab_to(page, page.get_by_role("button", name="Acceder"))
    page.keyboard.press("Enter")


def keyboard_totp_step(page: Page, secret: str) -> None:
    """The 2FA step by keyboard: the code field has the focus; type, Enter. A step another test
    spent is refused (the field gets the focus back): wait for the next step and type again."""
    totp = pyotp.TOTP(secret)
    code = page.get_by_label("Código de verificación")
    for _ in range(3):
        expect(code).to_be_focused()
        page.keyboard.type(totp.now())
        page.keyboard.press("Enter")
        try:
            expect(page).to_have_url(re.compile(r"/inicio$"), timeout=4_000)
            return
        except AssertionError:
            expect(code).to_be_focused()
            expect(code).to_have_value("")
            time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.5)
    raise AssertionError("el código TOTP no fue aceptado")


def walk_menu_by_keyboard(page: Page, screens: list[tuple[str, str]]) -> None:
    """From the content, Shift+Tab back into the menu to each item, Enter, and check the screen
    opened with the focus in its content."""
    menu = page.get_by_role("navigation", name="Menú principal")
    for label, path in screens:
        link = menu.get_by_role("link", name=label, exact=True)
        tab_to(page, link, backwards=True)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
        expect(link).to_have_attribute("aria-current", "page")
        assert_focus_in_content(page)
        # once the screen's data replaced the skeleton, the focus is still in the content
        expect(page.locator(".skeleton-wrap")).to_have_count(0)
        assert_focus_in_content(page)


def skip_link_leads_to_the_content(page: Page) -> None:
    """docs/design/UI.md asks for visible focus; WCAG 2.4.1: the first Tab stop skips the menu."""
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".skeleton-wrap")).to_have_count(0)
    skip = page.get_by_role("link", name="Saltar al contenido")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    info = focused(page)
    assert info is not None and info["inView"], f"«Saltar al contenido» no se ve: {info}"
    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content, not the menu
    assert page.evaluate("!!document.activeElement.closest('main#contenido')")


def keyboard_sign_out(page: Page) -> None:
    logout = page.get_by_role("navigation", name="Menú principal").get_by_role(
        "button", name="Cerrar sesión")
    tab_to(page, logout, backwards=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Acceder")).to_be_visible()


def drawer_slid_in(page: Page) -> None:
    """The drawer slides in for 0.2 s; its items are on screen once it stopped at the left."""
    page.wait_for_function("() => document.getElementById('menu-principal')"
                           ".getBoundingClientRect().left >= 0")


def test_a_member_signs_in_walks_the_menu_and_signs_out_with_the_keyboard_only(
        page: Page, problems: PageProblems) -> None:
    keyboard_sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    assert_focus_in_content(page)
    skip_link_leads_to_the_content(page)
    walk_menu_by_keyboard(page, MEMBER_SCREENS)
    keyboard_sign_out(page)
    assert problems.unexpected() == [], problems.unexpected()


def test_staff_sign_in_with_the_2fa_code_and_walk_their_menu_with_the_keyboard_only(
        page: Page, problems: PageProblems) -> None:
    email, password, secret = OPERATOR2
    keyboard_sign_in(page, email, password)
    keyboard_totp_step(page, secret)
    assert_focus_in_content(page)
    skip_link_leads_to_the_content(page)
    walk_menu_by_keyboard(page, STAFF_SCREENS)
    keyboard_sign_out(page)
    refused = [e for e in problems.console_errors if "/api/auth/login/totp" in e]
    assert [e for e in problems.unexpected() if e not in refused] == [], problems.unexpected()


def test_on_a_phone_the_menu_button_works_by_keyboard(phone_page: Page,
                                                       problems: PageProblems) -> None:
    page = phone_page
    keyboard_sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    assert_focus_in_content(page)
    menu = page.get_by_role("navigation", name="Menú principal")
    toggle = page.get_by_role("button", name="Abrir menú")
    expect(menu).to_be_hidden()

    # Enter opens the drawer with the focus on the current item; Escape closes it and gives the
    # focus back to the button.
    tab_to(page, toggle, backwards=True)
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(page.locator(".menu-button")).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Inicio")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(page.locator(".menu-button")).to_be_focused()

    # Space opens it too; Tab walks the drawer to "Préstamos"; Enter opens the screen and
    # closes the drawer, with the focus in the content.
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    drawer_slid_in(page)
    tab_to(page, menu.get_by_role("link", name="Préstamos"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/prestamos$"))
    expect(menu).to_be_hidden()
    assert_focus_in_content(page)

    # Sign out from the drawer.
    tab_to(page, page.get_by_role("button", name="Abrir menú"), backwards=True)
    page.keyboard.press("Enter")
    drawer_slid_in(page)
    tab_to(page, menu.get_by_role("button", name="Cerrar sesión"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert problems.unexpected() == [], problems.unexpected()
