"""The buzón through the real stack (manual 2.4.10, issue 6): a member opens a ticket whose text
holds markup, an admin assigns it, the operator answers and moves its state, the member answers
back (reopening it) and the operator closes it; every step's e-mail reaches the local outbox.
Plus axe-core on the Buzón and Administración de Mensajes screens.

GET /api/admin/users (the operators for the "Asignar" control) belongs to the admin capability;
while the backend answers 404 there, the admin's browser gets the demo operators' answer from a
Playwright route (only that call: the assignment itself goes to the real API)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from tests.e2e.support import LAPTOP, TABLES_FIT, TAP_TARGET_PX, LocalStack, axe_violations

pytestmark = pytest.mark.e2e

MEMBER = ("socio@demo.coopac.pe", "Socio-Demo-2026")
SECOND_MEMBER = ("socio2@demo.coopac.pe", "Socio-Demo-2026")
OPERATOR = ("operador@demo.coopac.pe", "Operador-Demo-2026", "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX")
ADMIN = ("admin@demo.coopac.pe", "Admin-Demo-2026", "WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7")
DEMO_OPERATORS = [("operador@demo.coopac.pe", "Carlos", "Paredes Núñez"),
                  ("operador2@demo.coopac.pe", "Lucía", "Salazar Díaz")]

_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
});
"""


def demo_user_id(email: str) -> str:
    """dev/seed.py: demo users' ids are uuid5(DNS, e-mail)."""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, email))


