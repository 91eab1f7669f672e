"""The public side of the site in real Chromium: login (manual 2.1.3), registration (2.1.2),
recovery (2.2.4), deep links, unknown paths and the security headers."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import TAP_TARGET_PX, LocalStack, PageProblems, axe_violations, sign_in

pytestmark = pytest.mark.e2e

TITLE_SUFFIX = " · COOPAC PETROPERÚ"


def test_login_page_shows_the_manuals_texts_in_spanish_without_errors(
        page: Page, problems: PageProblems) -> None:
    page.goto("/login")
    expect(page.get_by_role("heading", name="Iniciar sesión", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page).to_have_title("Iniciar sesión" + TITLE_SUFFIX)
    expect(page.get_by_label("Correo electrónico")).to_have_attribute("type", "email")
    expect(page.get_by_label("Contraseña", exact=True)).to_have_attribute("type", "password")
    expect(page.get_by_label("Recordar sesión")).not_to_be_checked()
    expect(page.get_by_role("button", name="Acceder")).to_be_enabled()
    expect(page.get_by_role("link", name="¿Olvidaste tu contraseña?")).to_have_attribute(
        "href", "/recuperar")
    expect(page.get_by_role("link", name="Crear cuenta")).to_have_attribute("href", "/registro")
    page.wait_for_load_state("networkidle")
    assert problems.unexpected() == [], problems.unexpected()


def test_every_password_field_has_a_show_toggle_that_says_whether_it_is_pressed(
        phone_page: Page, problems: PageProblems) -> None:
    phone_page.goto("/registro")
    for label in ("Contraseña", "Confirmar contraseña"):
        field = phone_page.get_by_label(label, exact=True)
        field.fill("mi clave de prueba")
        toggle = field.locator("xpath=following-sibling::button[1]")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(toggle).to_have_accessible_name("Mostrar contraseña")
        box = toggle.bounding_box()
        assert box is not None, toggle
        assert box["width"] >= TAP_TARGET_PX and box["height"] >= TAP_TARGET_PX, box
        toggle.click()
        expect(field).to_have_attribute("type", "text")
        expect(field).to_have_value("mi clave de prueba")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_accessible_name("Ocultar contraseña")
        toggle.click()
        expect(field).to_have_attribute("type", "password")
    phone_page.goto("/login")
    expect(phone_page.get_by_role("button", name="Mostrar contraseña")).to_have_count(1)
    assert problems.unexpected() == [], problems.unexpected()


def test_login_page_fits_a_390_px_phone_without_horizontal_scroll(
        phone_page: Page, problems: PageProblems) -> None:
    phone_page.goto("/login")
    expect(phone_page.get_by_role("button", name="Acceder")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone_page.get_by_label("Correo electrónico").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert problems.unexpected() == [], problems.unexpected()


def test_a_deep_link_without_a_session_lands_on_the_login(page: Page) -> None:
    page.goto("/ahorros")
    expect(page).to_have_url(re.compile(r"/login\?volver=%2Fahorros$"))
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    expect(page).to_have_title("Iniciar sesión" + TITLE_SUFFIX)


def test_security_headers_are_sent_with_the_site(local_stack: LocalStack) -> None:
    for path in ("/", "/ahorros"):
        with urllib.request.urlopen(f"{local_stack.url}{path}", timeout=5) as response:  # noqa: S310
            headers = response.headers
            body = response.read().decode()
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "max-age=" in headers["Strict-Transport-Security"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert '<html lang="es">' in body
        assert "<style" not in body and " style=" not in body
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) is None, "no inline scripts"


def test_an_unknown_path_says_page_not_found_in_spanish(page: Page) -> None:
    page.goto("/no-existe")
    expect(page.get_by_role("heading", name="Página no encontrada")).to_be_visible()
    expect(page).to_have_title("Página no encontrada" + TITLE_SUFFIX)
    expect(page.get_by_role("link", name="Ir al inicio de sesión")).to_have_attribute(
        "href", "/login")


def test_links_change_the_url_and_the_back_button_returns(page: Page) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Crear cuenta").click()
    expect(page).to_have_url(re.compile(r"/registro$"))
    expect(page).to_have_title("Crear cuenta" + TITLE_SUFFIX)
    expect(page.get_by_role("heading", name="Crear cuenta")).to_be_focused()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    page.go_forward()
    expect(page.get_by_label("DNI")).to_be_visible()


def test_the_expired_session_notice_is_shown_on_the_login(page: Page) -> None:
    page.goto("/login?expirada=1")
    expect(page.get_by_text("Tu sesión expiró. Vuelve a iniciar sesión.")).to_be_visible()


def test_login_errors_show_the_api_message_and_the_throttle_wait(page: Page) -> None:
    """A locked account answers the sign-in as a wrong password (the lock is told by e-mail);
    a throttled address gets 429 with its wait."""
    answers = [
        {"status": 401, "json": {"error": {"code": "invalid_credentials",
                                           "message": "Correo o contraseña incorrectos"}}},
        {"status": 429, "headers": {"Retry-After": "900"},
         "json": {"error": {"code": "throttled",
                            "message": "Demasiadas solicitudes. Espera un momento."}}},
    ]
    bodies: list[dict[str, object]] = []

    def login(route) -> None:  # type: ignore[no-untyped-def]
        bodies.append(route.request.post_data_json)
        assert route.request.headers.get("x-requested-with") == "fetch"
        route.fulfill(**answers.pop(0))

    page.route("**/api/auth/login", login)
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill("socio@demo.coopac.pe")
    page.get_by_label("Contraseña", exact=True).fill("equivocada")
    page.get_by_label("Recordar sesión").check()
    page.get_by_role("button", name="Acceder").click()
    expect(page.get_by_role("alert")).to_have_text("Correo o contraseña incorrectos")
    assert bodies[0] == {"email": "socio@demo.coopac.pe", "password": "equivocada",
                         "remember": True}
    expect(page.get_by_label("Contraseña", exact=True)).to_have_value("")
    page.get_by_label("Contraseña", exact=True).fill("otra-vez-mal")
    page.get_by_role("button", name="Acceder").click()
    expect(page.get_by_role("alert")).to_contain_text("Podrás intentarlo de nuevo en 15 minutos.")


def test_the_2fa_step_asks_for_the_six_digit_code_or_a_backup_code(page: Page) -> None:
    page.route("**/api/auth/login", lambda route: route.fulfill(
        status=200, json={"requires_totp": True, "challenge": "reto-1"}))
    sent: list[object] = []

    def totp(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=401, json={"error": {"code": "invalid_code",
                                                  "message": "El código no es válido."}})

    page.route("**/api/auth/login/totp", totp)
    sign_in(page, "operador@demo.coopac.pe", "Operador-Demo-2026")
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    code.fill("12")
    page.get_by_role("button", name="Verificar código").click()
    expect(page.get_by_text("Ingresa el código de 6 dígitos de tu app o un código de respaldo.")
           ).to_be_visible()
    assert sent == []
    code.fill("123456")
    page.get_by_role("button", name="Verificar código").click()
    expect(page.get_by_role("alert")).to_have_text("El código no es válido.")
    assert sent == [{"challenge": "reto-1", "code": "123456"}]
    code.fill("ab2cd ef3gh")
    expect(code).to_have_value("AB2CD-EF3GH")
    page.get_by_role("button", name="Verificar código").click()
    expect(page.get_by_role("alert")).to_have_text("El código no es válido.")
    assert sent[-1] == {"challenge": "reto-1", "code": "AB2CD-EF3GH"}
    expect(page).to_have_url(re.compile(r"/login$"))


def test_registrarme_stays_disabled_until_the_password_has_8_characters_and_matches(
        page: Page) -> None:
    page.goto("/registro")
    for label in ("DNI", "Fecha de nacimiento", "Correo electrónico", "Confirmar contraseña",
                  "Código de registro (si te lo dio la oficina)"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    button = page.get_by_role("button", name="Registrarme")
    expect(button).to_be_disabled()
    page.get_by_label("Contraseña", exact=True).fill("corta")
    page.get_by_label("Confirmar contraseña").fill("corta")
    expect(button).to_be_disabled()
    page.get_by_label("Contraseña", exact=True).fill("una frase larga")
    page.get_by_label("Confirmar contraseña").fill("una frase larg")
    expect(button).to_be_disabled()
    expect(page.get_by_text("Las contraseñas no coinciden.")).to_be_visible()
    page.get_by_label("Confirmar contraseña").fill("una frase larga")
    expect(button).to_be_enabled()
    page.get_by_role("link", name="Leer los términos y condiciones").click()
    dialog = page.get_by_role("dialog", name="Términos y condiciones de uso")
    expect(dialog).to_contain_text("Naturaleza de la cuenta")
    dialog.get_by_role("button", name="Cerrar").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/registro$"))


def test_registration_puts_the_api_field_errors_under_their_inputs(page: Page) -> None:
    sent: list[object] = []

    def registration(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=400, json={"error": {
            "code": "invalid_input", "message": "Revisa los datos marcados.",
            "fields": {"email": "Este correo no es válido.",
                       "password": "Esta contraseña es muy común."}}})

    page.route("**/api/registration", registration)
    page.goto("/registro")
    expect(page.get_by_label("Nombre", exact=True)).to_have_count(0)
    page.get_by_label("DNI").fill("40000123")
    page.get_by_label("Fecha de nacimiento").fill("1990-04-23")
    page.get_by_label("Correo electrónico").fill("ana@example.pe")
    page.get_by_label("Contraseña", exact=True).fill("contraseña")
    page.get_by_label("Confirmar contraseña").fill("contraseña")
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_text("Debes aceptar los términos y condiciones para crear tu cuenta.")
           ).to_be_visible()
    assert sent == []
    page.get_by_label("Acepto los términos y condiciones de uso").check()
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_role("alert").first).to_contain_text("Revisa los datos marcados.")
    email = page.get_by_label("Correo electrónico")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Este correo no es válido."))
    expect(page.get_by_label("Contraseña", exact=True)).to_have_accessible_description(
        re.compile("Esta contraseña es muy común."))
    assert sent == [{"dni": "40000123", "birth_date": "1990-04-23", "email": "ana@example.pe",
                     "password": "contraseña", "password_confirmation": "contraseña",
                     "accept_terms": True}]


def test_registration_shows_the_same_answer_and_sends_the_office_code(page: Page) -> None:
    sent: list[object] = []
    message = ("Si los datos coinciden, enviaremos las instrucciones al correo registrado en la "
               "cooperativa.")

    def registration(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=202, json={"message": message})

    page.route("**/api/registration", registration)
    page.goto("/registro")
    page.get_by_label("DNI").fill("40000190")
    page.get_by_label("Fecha de nacimiento").fill("1990-04-10")
    page.get_by_label("Correo electrónico").fill("rosa@example.pe")
    page.get_by_label("Contraseña", exact=True).fill("una frase larga")
    page.get_by_label("Confirmar contraseña").fill("una frase larga")
    code = page.get_by_label("Código de registro (si te lo dio la oficina)")
    code.fill("abc")
    page.get_by_label("Acepto los términos y condiciones de uso").check()
    page.get_by_role("button", name="Registrarme").click()
    expect(code).to_have_attribute("aria-invalid", "true")
    assert sent == []
    code.fill("abcde-fghjk")
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_role("link", name="Ir al inicio de sesión")).to_be_visible()
    assert sent[0]["registration_code"] == "abcde-fghjk" and "first_name" not in sent[0]


def test_recovery_without_2fa_says_a_link_was_sent(page: Page) -> None:
    page.route("**/api/auth/password/forgot", lambda route: route.fulfill(status=202, body=""))
    page.goto("/login")
    page.get_by_role("link", name="¿Olvidaste tu contraseña?").click()
    expect(page).to_have_title("Recuperar contraseña" + TITLE_SUFFIX)
    expect(page.get_by_label("Código de verificación")).to_have_count(0)
    page.get_by_label("Correo electrónico").fill("socio@demo.coopac.pe")
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.get_by_text("Si el correo está registrado, te enviamos un enlace")).to_be_visible()


def test_with_2fa_the_reset_link_asks_for_the_code_and_sends_it(page: Page) -> None:
    sent: list[object] = []

    def reset(route) -> None:  # type: ignore[no-untyped-def]
        body = route.request.post_data_json
        sent.append(body)
        if "code" not in body:
            message = "Ingresa el código de tu app o un código de respaldo."
            route.fulfill(status=400, json={"error": {
                "code": "code_required", "message": message, "fields": {"code": message}}})
        else:
            route.fulfill(status=204, body="")

    page.route("**/api/auth/password/reset", reset)
    page.goto("/restablecer?token=tok-123")
    expect(page.get_by_label("Código de verificación")).to_be_hidden()
    button = page.get_by_role("button", name="Actualizar contraseña")
    expect(button).to_be_disabled()
    page.get_by_label("Nueva contraseña", exact=True).fill("Nueva-Clave-2026")
    page.get_by_label("Confirmar contraseña").fill("Nueva-Clave-2026")
    button.click()
    code = page.get_by_label("Código de verificación")
    expect(code).to_be_focused()
    code.fill("654 321")
    button.click()
    expect(page).to_have_url(re.compile(r"/login\?aviso=contrasena$"))
    expect(page.get_by_text("Tu contraseña fue actualizada.")).to_be_visible()
    assert sent == [
        {"reset_token": "tok-123", "password": "Nueva-Clave-2026",
         "password_confirmation": "Nueva-Clave-2026"},
        {"reset_token": "tok-123", "password": "Nueva-Clave-2026",
         "password_confirmation": "Nueva-Clave-2026", "code": "654321"},
    ]


def test_the_emailed_reset_link_uses_its_token_and_drops_it_from_the_address(page: Page) -> None:
    sent: list[object] = []

    def reset(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=400, json={"error": {
            "code": "invalid_token", "message": "El enlace expiró. Solicita uno nuevo."}})

    page.route("**/api/auth/password/reset", reset)
    page.goto("/restablecer?token=abc")
    expect(page).to_have_url(re.compile(r"/restablecer$"))
    page.get_by_label("Nueva contraseña", exact=True).fill("Nueva-Clave-2026")
    page.get_by_label("Confirmar contraseña").fill("Nueva-Clave-2026")
    page.get_by_role("button", name="Actualizar contraseña").click()
    expect(page.get_by_role("alert")).to_have_text("El enlace expiró. Solicita uno nuevo.")
    assert sent == [{"reset_token": "abc", "password": "Nueva-Clave-2026",
                     "password_confirmation": "Nueva-Clave-2026"}]


def test_the_activation_link_activates_the_account(page: Page) -> None:
    sent: list[object] = []

    def activate(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=200, json={"activated": True})

    page.route("**/api/registration/activate", activate)
    page.goto("/activar?token=xyz")
    expect(page.get_by_text("Tu cuenta está activa. Ya puedes iniciar sesión.")).to_be_visible()
    assert sent == [{"token": "xyz"}]
    page.get_by_role("link", name="Iniciar sesión").click()
    expect(page.get_by_text("Tu cuenta está activa. Ya puedes iniciar sesión.")).to_be_visible()
    expect(page.get_by_role("button", name="Acceder")).to_be_visible()


@pytest.mark.parametrize("path", ["/login", "/registro", "/recuperar"])
def test_public_pages_pass_axe_wcag_aa_checks(axe_page: Page, path: str) -> None:
    axe_page.goto(path)
    expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(axe_page) == []


def test_regenerar_codigo_asks_for_a_fresh_verification_without_the_password_again(
        page: Page) -> None:
    """Manual 2.2.3: "Si el código expira … puede hacer clic en Regenerar código para obtener uno
    nuevo". The step signs in again with the credentials it holds and uses the new challenge."""
    logins: list[object] = []

    def login(route) -> None:  # type: ignore[no-untyped-def]
        logins.append(route.request.post_data_json)
        route.fulfill(status=200, json={"requires_totp": True,
                                        "challenge": f"reto-{len(logins)}"})

    sent: list[object] = []

    def totp(route) -> None:  # type: ignore[no-untyped-def]
        sent.append(route.request.post_data_json)
        route.fulfill(status=401, json={"error": {"code": "challenge_expired",
                                                  "message": "La verificación expiró."}})

    page.route("**/api/auth/login", login)
    page.route("**/api/auth/login/totp", totp)
    sign_in(page, "operador@demo.coopac.pe", "Operador-Demo-2026")
    code = page.get_by_label("Código de verificación")
    code.fill("111111")
    page.get_by_role("button", name="Verificar código").click()
    expect(page.get_by_role("alert")).to_have_text("La verificación expiró.")

    page.get_by_role("button", name="Regenerar código").click()
    expect(page.get_by_role("status").filter(has_text="ingresa el código que muestra ahora")
           ).to_be_visible()
    expect(page.get_by_text("La verificación expiró.")).to_be_hidden()
    expect(code).to_be_focused()
    expect(code).to_have_value("")
    assert logins == [{"email": "operador@demo.coopac.pe", "password": "Operador-Demo-2026",
                       "remember": False}] * 2
    code.fill("222222")
    page.get_by_role("button", name="Verificar código").click()
    expect(page.get_by_role("alert")).to_have_text("La verificación expiró.")
    assert sent == [{"challenge": "reto-1", "code": "111111"},
                    {"challenge": "reto-2", "code": "222222"}]
