"""«Tasas y tarifas» and «Contacto» (issue 18) in the browser: anyone opens both from the login
page and every page's footer; the admin changes an agency's phone on «Contenido público» and a
new visitor reads it on /contacto; an error that sends the member to the office links to
Contacto. axe finds nothing serious on either page, on a laptop and on a phone.

The stack is shared by the session's tests: the demo's agencies are put back at the end."""

from __future__ import annotations

import copy
import json
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from dev.public_content import DEMO_CONTACT
from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    NOTHING_COVERS,
    LocalStack,
    PageProblems,
    axe_violations,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CSRF = {"X-Requested-With": "fetch"}
OFFICE_ERROR = ("No pudimos devolver tu cuenta a tu correo anterior porque ya está en uso. "
                "Comunícate con la oficina de la cooperativa.")


def test_anyone_reads_the_rates_and_the_agencies_from_the_login_page(
        page: Page, problems: PageProblems) -> None:
    page.goto("/login")
    page.get_by_role("main").get_by_role("link", name="Tasas y tarifas").click()
    expect(page).to_have_url(re.compile(r"/tasas-y-tarifas$"))
    expect(page).to_have_title("Tasas y tarifas · COOPAC PETROPERÚ")
    credit = page.get_by_role("region", name="AMPLIACION PTMO. EDUCATIVO")
    expect(credit).to_contain_text("13.50 %")
    expect(credit).to_contain_text("S/ 1,000.00 a S/ 20,000.00")
    expect(credit).to_contain_text("De 6 a 36 meses")
    deposits = page.get_by_role("table", name="Depósitos a plazo fijo")
    expect(deposits.get_by_role("row", name=re.compile("De 90 a 179 días"))).to_contain_text(
        "4.50 %")
    fees = page.get_by_role("table", name="Comisiones y gastos")
    expect(fees.get_by_role("row", name=re.compile("Duplicado de tarjeta"))).to_contain_text(
        "S/ 10.00")
    expect(page.get_by_text(re.compile(r"actualizadas el \d{2}/\d{2}/\d{4}"))).to_be_visible()

    page.get_by_role("contentinfo").get_by_role("link", name="Contacto").click()
    expect(page).to_have_url(re.compile(r"/contacto$"))
    lima = page.get_by_role("region", name="Sede principal Lima")
    expect(lima.get_by_role("link", name="(01) 555-0100")).to_have_attribute(
        "href", "tel:+5115550100")
    expect(lima.get_by_role("link", name=re.compile("WhatsApp 999 000 101"))).to_have_attribute(
        "href", "https://wa.me/51999000101")
    expect(lima).to_contain_text("Lunes a viernes de 8:30 a 17:30")
    expect(page.get_by_role("region", name="Agencia Iquitos")).to_contain_text("Punchana")
    assert problems.unexpected() == [], problems.unexpected()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("path", ["/tasas-y-tarifas", "/contacto"])
def test_axe_finds_nothing_serious_and_nothing_scrolls_sideways(
        axe_page: Page, viewport: dict[str, int], path: str) -> None:
    axe_page.set_viewport_size(viewport)
    axe_page.goto(path)
    expect(axe_page.get_by_role("heading", level=2).first).to_be_visible()
    assert axe_violations(axe_page) == []
    assert axe_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_page.evaluate(NOTHING_COVERS) == []


def test_the_admin_changes_a_phone_and_a_new_visitor_reads_it(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    context, admin, errors = staff_context(browser, local_stack, bypass_csp=True)
    contexts.append(context)
    admin.set_viewport_size(LAPTOP)
    sign_in_with_totp(admin, *ADMIN)
    try:
        admin.get_by_role("link", name="Contenido público").first.click()
        expect(admin).to_have_url(re.compile(r"/contenido-publico$"))
        talara = admin.get_by_role("group", name="Agencia 2: Agencia Talara")
        expect(talara.get_by_label("Teléfonos")).to_have_value("(073) 555-020")
        assert axe_violations(admin) == []
        talara.get_by_label("Teléfonos").fill("(073) 555-0299, 987 111 222")
        admin.get_by_role("button", name="Guardar agencias").click()
        expect(admin.get_by_text("Agencias guardadas.")).to_be_visible()

        talara.get_by_label("WhatsApp (opcional)").fill("01 555 0100")
        admin.get_by_role("button", name="Guardar agencias").click()
        expect(talara.get_by_text(re.compile("Escribe un celular del Perú"))).to_be_visible()

        visitor = browser.new_context(base_url=local_stack.url, locale="es-PE")
        contexts.append(visitor)
        public = visitor.new_page()
        public.goto("/contacto")
        region = public.get_by_role("region", name="Agencia Talara")
        expect(region.get_by_role("link", name="987 111 222")).to_have_attribute(
            "href", "tel:+51987111222")
        expect(region).to_contain_text("(073) 555-0299")
        refused = [e for e in errors if "400" in e and "/api/info/contact" in e]  # the bad WhatsApp
        assert len(refused) == 1 and [e for e in errors if e not in refused] == [], errors

        admin.set_viewport_size(PHONE)
        admin.reload()
        expect(admin.get_by_role("group", name="Agencia 2: Agencia Talara")).to_be_visible()
        assert axe_violations(admin) == []
        assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        _put_back_the_demo_agencies(admin)


def _put_back_the_demo_agencies(admin: Page) -> None:
    current = admin.request.get("/api/info/contact", headers=CSRF).json()
    answer = admin.request.put("/api/info/contact", headers=CSRF,
                               data={**copy.deepcopy(DEMO_CONTACT), "version": current["version"]})
    assert answer.ok, answer.text()


def test_an_error_that_sends_the_member_to_the_office_links_to_contacto(
        page: Page, problems: PageProblems) -> None:
    def refuse(route: Route) -> None:
        route.fulfill(status=409, content_type="application/json", body=json.dumps(
            {"error": {"code": "email_taken", "message": OFFICE_ERROR}}))

    page.route("**/api/auth/profile/email/revert", refuse)
    page.goto("/no-fui-yo?token=prueba-de-token")
    page.get_by_role("button", name="Sí, deshacer el cambio de correo").click()
    alert = page.get_by_role("alert").filter(has_text="Comunícate con la oficina")
    expect(alert).to_be_visible()
    alert.get_by_role("link", name="Ver contacto").click()
    expect(page).to_have_url(re.compile(r"/contacto$"))
    expect(page.get_by_role("heading", name="Contacto", level=1)).to_be_visible()
    refused = [e for e in problems.unexpected() if "/api/auth/profile/email/revert" in e]
    assert [e for e in problems.unexpected() if e not in refused] == []
