"""«¿No te llegó el correo de activación?» (issue 17), in Chromium against the local stack: a
member registers, asks for a new link from the registration success screen's link, activates
with the second link and signs in; the first link then answers the invalid-link page."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    LocalStack,
    PageProblems,
    axe_violations,
    emailed_link,
    fill_registration,
)
from tests.e2e.test_registration import activate_and_sign_in, registry_row

pytestmark = pytest.mark.e2e

DNI = 40000176  # a registry member with an e-mail on file that no other test uses


def test_a_member_asks_for_a_new_activation_link_and_only_the_new_one_works(
        page: Page, local_stack: LocalStack, problems: PageProblems) -> None:
    password = "la clave del reenvio 2026"
    row = registry_row(DNI)
    on_file = row["email"]
    fill_registration(page, DNI, on_file, password)
    first = emailed_link(local_stack, on_file, "/activar")

    page.get_by_role("link", name="¿No te llegó el correo de activación?").click()
    expect(page).to_have_url(re.compile(r"/reenviar-activacion$"))
    expect(page.get_by_role("heading", name="Reenviar el enlace de activación")).to_be_visible()
    page.get_by_label("DNI").fill(str(DNI))
    page.get_by_label("Correo electrónico").fill(on_file)
    page.get_by_role("button", name="Enviar nuevo enlace").click()
    expect(page.get_by_text("te enviaremos un nuevo enlace de activación")).to_be_visible()

    second = _newer_link(local_stack, on_file, first)
    page.goto(first)
    expect(page.get_by_text("El enlace o código no es válido o ya expiró.")).to_be_visible()
    activate_and_sign_in(page, second, on_file, password,
                         f"{row['first_name']} {row['last_name']}")
    refused_first = [e for e in problems.unexpected()
                     if not ("/api/registration/activate" in e and "400" in e)]
    assert refused_first == [], refused_first


def _newer_link(stack: LocalStack, to: str, first: str) -> str:
    """The newest activation link once it is not ``first`` (the notifier sends it shortly)."""
    for _ in range(50):
        link = emailed_link(stack, to, "/activar")
        if link != first:
            return link
        time.sleep(0.2)
    raise AssertionError(f"no new activation link to {to}")


def test_the_login_screen_leads_to_the_resend_form_which_passes_axe(axe_page: Page) -> None:
    axe_page.goto("/login")
    axe_page.get_by_role("link", name="¿No te llegó el correo de activación?").click()
    expect(axe_page).to_have_url(re.compile(r"/reenviar-activacion$"))
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(
        "Reenviar el enlace de activación")
    assert axe_violations(axe_page) == []
