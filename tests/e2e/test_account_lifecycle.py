"""A registry member's whole path through the real stack: registration (manual 2.1.2), the
e-mailed activation link, the login, and password recovery by e-mailed link (2.2.4); and a staff
login with its 2FA step (2.2.3). E-mails are read from the local outbox (GET /dev/outbox)."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from dev.demo_data import registry_rows
from tests.e2e.support import (
    LocalStack,
    PageProblems,
    emailed_link,
    registry_birth_date,
    submit_login,
)

pytestmark = pytest.mark.e2e

OPERATOR = ("operador@demo.coopac.pe", "Operador-Demo-2026", "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX")


@pytest.fixture
def identity_backend(local_stack: LocalStack) -> None:
    status, _ = local_stack.api("POST", "/api/registration", {})
    if status == 404:
        pytest.fail("POST /api/registration answered 404: the registration routes are missing.")


@pytest.mark.usefixtures("identity_backend")
def test_a_registry_member_registers_activates_signs_in_and_recovers_the_password(
        page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    dni = 40000160
    email = f"socio{dni}@demo.coopac.pe"  # the registry's e-mail on file: it gets the link
    row = next(row for row in registry_rows() if row["dni"] == str(dni))
    password, new_password = "mi clave de prueba 2026", "otra clave segura 2026"

    page.goto("/login")
    page.get_by_role("link", name="Crear cuenta").click()
    page.get_by_label("DNI").fill(str(dni))
    page.get_by_label("Fecha de nacimiento").fill(registry_birth_date(dni))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_label("Confirmar contraseña").fill(password)
    page.get_by_label("Acepto los términos y condiciones de uso").check()
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_text("Si los datos coinciden, enviaremos las instrucciones al correo "
                            "registrado en la cooperativa.")).to_be_visible()

    page.goto(emailed_link(local_stack, email, "/activar"))
    expect(page.get_by_text("Tu cuenta está activa. Ya puedes iniciar sesión.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/activar$"))  # the token left the address bar
    page.get_by_role("link", name="Iniciar sesión").click()
    submit_login(page, email, password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_text(f"{row['first_name']} {row['last_name']}")).to_be_visible()
    menu.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))

    page.get_by_role("link", name="¿Olvidaste tu contraseña?").click()
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.get_by_text("Si el correo está registrado, te enviamos un enlace")).to_be_visible()
    page.goto(emailed_link(local_stack, email, "/restablecer"))
    page.get_by_label("Nueva contraseña", exact=True).fill(new_password)
    page.get_by_label("Confirmar contraseña").fill(new_password)
    page.get_by_role("button", name="Actualizar contraseña").click()
    expect(page).to_have_url(re.compile(r"/login\?aviso=contrasena$"))
    submit_login(page, email, new_password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    assert problems.unexpected() == [], problems.unexpected()


@pytest.mark.usefixtures("identity_backend")
def test_a_dni_outside_the_registry_gets_the_same_answer_as_anyone(page: Page) -> None:
    page.goto("/registro")
    page.get_by_label("DNI").fill("49999999")
    page.get_by_label("Fecha de nacimiento").fill("1980-05-05")
    page.get_by_label("Correo electrónico").fill("pedro@example.pe")
    page.get_by_label("Contraseña", exact=True).fill("una frase larga")
    page.get_by_label("Confirmar contraseña").fill("una frase larga")
    page.get_by_label("Acepto los términos y condiciones de uso").check()
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_text("Si los datos coinciden, enviaremos las instrucciones al correo "
                            "registrado en la cooperativa.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/registro$"))


@pytest.mark.usefixtures("identity_backend")
def test_an_operator_signs_in_with_the_2fa_code_and_sees_the_staff_menu(
        page: Page, problems: PageProblems) -> None:
    email, password, secret = OPERATOR
    page.goto("/solicitudes")
    expect(page).to_have_url(re.compile(r"/login\?volver=%2Fsolicitudes$"))
    submit_login(page, email, password)
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    code.fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Verificar código").click()
    expect(page).to_have_url(re.compile(r"/solicitudes$"))
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_role("link")).to_have_text(
        ["Inicio", "Administración de Mensajes", "Solicitudes de Crédito", "Beneficiarios",
         "Códigos de registro", "Reclamaciones", "Configuración"])
    expect(menu.get_by_text("Operador de crédito")).to_be_visible()
    expect(page.get_by_role("link", name="Activar 2FA")).to_be_hidden()
    assert problems.unexpected() == [], problems.unexpected()
