"""2FA in Configuración (manual 2.2.1): "Desactivar" asks in a dialog for the password and a
current code (errors under the inputs), then the state and the floating button follow; and a
staff member without 2FA enrols on the only screen they can reach, after which the session is
read again and the whole staff menu opens (stubbed session: the demo staff already have 2FA)."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.support import (
    LocalStack,
    PageProblems,
    StubbedSession,
    a_session,
    emailed_link,
    keep_backup_codes,
    registry_birth_date,
    submit_login,
)

pytestmark = pytest.mark.e2e

STEP_SECONDS = 30
QR_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
          '<title>Código QR</title><rect width="10" height="10" fill="#fff"/>'
          '<rect x="2" y="2" width="6" height="6"/></svg>')
ENROL_NOTICE = "el personal debe activar la autenticación en dos pasos"
STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def registered_member(stack: LocalStack, dni: int, password: str) -> str:
    """A member registered and activated through the API (the UI path is in
    test_account_lifecycle / test_configuracion); returns the e-mail."""
    email = f"socio{dni}@demo.coopac.pe"  # the registry's e-mail on file: it gets the link
    status, body = stack.api("POST", "/api/registration", {
        "dni": str(dni), "birth_date": registry_birth_date(dni), "email": email,
        "password": password, "password_confirmation": password, "accept_terms": True})
    assert status == 202, body
    token = emailed_link(stack, email, "/activar").split("token=", 1)[1]
    status, body = stack.api("POST", "/api/registration/activate", {"token": token})
    assert status in (200, 204), body
    return email


def previous_step_code(totp: pyotp.TOTP) -> str:
    """The code of the previous step (the server accepts the current or the previous one), so
    that the current step stays unused for the next check. Not within 4 s of a step change."""
    while STEP_SECONDS - (time.time() % STEP_SECONDS) < 4:
        time.sleep(0.25)
    return totp.at(time.time() - STEP_SECONDS)


def test_a_member_turns_2fa_off_after_confirming_with_password_and_code(
        page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    password = "mi frase de registro segura"
    email = registered_member(local_stack, 40000151, password)
    page.goto("/login")
    submit_login(page, email, password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.goto("/configuracion")
    expect(page.get_by_text("2FA inactivo")).to_be_visible()

    # The set-up asks for the password first (step-up).
    page.get_by_label("Tu contraseña, para activar 2FA").fill(password)
    page.get_by_role("button", name="Activar 2FA ahora").click()
    secret = page.locator(".totp-secret-value").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    wrong = next(c for c in ("000000", "111111", "222222")
                 if c not in (totp.now(), totp.at(time.time() - STEP_SECONDS)))
    page.get_by_label("Código de verificación").fill(wrong)
    page.get_by_role("button", name="Confirmar 2FA").click()
    code_field = page.get_by_label("Código de verificación")
    expect(code_field).to_be_focused()
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"\S")).first).to_be_visible()
    code_field.fill(previous_step_code(totp))
    page.get_by_role("button", name="Confirmar 2FA").click()
    keep_backup_codes(page)
    expect(page.get_by_text("2FA activo")).to_be_visible()

    # "Desactivar" asks first; "Cancelar" leaves 2FA on.
    page.get_by_role("button", name="Desactivar").click()
    dialog = page.get_by_role("dialog", name="¿Desactivar la autenticación en dos pasos?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Contraseña", exact=True)).to_be_focused()
    dialog.get_by_role("button", name="Cancelar").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Desactivar")).to_be_focused()

    # A wrong password: the API's step-up refusal (which never says which of the two was
    # wrong) in the dialog, which stays, the password to type again.
    page.get_by_role("button", name="Desactivar").click()
    dialog.get_by_label("Contraseña", exact=True).fill("no es mi clave")
    dialog.get_by_label("Código de verificación").fill(totp.now())
    dialog.get_by_role("button", name="Desactivar 2FA").click()
    password_input = dialog.get_by_label("Contraseña", exact=True)
    expect(dialog.get_by_text("No pudimos confirmar que eres tú")).to_be_visible()
    expect(password_input).to_be_focused()

    # The right password and the current code (its step was not used yet).
    password_input.fill(password)
    dialog.get_by_label("Código de verificación").fill(totp.now())
    dialog.get_by_role("button", name="Desactivar 2FA").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("La autenticación en dos pasos quedó desactivada.")).to_be_visible()
    expect(page.get_by_text("2FA inactivo")).to_be_visible()
    expect(page.get_by_role("button", name="Activar 2FA ahora")).to_be_visible()
    page.get_by_role("link", name="Inicio", exact=True).click()
    expect(page.get_by_role("link", name="Activar 2FA")).to_be_visible()
    assert problems.page_errors == [], problems.page_errors
    problems.collect_csp_violations()
    assert problems.csp_violations == [], problems.csp_violations


def test_staff_without_2fa_enrol_and_then_reach_their_whole_menu(
        page: Page, problems: PageProblems) -> None:
    stub = StubbedSession(page, a_session("operator", totp_enabled=False, totp_required=True,
                                          first_name="Carlos", last_name="Paredes Núñez"))
    calls: list[str] = []

    def setup(route: Route) -> None:
        body: dict[str, Any] = route.request.post_data_json or {}
        calls.append(f"setup:{body.get('current_password')}")
        route.fulfill(status=200, json={
            "secret": STAFF_SECRET, "qr_svg": QR_SVG,
            "otpauth_uri": f"otpauth://totp/COOPAC%20PETROPER%C3%9A:operator@demo.coopac.pe"
                           f"?secret={STAFF_SECRET}&issuer=COOPAC%20PETROPER%C3%9A"})

    def confirm(route: Route) -> None:
        body: dict[str, Any] = route.request.post_data_json or {}
        calls.append(f"confirm:{body.get('code')}")
        session = a_session("operator", totp_enabled=True, first_name="Carlos",
                            last_name="Paredes Núñez")
        stub.session = session
        route.fulfill(status=200, json={"totp_enabled": True,
                                        "backup_codes": [f"ABCDE-{n}GHJK" for n in range(2, 10)]
                                        + ["ABCDE-XGHJK", "ABCDE-YGHJK"]})

    page.route("**/api/auth/totp/setup", setup)
    page.route("**/api/auth/totp/confirm", confirm)
    page.goto("/solicitudes")
    expect(page).to_have_url(re.compile(r"/configuracion$"))
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_role("link")).to_have_text(["Configuración"])
    expect(page.get_by_text(ENROL_NOTICE)).to_be_visible()
    # Only the 2FA card: the enrolling session may call nothing else.
    expect(page.get_by_role("heading", level=2)).to_have_text(["Autenticación en dos pasos (2FA)"])

    page.get_by_label("Tu contraseña, para activar 2FA").fill("clave del operador")
    page.get_by_role("button", name="Activar 2FA ahora").click()
    expect(page.get_by_role("img", name="Código QR para Google Authenticator")).to_be_visible()
    expect(page.locator(".totp-secret-value")).to_have_text(
        "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")
    page.get_by_label("Código de verificación").fill("123 456")
    page.get_by_role("button", name="Confirmar 2FA").click()
    assert keep_backup_codes(page)[0] == "ABCDE-2GHJK"
    expect(page.get_by_text("2FA activo")).to_be_visible()
    expect(menu.get_by_role("link")).to_have_text(
        ["Inicio", "Administración de Mensajes", "Solicitudes de Crédito", "Beneficiarios",
         "Códigos de registro", "Reclamaciones", "Configuración"])
    expect(page.get_by_text(ENROL_NOTICE)).to_be_hidden()
    expect(page.get_by_role("button", name="Desactivar")).to_be_hidden()
    expect(page.get_by_text("debe mantener activa la autenticación en dos pasos")).to_be_visible()
    assert calls == ["setup:clave del operador", "confirm:123456"]
    assert problems.unexpected() == [], problems.unexpected()
