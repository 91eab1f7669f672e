"""One member cannot flood the credit queue (issue 17): applying again, from the simulator, for
the same credit, amount and term while the first application is open shows the API's 409 in
the form's alert, naming the open application's number."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import MEMBER, sign_in

pytestmark = pytest.mark.e2e

PRODUCT = "AMPLIACION PTMO. EDUCATIVO"
AMOUNT = "7,777"
"""An amount no other browser test applies for, so the first application here is taken."""


def apply(page: Page) -> None:
    page.goto("/simulacion")
    page.get_by_label("Tipo de crédito").select_option(label=PRODUCT)
    page.get_by_label("Monto del crédito (S/)").fill(AMOUNT)
    page.get_by_label("Plazo (meses)").select_option("12")
    page.get_by_label("Forma de pago").select_option("planilla")
    page.get_by_role("button", name="Calcular cuotas").click()
    page.get_by_role("button", name="Solicitar crédito ahora").click()
    page.get_by_role("dialog", name="Solicitar crédito").get_by_role(
        "button", name="Enviar solicitud").click()


def test_a_second_identical_application_shows_the_open_ones_number(page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    apply(page)
    received = page.get_by_text(re.compile(r"^Solicitud N° \d+ recibida$"))
    expect(received).to_be_visible()
    number = re.search(r"\d+", received.inner_text())
    assert number

    apply(page)
    expect(page.get_by_role("alert").filter(has_text="en curso")).to_have_text(
        re.compile(rf"Ya tienes la solicitud N° {number.group()} de este crédito en curso\. "
                   r"Espera su respuesta o escríbenos por el Buzón\."))
