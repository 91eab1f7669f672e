"""Registration nobody can take over (issue 14, finding 1), in Chromium against the local stack:
(a) a member with an e-mail on file registers and follows the link that only that mailbox got;
(b) an operator issues an office code on «Códigos de registro» for a member without one, and
the member registers with it, the link going to the login e-mail typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from dev.demo_data import registry_rows
from tests.e2e.support import (
    OPERATOR2,
    LocalStack,
    PageProblems,
    axe_violations,
    emailed_link,
    fill_registration,
    mails_to,
    sign_in_with_totp,
    staff_context,
    submit_login,
)

pytestmark = pytest.mark.e2e

def registry_row(dni: int) -> dict[str, str]:
    return next(row for row in registry_rows() if row["dni"] == str(dni))


def activate_and_sign_in(page: Page, link: str, email: str, password: str, names: str) -> None:
    page.goto(link)
    expect(page.get_by_text("Tu cuenta está activa. Ya puedes iniciar sesión.")).to_be_visible()
    page.get_by_role("link", name="Iniciar sesión").click()
    submit_login(page, email, password)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    menu = page.get_by_role("navigation", name="Menú principal")
    expect(menu.get_by_text(names)).to_be_visible()


def test_a_member_registers_with_the_e_mail_on_file_and_follows_its_link(
        page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    dni, password = 40000181, "la clave del registro 2026"
    row = registry_row(dni)
    on_file = row["email"]
    fill_registration(page, dni, on_file, password)
    assert on_file not in page.content(), "the screen never shows the e-mail on file"
    link = emailed_link(local_stack, on_file, "/activar")
    activate_and_sign_in(page, link, on_file, password, f"{row['first_name']} {row['last_name']}")
    assert problems.unexpected() == [], problems.unexpected()


def test_an_operator_issues_an_office_code_and_the_member_registers_with_it(
        browser: Browser, page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    dni, password, typed = 40000195, "la clave con codigo 2026", "socia40000195@example.pe"
    row = registry_row(dni)
    assert row["email"] == "", "a registration DNI without an e-mail on file"
    context, staff, errors = staff_context(browser, local_stack, bypass_csp=True)  # for axe
    try:
        email, staff_password, secret = OPERATOR2
        sign_in_with_totp(staff, email, staff_password, secret)
        staff.get_by_role("navigation", name="Menú principal").get_by_role(
            "link", name="Códigos de registro").click()
        expect(staff.get_by_role("heading", name="Códigos de registro", level=1)).to_be_visible()
        staff.get_by_label("DNI del socio").fill(str(dni))
        staff.get_by_role("button", name="Generar código").click()
        expect(staff.get_by_text(f"Código generado para {row['first_name']}")).to_be_visible()
        code = staff.locator(".registration-code-value").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code), code
        expect(staff.get_by_text("Vence el")).to_be_visible()
        assert axe_violations(staff) == []
        assert errors == [], errors
    finally:
        context.close()

    fill_registration(page, dni, typed, password, code=code.lower())
    link = emailed_link(local_stack, typed, "/activar")
    activate_and_sign_in(page, link, typed, password, f"{row['first_name']} {row['last_name']}")
    assert mails_to(local_stack, typed, "Hola:", timeout=0.1), "no name to a typed address"
    assert problems.unexpected() == [], problems.unexpected()
