"""«Política de privacidad» (issue 18): the policy the terms' clause 6 cites, public at
/privacidad, linked from the terms, the registration form and every page's footer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    LAPTOP,
    NOTHING_COVERS,
    PageProblems,
    StubbedSession,
    a_session,
    axe_violations,
)

pytestmark = pytest.mark.e2e

SECTIONS = ["1. Quién es responsable de tus datos", "2. Qué datos tratamos",
            "3. Para qué los usamos", "4. Por cuánto tiempo los conservamos",
            "5. Quién recibe tus datos", "6. Tus derechos y cómo ejercerlos",
            "7. Cómo protegemos tus datos", "8. Cookies", "9. Cambios a esta política"]
PHONE = {"width": 390, "height": 844}
FOOTER_LINKS = ["Libro de Reclamaciones", "Términos y condiciones", "Política de privacidad",
                "Tasas y tarifas", "Contacto"]


def footer_of(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("contentinfo")


def test_the_policy_opens_without_a_session_with_its_sections(
        page: Page, problems: PageProblems) -> None:
    page.goto("/privacidad")
    expect(page).to_have_url(re.compile(r"/privacidad$"))
    expect(page).to_have_title("Política de privacidad · COOPAC PETROPERÚ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Política de privacidad")
    expect(page.get_by_role("heading", level=2)).to_have_text(SECTIONS)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ley N° 29733")
    expect(main).to_contain_text("acceso, rectificación, cancelación y oposición")
    expect(main).to_contain_text("se conservan 10 años")
    expect(main).to_contain_text("Versión 1.0")
    expect(page.get_by_role("link", name="Volver al inicio de sesión")).to_have_attribute(
        "href", "/login")
    expect(footer_of(page).get_by_role("link")).to_have_text(
        FOOTER_LINKS)
    assert problems.unexpected() == [], problems.unexpected()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_axe_finds_nothing_serious_and_the_phone_does_not_scroll_sideways(
        axe_page: Page, viewport: dict[str, int]) -> None:
    axe_page.set_viewport_size(viewport)
    axe_page.goto("/privacidad")
    expect(axe_page.get_by_role("heading", level=2)).to_have_count(len(SECTIONS))
    assert axe_violations(axe_page) == []
    assert axe_page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_page.evaluate(NOTHING_COVERS) == []
    footer = footer_of(axe_page).bounding_box()
    assert footer is not None and footer["x"] >= 0
    assert footer["x"] + footer["width"] <= viewport["width"]


def test_clause_6_of_the_terms_links_to_the_policy(page: Page) -> None:
    page.goto("/terminos")
    clause = page.get_by_role("listitem").filter(has_text="Protección de datos")
    link = clause.get_by_role("link", name="Política de Privacidad de la Cooperativa")
    expect(link).to_have_attribute("href", "/privacidad")
    expect(clause).to_contain_text(
        "conforme a la legislación vigente y a la Política de Privacidad de la Cooperativa.")
    link.click()
    expect(page).to_have_url(re.compile(r"/privacidad$"))
    expect(page.get_by_role("heading", name="Política de privacidad", level=1)).to_be_focused()


def test_the_public_footer_leads_to_the_policy_and_to_the_terms(page: Page) -> None:
    page.goto("/login")
    footer_of(page).get_by_role("link", name="Política de privacidad").click()
    expect(page).to_have_url(re.compile(r"/privacidad$"))
    expect(page.get_by_role("heading", name="Política de privacidad", level=1)).to_be_visible()
    footer_of(page).get_by_role("link", name="Términos y condiciones").click()
    expect(page).to_have_url(re.compile(r"/terminos$"))
    expect(page.get_by_role("heading", name="Términos y condiciones de uso")).to_be_visible()


def test_the_registration_form_shows_the_policy_without_leaving_the_form(page: Page) -> None:
    page.goto("/registro")
    page.get_by_label("DNI").fill("40000123")
    link = page.get_by_role("link", name="Leer la política de privacidad")
    expect(link).to_have_attribute("href", "/privacidad")
    link.click()
    dialog = page.get_by_role("dialog", name="Política de privacidad")
    expect(dialog.get_by_role("heading", level=3)).to_have_text(SECTIONS)
    dialog.get_by_role("button", name="Cerrar").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/registro$"))
    expect(page.get_by_label("DNI")).to_have_value("40000123")


def test_in_the_registration_terms_dialog_clause_6_opens_the_policy_over_it(page: Page) -> None:
    page.goto("/registro")
    page.get_by_role("link", name="Leer los términos y condiciones").click()
    terms = page.get_by_role("dialog", name="Términos y condiciones de uso")
    terms.get_by_role("link", name="Política de Privacidad de la Cooperativa").click()
    policy = page.get_by_role("dialog", name="Política de privacidad")
    expect(policy).to_contain_text("Ley N° 29733")
    policy.get_by_role("button", name="Cerrar").click()
    expect(policy).to_be_hidden()
    expect(terms).to_be_visible()
    expect(page).to_have_url(re.compile(r"/registro$"))


def test_the_signed_in_footer_leads_to_the_policy(
        page: Page, problems: PageProblems) -> None:
    StubbedSession(page, a_session("member"))
    page.set_viewport_size(LAPTOP)
    page.goto("/ahorros")
    expect(page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    footer = footer_of(page)
    expect(footer.get_by_role("link")).to_have_text(
        FOOTER_LINKS)
    assert page.evaluate(NOTHING_COVERS) == []
    footer.get_by_role("link", name="Política de privacidad").click()
    expect(page).to_have_url(re.compile(r"/privacidad$"))
    expect(page.get_by_role("link", name="Volver al inicio", exact=True)).to_have_attribute(
        "href", "/inicio")
    assert problems.unexpected() == [], problems.unexpected()


def test_the_signed_in_footer_fits_the_phone(phone_page: Page) -> None:
    StubbedSession(phone_page, a_session("member"))
    phone_page.goto("/ahorros")
    expect(phone_page.get_by_role("heading", name="Ahorros", level=1)).to_be_visible()
    footer = footer_of(phone_page)
    expect(footer.get_by_role("link", name="Política de privacidad")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    box = footer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
