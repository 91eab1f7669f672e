"""Issue 14, the step-up prompts in Chromium, as the demo member: changing the password asks for
the current one (a wrong one shows the Spanish error and changes nothing); changing the e-mail
asks for it too, and the old mailbox gets the «no fui yo» notice, whose page undoes the change
after a button (the account then needs a new password, set from the link sent to the old
address); enabling 2FA asks for the password first, disabling it for the password and a code.

The demo member is put back as it was afterwards (e-mail, password, 2FA off), since other
browser tests of the same local stack sign in with it: its demo password breaks the portal's
policy (it contains the e-mail's name), so it is written back in the stack's moto directly."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import boto3
import pyotp
import pytest
from playwright.sync_api import Page, expect

from chalicelib.services.auth import passwords
from tests.e2e.support import (
    MEMBER,
    LocalStack,
    PageProblems,
    axe_violations,
    demo_user_id,
    emailed_link,
    mails_to,
    sign_in,
    submit_login,
)

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Otra-Frase-Segura-48"
RESET_PASSWORD = "Palabra-Nueva-Firme-2027"
NEW_EMAIL = "socio.nuevo@demo.coopac.pe"
STEP_UP_FAILED = "No pudimos confirmar que eres tú"
STEP_SECONDS = 30
TABLES = "coopac-local-"


def login_status(stack: LocalStack, email: str, password: str) -> int:
    """A sign-in without the browser: 200, or the refusal's status."""
    request = urllib.request.Request(  # noqa: S310 (local URL)
        f"{stack.url}/api/auth/login", method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json", "X-Requested-With": "fetch"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def change_password(page: Page, current: str, new: str) -> None:
    page.get_by_label("Contraseña actual").fill(current)
    page.get_by_label("Nueva contraseña", exact=True).fill(new)
    page.get_by_label("Confirmar nueva contraseña").fill(new)
    page.get_by_role("button", name="Actualizar contraseña").click()


def walk_the_password_change(page: Page, stack: LocalStack) -> None:
    email, password = MEMBER
    change_password(page, "No-Es-Mi-Clave-77", NEW_PASSWORD)
    expect(page.get_by_text(STEP_UP_FAILED)).to_be_visible()
    assert login_status(stack, email, password) == 200  # nothing changed
    change_password(page, password, NEW_PASSWORD)
    expect(page.get_by_text("Tu contraseña fue actualizada.")).to_be_visible()


def walk_the_email_change_and_its_undoing(page: Page, stack: LocalStack) -> None:
    email, password = MEMBER
    page.get_by_label("Correo electrónico").fill(NEW_EMAIL)
    page.get_by_role("button", name="Actualizar datos").click()
    expect(page.get_by_text("Para cambiar el correo, ingresa tu contraseña.")).to_be_visible()
    page.get_by_label("Tu contraseña, para cambiar el correo").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Actualizar datos").click()
    expect(page.get_by_text(f"Te enviamos un enlace a {NEW_EMAIL}")).to_be_visible()
    asked = mails_to(stack, email, "/no-fui-yo?token=")
    assert asked and "Si no fuiste tú" in asked[-1]["text"]

    page.goto(emailed_link(stack, NEW_EMAIL, "/confirmar-correo"))
    expect(page.get_by_text("Tu correo electrónico fue actualizado.")).to_be_visible()
    assert login_status(stack, NEW_EMAIL, NEW_PASSWORD) == 200

    # The old mailbox's newest «no fui yo» link (the confirmed change's): opening it changes
    # nothing until the button is pressed.
    page.goto(emailed_link(stack, email, "/no-fui-yo"))
    expect(page.get_by_role("heading", name="No fui yo", level=1)).to_be_visible()
    assert login_status(stack, NEW_EMAIL, NEW_PASSWORD) == 200
    page.get_by_role("button", name="Sí, deshacer el cambio de correo").click()
    expect(page.get_by_text("Deshicimos el cambio de correo")).to_be_visible()
    for login, secret in ((NEW_EMAIL, NEW_PASSWORD), (email, NEW_PASSWORD), (email, password)):
        assert login_status(stack, login, secret) == 401, login  # a reset is needed

    page.goto(emailed_link(stack, email, "/restablecer"))
    page.get_by_label("Nueva contraseña", exact=True).fill(RESET_PASSWORD)
    page.get_by_label("Confirmar contraseña").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Actualizar contraseña").click()
    expect(page).to_have_url(re.compile(r"/login\?aviso=contrasena$"))
    submit_login(page, email, RESET_PASSWORD)
    expect(page).to_have_url(re.compile(r"/inicio$"))


def current_step() -> int:
    return int(time.time() // STEP_SECONDS)


def code_after(totp: pyotp.TOTP, used_step: int) -> str:
    """A code of a step after ``used_step`` (each step is accepted once): waits ≤ 30 s."""
    while current_step() <= used_step:
        time.sleep(0.25)
    return totp.now()


@pytest.fixture
def demo_member_put_back(local_stack: LocalStack) -> Iterator[None]:
    yield
    put_the_demo_member_back(local_stack)
    email, password = MEMBER
    assert login_status(local_stack, email, password) == 200  # and its failures forgotten


def put_the_demo_member_back(stack: LocalStack) -> None:
    """E-mail (and its unique claim), the demo password and 2FA off, as dev/seed.py left them."""
    email, password = MEMBER
    dynamodb = boto3.client("dynamodb", endpoint_url=stack.moto_url, region_name="us-east-1",
                            aws_access_key_id="local", aws_secret_access_key="local")
    key = {"user_id": {"S": demo_user_id(email)}}
    current = dynamodb.get_item(TableName=f"{TABLES}users", Key=key,
                                ConsistentRead=True)["Item"]["email"]["S"]
    if current != email:
        dynamodb.put_item(TableName=f"{TABLES}unique_keys", Item={
            "key": {"S": f"email#{email}"}, "owner_id": {"S": demo_user_id(email)}})
        dynamodb.delete_item(TableName=f"{TABLES}unique_keys",
                             Key={"key": {"S": f"email#{current}"}})
    dynamodb.update_item(
        TableName=f"{TABLES}users", Key=key,
        UpdateExpression="SET email = :email, password_hash = :hash, totp_enabled = :off "
                         "REMOVE totp_secret_encrypted, totp_pending_secret_encrypted, "
                         "backup_code_hashes, pending_email, email_change_id",
        ExpressionAttributeValues={":email": {"S": email}, ":off": {"BOOL": False},
                                   ":hash": {"S": passwords.hash_password(password)}})


@pytest.mark.usefixtures("demo_member_put_back")
def test_the_step_up_prompts_as_the_demo_member(page: Page, local_stack: LocalStack,
                                                problems: PageProblems) -> None:
    email, password = MEMBER
    sign_in(page, email, password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.goto("/configuracion")
    expect(page.get_by_role("heading", name="Configuración", level=1)).to_be_visible()
    walk_the_password_change(page, local_stack)
    walk_the_email_change_and_its_undoing(page, local_stack)
    page.goto("/configuracion")
    walk_two_factor(page)
    refused = [f"{path}) " for path in ("/api/auth/password", "/api/auth/totp/setup")]
    unexpected = [problem for problem in problems.unexpected()
                  if not ("status of 403" in problem and f"{problem} ".endswith(tuple(refused)))]
    assert unexpected == [], unexpected  # the wrong passwords' 403s are the only failures


def walk_two_factor(page: Page) -> None:
    """Enabling asks for the password before any QR; disabling for the password and a code."""
    password = RESET_PASSWORD
    start = page.get_by_role("button", name="Activar 2FA ahora")
    page.get_by_label("Tu contraseña, para activar 2FA").fill("No-Es-Mi-Clave-77")
    start.click()
    expect(page.get_by_text(STEP_UP_FAILED)).to_be_visible()
    expect(page.get_by_role("img", name="Código QR para Google Authenticator")).to_have_count(0)
    page.get_by_label("Tu contraseña, para activar 2FA").fill(password)
    start.click()
    expect(page.get_by_role("img", name="Código QR para Google Authenticator")).to_be_visible()
    totp = pyotp.TOTP(page.locator(".totp-secret-value").inner_text().replace(" ", ""))
    now = time.time()
    page.get_by_label("Código de verificación").fill(totp.at(now))
    page.get_by_role("button", name="Confirmar 2FA").click()
    saved = page.get_by_label("Guardé mis códigos")
    expect(page.get_by_text("2FA activo").or_(saved).first).to_be_visible()
    if saved.count():  # the ten backup codes are shown once, then "Continuar"
        saved.check()
        page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("2FA activo")).to_be_visible()

    page.get_by_role("button", name="Desactivar").click()
    dialog = page.get_by_role("dialog", name="¿Desactivar la autenticación en dos pasos?")
    dialog.get_by_label("Contraseña", exact=True).fill(password)
    dialog.get_by_label("Código de verificación").fill(code_after(totp, int(now // STEP_SECONDS)))
    dialog.get_by_role("button", name="Desactivar 2FA").click()
    expect(page.get_by_role("button", name="Activar 2FA ahora")).to_be_visible()


def test_the_no_fui_yo_page_has_no_serious_accessibility_violations(axe_page: Page) -> None:
    axe_page.goto("/no-fui-yo?token=un-enlace-de-prueba")
    expect(axe_page.get_by_role("button", name="Sí, deshacer el cambio de correo")).to_be_visible()
    assert axe_violations(axe_page) == []
    axe_page.get_by_role("button", name="Sí, deshacer el cambio de correo").click()
    expect(axe_page.get_by_text("El enlace o código no es válido")).to_be_visible()
    assert axe_violations(axe_page) == []
    axe_page.goto("/no-fui-yo")
    expect(axe_page.get_by_text("El enlace no es válido")).to_be_visible()
    assert axe_violations(axe_page) == []
