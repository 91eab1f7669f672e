"""Sessions that keep the work (issue 17), through the real stack with the browser's clock
faked (Playwright's clock: the server's 15 idle minutes are not waited for, the site's timer is
moved on). Two minutes before the idle deadline the site offers «Seguir conectado»; pressing it
keeps the member on their screen. When the time runs out while a reply is half written, the
login comes back to the ticket after signing in again with the reply restored, sent once."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.support import PageProblems, axe_violations, sign_in, submit_login

pytestmark = pytest.mark.e2e

MEMBER = ("socio2@demo.coopac.pe", "Socio-Demo-2026")
WARNING = re.compile(
    r"Tu sesión se cerrará en (2 minutos|1 minuto|\d+ segundos?) por inactividad\.")


def open_a_ticket(page: Page, subject: str) -> str:
    page.get_by_role("link", name="Buzón").click()
    page.get_by_role("link", name="Nuevo ticket").first.click()
    page.get_by_label("Asunto").fill(subject)
    page.get_by_label("Categoría").select_option(label="Ahorros")
    page.get_by_label("Mensaje").fill("¿Cuándo se abona el interés de mi cuenta de ahorros?")
    page.get_by_role("button", name="Enviar ticket").click()
    expect(page.get_by_text(re.compile(r"Tu número de atención es N° \d+\."))).to_be_visible()
    return page.url


def test_the_warning_comes_two_minutes_before_and_seguir_conectado_stays(
        page: Page, problems: PageProblems) -> None:
    page.clock.install()
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))

    page.clock.fast_forward("12:50")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.clock.fast_forward("00:12")
    warning = page.get_by_role("alertdialog", name="¿Sigues ahí?")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(WARNING)
    keep = warning.get_by_role("button", name="Seguir conectado")
    expect(keep).to_be_focused()
    expect(warning.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("05:00")
    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    assert problems.unexpected() == []


def test_a_reply_typed_when_the_session_expires_is_restored_and_sent_once(
        page: Page, problems: PageProblems) -> None:
    reply = "Adjunto el número de operación 123456; el abono no figura en mis movimientos."
    page.clock.install()
    sign_in(page, *MEMBER)
    ticket_url = open_a_ticket(page, f"Interés de ahorros {time.strftime('%H%M%S')}")
    ticket_path = re.sub(r"^https?://[^/]+", "", ticket_url)
    page.get_by_label("Tu respuesta").fill(reply)

    page.clock.fast_forward("15:00")
    expect(page).to_have_url(re.compile(r"/login\?volver=%2Fbuzon%3Fticket%3D[0-9a-f]{32}"
                                        r"&expirada=1$"))
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request)
            if request.method == "POST" and request.url.endswith("/messages") else None)
    submit_login(page, *MEMBER)

    expect(page).to_have_url(re.compile(re.escape(ticket_path) + "$"))
    expect(page.get_by_text("Recuperamos lo que estabas escribiendo.")).to_be_visible()
    expect(page.get_by_label("Tu respuesta")).to_have_value(reply)
    assert posts == []  # put back into the box, never sent by itself
    page.get_by_role("button", name="Enviar respuesta").click()
    expect(page.get_by_text("Tu respuesta fue enviada.")).to_be_visible()
    expect(page.get_by_role("list", name="Mensajes del ticket").get_by_text(reply)).to_have_count(1)
    assert len(posts) == 1

    page.goto(ticket_path)
    expect(page.get_by_label("Tu respuesta")).to_have_value("")
    expect(page.get_by_text("Recuperamos lo que estabas escribiendo.")).to_have_count(0)
    assert problems.unexpected() == []


def test_signing_out_on_purpose_forgets_the_draft(page: Page, problems: PageProblems) -> None:
    sign_in(page, *MEMBER)
    ticket_url = open_a_ticket(page, f"Constancia {time.strftime('%H%M%S')}")
    page.get_by_label("Tu respuesta").fill("Texto que no debe quedar en este computador")
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    submit_login(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.goto(re.sub(r"^https?://[^/]+", "", ticket_url))
    expect(page.get_by_label("Tu respuesta")).to_have_value("")
    assert problems.unexpected() == []


def test_another_tab_at_work_keeps_this_one_signed_in(page: Page, problems: PageProblems) -> None:
    page.clock.install()
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    other = page.context.new_page()
    other.goto("/inicio")
    expect(other.get_by_role("heading", name="Inicio", level=1)).to_be_visible()

    page.clock.fast_forward("10:00")
    with other.expect_response(re.compile(r"/api/accounts/contributions")) as answer:
        other.get_by_role("link", name="Aportes").click()  # a call to the API: activity
    assert answer.value.ok
    other.wait_for_function("() => JSON.parse(localStorage.getItem('coopac.sessionDeadline'))"
                            ".deadline > Date.now() + 13 * 60 * 1000")
    page.clock.fast_forward("05:00")  # 15 min after this tab's last call
    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.clock.fast_forward("07:30")  # 12.5 min after the other tab's call: both warn
    expect(page.get_by_role("alertdialog", name="¿Sigues ahí?")).to_be_visible()
    assert problems.unexpected() == []


def test_the_simulation_being_typed_survives_the_expiry(page: Page, problems: PageProblems) -> None:
    page.clock.install()
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.get_by_role("link", name="Simulación de Crédito").click()
    page.get_by_label("Tipo de crédito").select_option(label="AMPLIACION PTMO. EDUCATIVO")
    page.get_by_label("Monto del crédito (S/)").fill("10,000")
    page.get_by_label("Plazo (meses)").select_option("12")

    page.clock.fast_forward("15:00")
    expect(page).to_have_url(re.compile(r"/login\?volver=%2Fsimulacion&expirada=1$"))
    submit_login(page, *MEMBER)

    expect(page).to_have_url(re.compile(r"/simulacion$"))
    expect(page.get_by_text("Recuperamos lo que estabas escribiendo.")).to_be_visible()
    expect(page.get_by_label("Monto del crédito (S/)")).to_have_value("10,000")
    expect(page.get_by_label("Plazo (meses)")).to_have_value("12")
    page.get_by_role("button", name="Calcular cuotas").click()
    table = page.get_by_role("region", name="Tabla de amortización")
    expect(table.locator("tbody tr")).to_have_count(12)

    page.goto("/simulacion")  # calculated: nothing left to restore
    expect(page.get_by_label("Monto del crédito (S/)")).to_have_value("")
    expect(page.get_by_text("Recuperamos lo que estabas escribiendo.")).to_have_count(0)
    assert problems.unexpected() == []


def test_the_warning_passes_axe(axe_page: Page) -> None:
    axe_page.clock.install()
    sign_in(axe_page, *MEMBER)
    expect(axe_page).to_have_url(re.compile(r"/inicio$"))
    axe_page.clock.fast_forward("13:30")
    expect(axe_page.get_by_role("alertdialog", name="¿Sigues ahí?")).to_be_visible()
    assert axe_violations(axe_page) == []
