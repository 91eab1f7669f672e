"""Configuración (manual 2.2.1, 2.2.3, 2.4.11) through the real local stack: a new member
registers, activates the account from the outbox, signs in, turns on 2FA with a code computed by
pyotp from the secret shown on screen, ends another session, sees its names (the registry's)
and DNI read-only, changes the password with the strength meter, signs out and back in with the
code. And axe-core on /configuracion."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pyotp
import pytest
from playwright.sync_api import Page, expect

from dev.demo_data import registry_rows
from tests.e2e.support import (
    LocalStack,
    PageProblems,
    axe_violations,
    emailed_link,
    fill_registration,
    keep_backup_codes,
    registry_birth_date,
    submit_login,
)

pytestmark = pytest.mark.e2e

STEP_SECONDS = 30
SESSION_COOKIE = "__Host-coopac_session"
DEMO_MEMBER = ("socio2@demo.coopac.pe", "Socio-Demo-2026")


def api_login(stack: LocalStack, email: str, password: str) -> str:
    """Sign in without the browser (another "device"); returns the session cookie pair."""
    request = urllib.request.Request(  # noqa: S310 (local URL)
        f"{stack.url}/api/auth/login", method="POST",
        data=json.dumps({"email": email, "password": password, "remember": False}).encode(),
        headers={"Content-Type": "application/json", "X-Requested-With": "fetch"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        answer: dict[str, object] = json.loads(response.read())
        assert answer["requires_totp"] is False
        cookies: list[str] = response.headers.get_all("Set-Cookie") or []
    for cookie in cookies:
        pair = str(cookie).split(";", 1)[0]
        if pair.startswith(f"{SESSION_COOKIE}="):
            return pair
    raise AssertionError(f"no session cookie in {cookies}")


def session_status(stack: LocalStack, cookie: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (local URL)
        f"{stack.url}/api/auth/session", headers={"Cookie": cookie, "X-Requested-With": "fetch"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def current_step() -> int:
    return int(time.time() // STEP_SECONDS)


def code_after(totp: pyotp.TOTP, used_step: int) -> str:
    """A code of a step after ``used_step`` (each step is accepted once): waits ≤ 30 s."""
    while current_step() <= used_step:
        time.sleep(0.25)
    return totp.now()


def register_and_activate(page: Page, stack: LocalStack, *, dni: int, email: str,
                          password: str) -> None:
    """Registration proves the mailbox the registry holds (issue 14): ``email`` is the one on
    file, and the activation link arrives there."""
    fill_registration(page, dni, email, password)
    page.goto(emailed_link(stack, email, "/activar"))
    expect(page.get_by_text("Tu cuenta está activa. Ya puedes iniciar sesión.")).to_be_visible()


def test_a_new_member_secures_the_account_in_configuracion(
        page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    dni = 40000150
    registry = next(row for row in registry_rows() if row["dni"] == str(dni))
    assert registry["birth_date"] == registry_birth_date(dni) == "1990-02-20"
    email = registry["email"]  # the e-mail on file, also the login e-mail here
    password, new_password = "una tarde de cielo claro", "cielo de mayo en la sierra 2026"

    register_and_activate(page, local_stack, dni=dni, email=email, password=password)
    page.goto("/login")
    submit_login(page, email, password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    other_device = api_login(local_stack, email, password)
    assert session_status(local_stack, other_device) == 200

    # The floating button leads to Configuración while 2FA is off.
    page.get_by_role("link", name="Activar 2FA").click()
    expect(page).to_have_url(re.compile(r"/configuracion$"))
    expect(page).to_have_title("Configuración · COOPAC PETROPERÚ")
    expect(page.get_by_role("heading", name="Configuración", level=1)).to_be_visible()
    for title in ("Autenticación en dos pasos (2FA)", "Restablecer contraseña",
                  "Actualizar mis datos", "Sesiones activas", "Políticas de uso del aplicativo"):
        expect(page.get_by_role("heading", name=title, level=2)).to_be_visible()
    expect(page.get_by_text("Protege tu cuenta con una capa adicional")).to_be_visible()
    expect(page.get_by_role("heading", name="Activa la autenticación en dos pasos")).to_be_visible()

    # Sessions: this one and the other "device"; end the other one.
    sessions = page.get_by_role("region", name="Sesiones activas de tu cuenta")
    expect(sessions.get_by_role("row")).to_have_count(3)  # header + 2
    expect(sessions.get_by_text("Esta sesión")).to_have_count(1)
    expect(sessions.get_by_text("Python-urllib", exact=True)).to_be_visible()
    sessions.get_by_role("button", name=re.compile(r"^Cerrar la sesión de Python-urllib")).click()
    dialog = page.get_by_role("dialog", name="¿Cerrar esta sesión?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cerrar la sesión", exact=True).click()
    expect(page.get_by_text("Se cerró la sesión de Python-urllib.")).to_be_visible()
    expect(sessions.get_by_role("row")).to_have_count(2)
    assert session_status(local_stack, other_device) == 401
    third_device = api_login(local_stack, email, password)

    # 2FA (its code's step must be over before the next sign-in): the password first (step-up),
    # then the QR as an image, the secret read from the screen, a pyotp code, "2FA activo";
    # enabling it ends the member's other sessions.
    page.get_by_label("Tu contraseña, para activar 2FA").fill(password)
    page.get_by_role("button", name="Activar 2FA ahora").click()
    qr = page.get_by_role("img", name="Código QR para Google Authenticator")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret_text = page.locator(".totp-secret-value").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret_text), secret_text
    expect(page.get_by_role("button", name="Copiar clave")).to_be_visible()
    totp = pyotp.TOTP(secret_text.replace(" ", ""))
    now = time.time()
    confirm_step = int(now // STEP_SECONDS)  # the step of the code sent, used from now on
    page.get_by_label("Código de verificación").fill(totp.at(now))
    page.get_by_role("button", name="Confirmar 2FA").click()
    keep_backup_codes(page)
    expect(page.get_by_text("2FA activo")).to_be_visible()
    expect(page.get_by_text("La autenticación en dos pasos quedó activada.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/configuracion$"))
    expect(page.get_by_role("button", name="Desactivar")).to_be_visible()
    assert session_status(local_stack, third_device) == 401
    expect(page.get_by_role("region", name="Sesiones activas de tu cuenta")
           .get_by_role("row")).to_have_count(2)  # header + this one

    # Actualizar mis datos: a member's names are the padrón's and the DNI cannot change (both
    # read-only, each with its note); saving the unchanged data still works.
    dni_input = page.get_by_label("DNI")
    expect(dni_input).to_have_value(str(dni))
    expect(dni_input).to_have_attribute("readonly", "")
    expect(page.get_by_text("El DNI no puede ser modificado")).to_be_visible()
    for label, name in (("Nombres", registry["first_name"]),
                        ("Apellidos", registry["last_name"])):
        expect(page.get_by_label(label, exact=True)).to_have_value(name)
        expect(page.get_by_label(label, exact=True)).to_have_attribute("readonly", "")
    expect(page.get_by_text("Tus nombres son los del padrón de socios.")).to_be_visible()
    expect(page.get_by_label("Correo electrónico")).to_have_value(email)
    page.get_by_role("button", name="Actualizar datos").click()
    expect(page.get_by_text("Tus datos fueron actualizados.")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_text(f"{registry['first_name']} {registry['last_name']}")).to_be_visible()

    # Restablecer contraseña: the meter judges like the server; the button waits for the rule.
    update = page.get_by_role("button", name="Actualizar contraseña")
    expect(update).to_be_disabled()
    page.get_by_label("Contraseña actual").fill(password)
    new = page.get_by_label("Nueva contraseña", exact=True)
    meter = page.locator(".strength-heading")
    expect(meter).to_have_text("Seguridad de la contraseña: Ingresar una contraseña")
    new.fill("huaman2026")
    expect(meter).to_have_text("Seguridad de la contraseña: Muy débil")
    expect(page.locator(".strength-hint")).to_have_text(re.compile(r"^No uses tu DNI"))
    new.fill("password123")
    expect(meter).to_have_text(re.compile(r"(Muy débil|Débil)$"))
    new.fill(new_password)
    expect(meter).to_have_text("Seguridad de la contraseña: Muy fuerte")
    expect(update).to_be_disabled()
    page.get_by_label("Confirmar nueva contraseña").fill(new_password[:-1])
    expect(page.get_by_text("Las contraseñas no coinciden.")).to_be_visible()
    expect(update).to_be_disabled()
    page.get_by_label("Confirmar nueva contraseña").fill(new_password)
    expect(update).to_be_enabled()
    # With 2FA on, the step-up also asks for a current code (of a step not used yet).
    page.get_by_label("Código de tu aplicación de autenticación").fill(
        code_after(totp, confirm_step))
    change_step = current_step()
    update.click()
    expect(page.get_by_text("Tu contraseña fue actualizada.")).to_be_visible()
    expect(page.get_by_label("Contraseña actual")).to_have_value("")

    page.get_by_role("link", name="Inicio", exact=True).click()
    expect(page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Activar 2FA")).to_be_hidden()

    # Out and back in: the new password, then a code of a step not used yet.
    page.get_by_role("navigation", name="Menú principal").get_by_role(
        "button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    submit_login(page, email, new_password)
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    code.fill(code_after(totp, change_step))
    page.get_by_role("button", name="Verificar código").click()
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.get_by_role("link", name="Configuración").click()
    expect(page.get_by_text("2FA activo")).to_be_visible()
    assert problems.unexpected() == [], problems.unexpected()


def test_configuracion_has_no_serious_accessibility_violations(axe_page: Page) -> None:
    email, password = DEMO_MEMBER
    axe_page.goto("/login")
    submit_login(axe_page, email, password)
    expect(axe_page).to_have_url(re.compile(r"/inicio$"))
    axe_page.goto("/configuracion")
    expect(axe_page.get_by_role("heading", name="Configuración", level=1)).to_be_visible()
    expect(axe_page.get_by_label("DNI")).to_be_visible()
    expect(axe_page.get_by_role("region", name="Sesiones activas de tu cuenta")).to_be_visible()
    expect(axe_page.get_by_text("Versión", exact=False).first).to_be_visible()
    axe_page.get_by_label("Nueva contraseña", exact=True).fill("clave")
    assert axe_violations(axe_page) == []

    # The set-up step too: QR, secret, code field (the secret stays pending, never active).
    axe_page.get_by_label("Tu contraseña, para activar 2FA").fill(password)
    axe_page.get_by_role("button", name="Activar 2FA ahora").click()
    expect(axe_page.get_by_role("img", name="Código QR para Google Authenticator")).to_be_visible()
    assert axe_violations(axe_page) == []
