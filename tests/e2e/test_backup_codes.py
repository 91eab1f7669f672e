"""Backup codes in the browser (issue 14, finding 4): a member enrols TOTP in Configuración and
is shown the ten backup codes once (download them, tick «Guardé mis códigos», continue), signs
out, signs in with a backup code typed loosely, and recovers the password with the e-mailed
link plus another backup code (the link alone is not enough with 2FA on). axe-clean on the
codes panel, the code step and the reset form."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    LocalStack,
    axe_violations,
    emailed_link,
    mails_to,
    registry_birth_date,
    submit_login,
)

pytestmark = pytest.mark.e2e

DNI = 40000185  # a registry member without an account (with an e-mail on file) no other test uses
EMAIL = f"socio{DNI}@demo.coopac.pe"
PASSWORD = "mi frase de respaldo segura"
NEW_PASSWORD = "otra frase de respaldo firme"
STEP_SECONDS = 30


def registered_member(stack: LocalStack) -> None:
    """Registered and activated through the API with the e-mail on file as the login e-mail
    (so the activation link reaches it whichever way registration mails it)."""
    form = {"dni": str(DNI), "birth_date": registry_birth_date(DNI), "email": EMAIL,
            "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": True}
    status, body = stack.api("POST", "/api/registration",
                             {"first_name": "Julio César", "last_name": "Rojas Vega", **form})
    if status == 400:  # registration that takes the registry's names refuses typed ones
        status, body = stack.api("POST", "/api/registration", form)
    assert status in (201, 202), body
    token = emailed_link(stack, EMAIL, "/activar").split("token=", 1)[1]
    status, body = stack.api("POST", "/api/registration/activate", {"token": token})
    assert status in (200, 204), body


def previous_step_code(totp: pyotp.TOTP) -> str:
    """The previous step's code (accepted once), not within 4 s of a step change."""
    while STEP_SECONDS - (time.time() % STEP_SECONDS) < 4:
        time.sleep(0.25)
    return totp.at(time.time() - STEP_SECONDS)


def enrol_and_keep_the_codes(page: Page) -> list[str]:
    page.goto("/configuracion")
    page.get_by_label("Tu contraseña, para activar 2FA").fill(PASSWORD)
    page.get_by_role("button", name="Activar 2FA ahora").click()
    secret = page.locator(".totp-secret-value").inner_text().replace(" ", "")
    page.get_by_label("Código de verificación").fill(previous_step_code(pyotp.TOTP(secret)))
    page.get_by_role("button", name="Confirmar 2FA").click()
    expect(page.get_by_role("heading", name="Tus códigos de respaldo")).to_be_focused()
    codes = page.locator(".backup-codes-list code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", c) for c in codes)
    assert axe_violations(page) == []
    continue_button = page.get_by_role("button", name="Continuar")
    expect(continue_button).to_be_disabled()
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar", exact=True).click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert all(code in saved for code in codes) and EMAIL in saved
    page.get_by_label("Guardé mis códigos").check()
    continue_button.click()
    expect(page.get_by_text("La autenticación en dos pasos quedó activada.")).to_be_visible()
    expect(page.get_by_text("Te quedan 10 códigos de respaldo.")).to_be_visible()
    return codes


def test_a_member_signs_in_and_recovers_the_password_with_backup_codes(
        axe_page: Page, local_stack: LocalStack) -> None:
    page = axe_page
    registered_member(local_stack)
    page.goto("/login")
    submit_login(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    codes = enrol_and_keep_the_codes(page)

    page.get_by_role("navigation", name="Menú principal").get_by_role(
        "button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    submit_login(page, EMAIL, PASSWORD)
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    assert axe_violations(page) == []
    code.fill(codes[0].lower().replace("-", " "))  # typed loosely: case and spaces do not matter
    expect(code).to_have_value(codes[0])
    page.get_by_role("button", name="Verificar código").click()
    expect(page).to_have_url(re.compile(r"/inicio$"))
    assert mails_to(local_stack, EMAIL, "te quedan 9")
    page.goto("/configuracion")
    expect(page.get_by_text("Te quedan 9 códigos de respaldo.")).to_be_visible()
    page.get_by_role("navigation", name="Menú principal").get_by_role(
        "button", name="Cerrar sesión").click()

    page.get_by_role("link", name="¿Olvidaste tu contraseña?").click()
    expect(page.get_by_label("Código de verificación")).to_have_count(0)
    page.get_by_label("Correo electrónico").fill(EMAIL)
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.get_by_text("Si el correo está registrado, te enviamos un enlace")).to_be_visible()
    page.goto(emailed_link(local_stack, EMAIL, "/restablecer"))
    page.get_by_label("Nueva contraseña", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirmar contraseña").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Actualizar contraseña").click()
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    expect(page.get_by_text("Ingresa el código de tu app o un código de respaldo.").first
           ).to_be_visible()
    assert axe_violations(page) == []
    code.fill(codes[0])  # already spent at the sign-in
    page.get_by_role("button", name="Actualizar contraseña").click()
    expect(page.get_by_text("no es válido o ya fue usado").first).to_be_visible()
    code.fill(codes[1])
    page.get_by_role("button", name="Actualizar contraseña").click()
    expect(page).to_have_url(re.compile(r"/login\?aviso=contrasena$"))

    submit_login(page, EMAIL, NEW_PASSWORD)
    page.get_by_label("Código de verificación").fill(codes[2])
    page.get_by_role("button", name="Verificar código").click()
    expect(page).to_have_url(re.compile(r"/inicio$"))
