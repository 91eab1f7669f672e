"""Staff tools in the real stack (issue 17): the operator assigned to a member's ticket opens
«Productos del socio» on the ticket's page and reads the member's products (Spanish money, a
laptop and a phone, axe); the admin re-sends and then revokes a staff invitation from Usuarios
(each after its confirmation; the new link lands in the outbox) and opens «Corregir correo» of a
member (its check refuses a malformed address before anything is sent)."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    NOTHING_COVERS,
    OPERATOR,
    TABLES_FIT,
    LocalStack,
    axe_violations,
    demo_user_id,
    mails_to,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

FETCH = {"X-Requested-With": "fetch"}
PHONE = {"width": 390, "height": 844}
SPANISH_MONEY = re.compile(r"^(S/|US\$) [\d,]+\.\d{2}$")


def confirm(page: Page, title: str) -> None:
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    assert axe_violations(page) == []
    dialog.get_by_role("button", name=title, exact=True).click()
    expect(dialog).to_have_count(0)


def a_ticket_assigned_to_the_operator(browser: Browser, stack: LocalStack) -> str:
    member_context, member, _ = staff_context(browser, stack)
    admin_context, admin, _ = staff_context(browser, stack)
    try:
        sign_in(member, *MEMBER)
        member.wait_for_url(re.compile(r"/inicio"))
        opened = member.request.post("/api/tickets", headers=FETCH, data={
            "subject": f"Consulta de saldo {uuid.uuid4().hex[:6]}", "category": "aportes",
            "message": "¿Cuánto tengo en aportes?"})
        assert opened.status == 201, opened.text()
        ticket_id = str(opened.json()["id"])
        sign_in_with_totp(admin, *ADMIN)
        assigned = admin.request.post(f"/api/tickets/{ticket_id}/assign", headers=FETCH,
                                      data={"operator_id": demo_user_id(OPERATOR[0])})
        assert assigned.status == 200, assigned.text()
        return ticket_id
    finally:
        member_context.close()
        admin_context.close()


def test_the_assigned_operator_reads_the_members_products_from_the_ticket(
        browser: Browser, local_stack: LocalStack) -> None:
    ticket_id = a_ticket_assigned_to_the_operator(browser, local_stack)
    context, page, errors = staff_context(browser, local_stack, bypass_csp=True)
    try:
        page.set_viewport_size(LAPTOP)
        sign_in_with_totp(page, *OPERATOR)
        page.goto(f"/mensajes?ticket={ticket_id}")
        section = page.get_by_role("region", name="Productos del socio")
        button = section.get_by_role("button", name="Ver productos del socio")
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(section.get_by_role("button", name="Ocultar productos del socio")
               ).to_have_attribute("aria-expanded", "true")
        expect(section).to_contain_text("DNI")
        expect(section).to_contain_text("Aportes")
        expect(section.locator(".money").first).to_have_text(SPANISH_MONEY)
        expect(section.get_by_role("region", name="Préstamos")).to_be_visible()
        assert axe_violations(page) == []
        assert page.evaluate(TABLES_FIT) == []
        assert page.evaluate(NOTHING_COVERS) == []
        page.set_viewport_size(PHONE)
        section.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe_violations(page) == []
        assert page.evaluate(NOTHING_COVERS) == []
        section.get_by_role("button", name="Ocultar productos del socio").click()
        expect(section.locator(".member-products-region")).to_be_hidden()
        assert errors == [], errors
    finally:
        context.close()


def test_the_admin_resends_and_revokes_an_invitation_and_opens_the_email_correction(
        browser: Browser, local_stack: LocalStack) -> None:
    email = f"e2e.invitado.{int(time.time() * 1000) % 10**8}@demo.coopac.pe"
    context, page, errors = staff_context(browser, local_stack, bypass_csp=True)
    try:
        page.set_viewport_size(LAPTOP)
        sign_in_with_totp(page, *ADMIN)
        created = page.request.post("/api/admin/users", headers=FETCH, data={
            "first_name": "Invitado", "last_name": "Del Navegador", "email": email,
            "role": "operator"})
        assert created.status == 201, created.text()
        assert len(mails_to(local_stack, email, "/restablecer?token=")) == 1

        page.goto("/usuarios")
        page.get_by_label("Buscar por nombre, correo o DNI").fill(email)
        page.get_by_role("button", name="Buscar", exact=True).click()
        row = page.get_by_role("row").filter(has_text=email)
        expect(row).to_contain_text("Invitado")
        row.locator("summary", has_text="Acciones").click()
        row.get_by_role("button", name=re.compile(r"^Reenviar invitación")).click()
        confirm(page, "Reenviar invitación")
        expect(page.get_by_text(f"Se reenvió la invitación a {email}.")).to_be_visible()
        deadline = time.monotonic() + 10
        while len(mails_to(local_stack, email, "/restablecer?token=")) < 2:
            assert time.monotonic() < deadline, "the invitation was not sent again"
            time.sleep(0.2)
        assert page.evaluate(TABLES_FIT) == []

        row.locator("summary", has_text="Acciones").click()
        row.get_by_role("button", name=re.compile(r"^Revocar invitación")).click()
        confirm(page, "Revocar invitación")
        expect(page.get_by_text("Se revocó la invitación de Invitado Del Navegador.")
               ).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=email)).to_have_count(0)

        page.get_by_label("Buscar por nombre, correo o DNI").fill(MEMBER[0])
        page.get_by_role("button", name="Buscar", exact=True).click()
        member_row = page.get_by_role("row").filter(has_text=MEMBER[0])
        member_row.locator("summary", has_text="Acciones").click()
        member_row.get_by_role("button", name=re.compile(r"^Corregir correo")).click()
        dialog = page.get_by_role("dialog", name="Corregir correo")
        dialog.get_by_label("Nuevo correo electrónico").fill("no-es-un-correo")
        dialog.get_by_role("button", name="Enviar enlace de confirmación").click()
        expect(dialog).to_contain_text("Escribe un correo electrónico válido.")
        assert axe_violations(page) == []
        dialog.get_by_role("button", name="Cancelar").click()
        expect(dialog).to_have_count(0)
        assert errors == [], errors
    finally:
        context.close()