class Watched:
    """A page in its own context, with what went wrong in it (console errors, page errors,
    JavaScript dialogs, CSP violations)."""

    def __init__(self, browser: Browser, stack: LocalStack, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(base_url=stack.url, locale="es-PE",
                                           timezone_id="America/Lima", bypass_csp=bypass_csp,
                                           viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(_CSP_LISTENER)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and (
                url.endswith("/api/auth/session") or url.endswith("/api/auth/login/totp")):
            # The session probe's 401 before signing in; a 2FA code refused because another test
            # used this user's current step (sign_in waits for the next step and asserts it).
            return
        self.errors.append(f"{message.text} ({url})")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        seen: list[str] = self.page.evaluate("window.__cspViolations || []")
        return self.errors + self.dialogs + seen

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def pages(browser: Browser, local_stack: LocalStack) -> Iterator[list[Watched]]:
    opened: list[Watched] = []
    yield opened
    for watched in opened:
        watched.close()


def open_page(pages: list[Watched], browser: Browser, stack: LocalStack, **kwargs: Any) -> Page:
    watched = Watched(browser, stack, **kwargs)
    pages.append(watched)
    return watched.page


def sign_in(page: Page, path: str, email: str, password: str,
            totp_secret: str | None = None) -> None:
    """Open ``path`` signed out, sign in (with the 2FA code for staff) and land back on it."""
    landed = re.compile(re.escape(path) + "$")
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/login\?volver="))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Acceder").click()
    if totp_secret:
        totp = pyotp.TOTP(totp_secret)
        for attempt in range(2):
            code = page.get_by_label("Código de verificación")
            expect(code).to_be_visible()
            code.fill(totp.now())
            page.get_by_role("button", name="Verificar código").click()
            refused = page.locator(".form-alert .notice-error")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                if landed.search(page.url):
                    return
                if refused.count():
                    break
                page.wait_for_timeout(100)
            if attempt or not refused.count():
                break
            # Each 30-s step is accepted once per user (another test may have used this one).
            time.sleep(totp.interval - time.time() % totp.interval + 0.5)
    expect(page).to_have_url(landed)


def serve_operators_if_missing(page: Page) -> None:
    """GET /api/admin/users?role=operator from the API, or the demo operators while it is 404."""
    def handle(route: Route) -> None:
        response = route.fetch()
        if response.status != 404:
            route.fulfill(response=response)
            return
        route.fulfill(status=200, json={"items": [
            {"id": demo_user_id(email), "first_name": first, "last_name": last, "email": email,
             "role": "operator", "status": "active"} for email, first, last in DEMO_OPERATORS],
            "next_cursor": None})
    page.route(re.compile(r".*/api/admin/users(\?.*)?$"), handle)


def mails_to(stack: LocalStack, to: str, subject: str, timeout: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        _, outbox = stack.api("GET", "/dev/outbox")
        for mail in reversed((outbox or {}).get("items", [])):
            if to in str(mail.get("to")) and mail.get("subject") == subject:
                return dict(mail)
        if time.monotonic() > deadline:
            raise AssertionError(f"no e-mail «{subject}» to {to}")
        time.sleep(0.2)


def test_member_admin_operator_member_through_a_ticket(
        browser: Browser, local_stack: LocalStack, pages: list[Watched]) -> None:
    stamp = time.strftime("%H%M%S")
    subject = f"Retiro de ahorros {stamp}"
    body = "Hola,\n<script>alert(1)</script>\n<b>¿Puedo retirar?</b>"

    # 1. The member opens a ticket (CSP enforced in this page).
    member = open_page(pages, browser, local_stack)
    sign_in(member, "/buzon", *MEMBER)
    expect(member.get_by_role("heading", name="Buzón", level=1)).to_be_visible()
    member.get_by_role("link", name="Nuevo ticket").first.click()
    expect(member).to_have_url(re.compile(r"/buzon\?nuevo=1$"))
    member.get_by_role("button", name="Enviar ticket").click()
    expect(member.get_by_text("Este campo es obligatorio.").first).to_be_visible()
    expect(member.get_by_text("Elige una categoría de la lista.")).to_be_visible()
    expect(member.get_by_text("0/5000")).to_be_visible()
    member.get_by_label("Asunto").fill(subject)
    member.get_by_label("Categoría").select_option(label="Ahorros")
    member.get_by_label("Mensaje").fill(body)
    expect(member.get_by_text(f"{len(body)}/5000")).to_be_visible()
    member.get_by_role("button", name="Enviar ticket").click()
    created = member.get_by_text(re.compile(r"Tu número de atención es N° \d+\."))
    expect(created).to_be_visible()
    number = re.search(r"N° (\d+)", created.inner_text()).group(1)  # type: ignore[union-attr]
    ticket_url = member.url
    ticket_id = re.search(r"ticket=([0-9a-f]{32})", ticket_url).group(1)  # type: ignore[union-attr]
    first_bubble = member.locator(".bubble-body").first
    expect(first_bubble).to_have_text(body)  # literal text, line breaks kept
    assert member.locator(".thread script, .thread b").count() == 0
    assert first_bubble.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-wrap"
    expect(member.locator(".ticket-summary .ticket-status")).to_have_text("Abierto")

    # 2. The admin assigns it to Carlos (the operator) from the list.
    admin_watch = Watched(browser, local_stack, bypass_csp=True)  # axe is injected here
    pages.append(admin_watch)
    admin = admin_watch.page
    serve_operators_if_missing(admin)
    admin.set_viewport_size(LAPTOP)
    sign_in(admin, "/mensajes", ADMIN[0], ADMIN[1], ADMIN[2])
    # The admin's list opens on the tickets nobody has yet; what the unread mark means is said.
    row = admin.locator("tbody tr", has=admin.get_by_role("link", name=f"N° {number}", exact=True))
    expect(row).to_contain_text(subject)
    expect(admin.get_by_label("Estado")).to_have_value("open")
    expect(admin.get_by_label("Estado").locator("option:checked")).to_have_text(
        "Sin asignar (abiertos)")
    assert admin.evaluate(TABLES_FIT) == []
    expect(row.get_by_role("img", name="Nuevo mensaje")).to_be_visible()
    expect(admin.locator(".unread-legend")).to_contain_text("aún no has leído")
    expect(admin.get_by_label("Asignado a")).to_be_visible()
    assert axe_violations(admin) == []
    assign = row.get_by_label(f"Asignar el ticket N° {number} a", exact=True)
    assign.select_option(label="Carlos Paredes Núñez")
    row.get_by_role("button", name="Asignar").click()
    # It leaves the «Sin asignar» view with a word, and a link to it takes the focus.
    feedback = admin.locator(".assign-feedback")
    expect(feedback).to_contain_text(f"Ticket N° {number} asignado a Carlos Paredes Núñez.")
    expect(row).to_have_count(0)
    expect(feedback.get_by_role("link", name=f"Ver el ticket N° {number}")).to_be_focused()
    # The filters live in the URL: a reload keeps them.
    admin.get_by_label("Estado").select_option(label="Asignado")
    admin.get_by_label("Asignado a").select_option(label="Carlos Paredes Núñez")
    operator_id = demo_user_id(OPERATOR[0])
    expect(admin).to_have_url(re.compile(rf"/mensajes\?estado=assigned&asignado={operator_id}$"))
    expect(feedback).to_be_empty()
    admin.reload()
    expect(admin.get_by_label("Estado")).to_have_value("assigned")
    expect(admin.get_by_label("Asignado a")).to_have_value(operator_id)
    expect(row.locator(".ticket-status")).to_have_text("Asignado")
    expect(row).to_contain_text("Carlos Paredes Núñez")
    mails_to(local_stack, OPERATOR[0], f"Se te asignó el ticket N° {number}")
    mails_to(local_stack, MEMBER[0], f"Tu ticket N° {number} ya tiene un responsable")

    # 3. The operator sees it (unread), moves it, answers and resolves it.
    operator_watch = Watched(browser, local_stack)
    pages.append(operator_watch)
    operator = operator_watch.page
    sign_in(operator, "/mensajes", *OPERATOR)
    expect(operator.get_by_role("heading", name="Administración de Mensajes")).to_be_visible()
    orow = operator.locator("tbody tr", has=operator.get_by_role("link", name=f"N° {number}",
                                                                  exact=True))
    expect(orow.get_by_role("img", name="Nuevo mensaje")).to_be_visible()
    orow.get_by_role("link", name=f"N° {number}", exact=True).click()
    expect(operator).to_have_url(re.compile(rf"/mensajes\?ticket={ticket_id}$"))
    expect(operator.locator(".bubble-body").first).to_have_text(body)
    status_select = operator.get_by_label("Cambiar estado")
    expect(status_select.locator("option")).to_have_text(
        ["Elige el nuevo estado", "En atención", "Resuelto"])
    status_select.select_option(label="En atención")
    operator.get_by_role("button", name="Actualizar estado").click()
    expect(operator.locator(".ticket-summary .ticket-status")).to_have_text("En atención")
    operator.get_by_label("Responder al socio").fill("Buenos días:\nSí, desde la agencia.")
    operator.get_by_role("button", name="Enviar respuesta").click()
    expect(operator.locator(".bubble-body")).to_have_count(2)
    expect(operator.locator(".bubble-body").nth(1)).to_have_text(
        "Buenos días:\nSí, desde la agencia.")
    operator.get_by_label("Cambiar estado").select_option(label="Resuelto")
    operator.get_by_role("button", name="Actualizar estado").click()
    expect(operator.locator(".ticket-summary .ticket-status")).to_have_text("Resuelto")
    mails_to(local_stack, MEMBER[0], f"Nueva respuesta en tu ticket N° {number}")
    mails_to(local_stack, MEMBER[0], f"Tu ticket N° {number} está resuelto")

    # 4. The member learns of the answer on Inicio and in the menu, sees it (unread) in the
    # list, opens it by tapping anywhere on its row, and writes back, which reopens the ticket.
    member.goto("/inicio")
    expect(member.locator(".new-replies")).to_contain_text(
        re.compile(r"Tienes (una respuesta nueva en el|respuestas nuevas en \d+ tickets del) "
                   r"Buzón"))
    menu = member.get_by_role("navigation", name="Menú principal")
    expect(menu.locator(".menu-item", has_text="Buzón")).to_contain_text("Nueva respuesta")
    member.locator(".new-replies").get_by_role("link", name="Ver mis tickets").click()
    expect(member).to_have_url(re.compile(r"/buzon$"))
    mrow = member.locator("tbody tr",
                          has=member.get_by_role("link", name=f"N° {number}", exact=True))
    expect(mrow.get_by_role("img", name="Nuevo mensaje")).to_be_visible()
    expect(mrow).to_contain_text("Nuevo")
    expect(mrow.locator(".ticket-status")).to_have_text("Resuelto")
    subject = mrow.get_by_role("cell").nth(1).bounding_box()
    assert subject is not None
    # a tap on the subject (not on the number): the whole row opens the ticket
    member.mouse.click(subject["x"] + subject["width"] / 2, subject["y"] + subject["height"] / 2)
    expect(member).to_have_url(re.compile(r"/buzon\?ticket=[0-9a-f]{32}$"))
    expect(member.locator(".bubble")).to_have_count(2)
    expect(member.locator(".bubble").nth(1)).to_contain_text("Carlos Paredes Núñez")
    expect(member.locator(".bubble").nth(1)).to_contain_text("Operador")
    expect(member.locator(".bubble .bubble-time").nth(1)).to_have_text(
        re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"))
    member.get_by_label("Tu respuesta").fill("Gracias, una duda más.")
    member.get_by_role("button", name="Enviar respuesta").click()
    expect(member.locator(".bubble")).to_have_count(3)
    expect(member.locator(".ticket-summary .ticket-status")).to_have_text("En atención")
    mails_to(local_stack, OPERATOR[0], f"El socio respondió en el ticket N° {number}")
    member.goto("/buzon")
    expect(mrow.locator(".ticket-status")).to_have_text("En atención")
    expect(mrow.get_by_role("img", name="Nuevo mensaje")).to_have_count(0)

    # 5. The operator resolves and closes it; closing asks first.
    operator.reload()
    expect(operator.locator(".bubble")).to_have_count(3)
    operator.get_by_label("Cambiar estado").select_option(label="Resuelto")
    operator.get_by_role("button", name="Actualizar estado").click()
    expect(operator.locator(".ticket-summary .ticket-status")).to_have_text("Resuelto")
    operator.get_by_label("Cambiar estado").select_option(label="Cerrado")
    operator.get_by_role("button", name="Actualizar estado").click()
    dialog = operator.get_by_role("dialog", name="Cerrar ticket")
    dialog.get_by_role("button", name="Cancelar").click()
    expect(operator.locator(".ticket-summary .ticket-status")).to_have_text("Resuelto")
    operator.get_by_label("Cambiar estado").select_option(label="Cerrado")
    operator.get_by_role("button", name="Actualizar estado").click()
    dialog.get_by_role("button", name="Cerrar ticket").click()
    expect(operator.locator(".ticket-summary .ticket-status")).to_have_text("Cerrado")
    expect(operator.get_by_text("Este ticket está cerrado: ya no admite respuestas.")
           ).to_be_visible()
    expect(operator.get_by_label("Responder al socio")).to_have_count(0)

    for watched in pages:
        assert watched.problems() == [], watched.problems()


def test_buzon_screens_pass_axe(browser: Browser, local_stack: LocalStack,
                                pages: list[Watched]) -> None:
    page = open_page(pages, browser, local_stack, bypass_csp=True)
    sign_in(page, "/buzon", *SECOND_MEMBER)
    empty = page.get_by_text("Aún no tienes tickets. Crea uno con «Nuevo ticket»")
    if page.locator("tbody tr").count() == 0:
        expect(empty).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nuevo ticket").first.click()
    page.get_by_label("Asunto").fill("Consulta de CTS")
    page.get_by_label("Categoría").select_option("cts")
    page.get_by_label("Mensaje").fill("Primera línea\nSegunda línea")
    page.get_by_role("button", name="Enviar ticket").click()
    expect(page.get_by_text(re.compile(r"Tu número de atención es N° \d+\."))).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="← Volver al buzón").click()
    expect(page.get_by_role("link", name=re.compile(r"^N° \d+$")).first).to_be_visible()
    assert axe_violations(page) == []

    # Paging: 20 a page, "Cargar más" while the API gives a next_cursor.
    for index in range(20):
        answer = page.request.post("/api/tickets", headers={"X-Requested-With": "fetch"},
                                   data={"subject": f"Consulta {index}", "category": "otros",
                                         "message": "Texto"})
        assert answer.status == 201, answer.text()
    page.reload()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(20)
    page.get_by_role("button", name="Cargar más").click()
    expect(rows).to_have_count(21)
    expect(page.get_by_role("button", name="Cargar más")).to_have_count(0)
    assert pages[0].problems() == [], pages[0].problems()


def test_the_admin_assigns_a_ticket_from_its_card_on_a_phone(
        browser: Browser, local_stack: LocalStack, pages: list[Watched]) -> None:
    member = open_page(pages, browser, local_stack)
    sign_in(member, "/buzon", *SECOND_MEMBER)
    subject = f"Consulta desde el celular {uuid.uuid4().hex[:6]}"
    answer = member.request.post("/api/tickets", headers={"X-Requested-With": "fetch"},
                                 data={"subject": subject, "category": "ahorros",
                                       "message": "¿Puedo abrir otra cuenta?"})
    assert answer.status == 201, answer.text()
    number = answer.json()["number"]

    admin = open_page(pages, browser, local_stack)
    serve_operators_if_missing(admin)
    admin.set_viewport_size({"width": 390, "height": 844})
    sign_in(admin, "/mensajes", ADMIN[0], ADMIN[1], ADMIN[2])
    row = admin.locator("tbody tr", has=admin.get_by_role("link", name=f"N° {number}", exact=True))
    expect(row).to_contain_text(subject)
    assert row.evaluate("tr => getComputedStyle(tr).display") == "grid"  # a card, not a table row
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    button = row.get_by_role("button", name="Asignar")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["height"] >= TAP_TARGET_PX and box["x"] + box["width"] <= 390
    # the row's link covers the card, but not its assignment control
    assert button.evaluate("b => { const r = b.getBoundingClientRect(); return b.contains("
                           "document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }")
    row.get_by_label(f"Asignar el ticket N° {number} a", exact=True).select_option(
        label="Carlos Paredes Núñez")
    button.click()
    expect(admin.locator(".assign-feedback")).to_contain_text(
        f"Ticket N° {number} asignado a Carlos Paredes Núñez.")
    expect(row).to_have_count(0)
    for watched in pages:
        assert watched.problems() == [], watched.problems()
