"""A beneficiary change from request to «Registrado» in the real stack (issue 17): the demo member
asks on Beneficio Familiar for a new list (rows added, the live sum refusing 90.00 %), the admin
(2FA) assigns it to the demo operator and approves it in Beneficiarios, where it waits as
«Pendiente de registro en el sistema»; a family-benefit import that agrees with it (through the
admin's import API and the worker) makes the member see «Registrado». axe-core on both screens
at 1366×850 and 390×844. The demo plan is imported back as it was at the end."""

from __future__ import annotations

import re
import time
from typing import Any

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
from tests.product_rows import a_family_plan, csv_of

pytestmark = pytest.mark.e2e

DNI = "40000001"
PHONE = {"width": 390, "height": 844}
CSRF = {"X-Requested-With": "fetch"}
WIDER_THAN_THE_PHONE = """() => document.documentElement.scrollWidth <= innerWidth ? [] :
    [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right
        > innerWidth + 1).slice(0, 8).map((el) => `${el.tagName}.${el.className}`
        + ` ${Math.round(el.getBoundingClientRect().right)}`)"""
"""No sideways scroll on the phone (the first elements past its edge, when there is one)."""
NEW_LIST = (("YAI", "41111111", "Hija", "60"), ("BRIAN", "42222222", "Hijo", "40"))
AGREEING = (("YAI", "Hija", "60.00", "false"), ("BRIAN", "Hijo", "40.00", "true"))


def import_family_benefit(admin: Page, rows: list[dict[str, str]]) -> None:
    """What the admin's Importaciones does: start an import, upload the CSV to its presigned
    POST, wait for the worker to complete it."""
    started = admin.request.post("/api/admin/imports", headers=CSRF,
                                 data={"kind": "family_benefit"})
    assert started.ok, started.text()
    run: dict[str, Any] = started.json()
    upload = admin.request.post(run["upload_url"], multipart={
        **run["upload_fields"],
        "file": {"name": "beneficio.csv", "mimeType": "text/csv",
                 "buffer": csv_of("family_benefit", rows).encode()}})
    assert upload.status < 300, upload.text()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        status = admin.request.get(f"/api/admin/imports/{run['id']}", headers=CSRF).json()
        if status["status"] in ("completed", "failed"):
            assert (status["status"], status.get("rows_rejected", 0)) == ("completed", 0), status
            return
        time.sleep(0.3)
    raise AssertionError("the family-benefit import did not finish")


def _fill_row(page: Page, index: int, name: str, dni: str, relationship: str,
              percentage: str) -> None:
    row = page.get_by_role("group", name=f"Beneficiario {index + 1}")
    row.get_by_label("Nombre completo").fill(name)
    row.get_by_label("DNI").fill(dni)
    row.get_by_label("Parentesco").select_option(relationship)
    row.get_by_label("Porcentaje (%)").fill(percentage)


def ask_for_the_change(page: Page) -> str:
    page.goto("/beneficio-familiar")
    page.get_by_role("button", name="Solicitar cambio de beneficiarios").click()
    _fill_row(page, 0, *NEW_LIST[0])
    page.get_by_role("button", name="Agregar beneficiario").click()
    _fill_row(page, 1, NEW_LIST[1][0], NEW_LIST[1][1], NEW_LIST[1][2], "30")
    expect(page.get_by_text("Suma de porcentajes: 90.00 %. Debe sumar exactamente 100.00 %."))\
        .to_be_visible()
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(page.get_by_text("Los porcentajes suman 90.00 %; deben sumar exactamente 100.00 %."))\
        .to_be_visible()
    page.get_by_role("group", name="Beneficiario 2").get_by_label("Porcentaje (%)").fill("40")
    expect(page.get_by_text("Suma de porcentajes: 100.00 %", exact=True)).to_be_visible()
    page.get_by_role("button", name="Enviar solicitud").click()
    sent = page.get_by_text(re.compile(r"^Enviamos tu solicitud N° \d+\."))
    expect(sent).to_be_visible()
    return re.search(r"N° (\d+)", sent.inner_text()).group(1)  # type: ignore[union-attr]


def approve_beneficiary_change(admin: Page, number: str) -> None:
    admin.goto("/beneficiarios")
    row = admin.get_by_role("row").filter(has_text=f"N° {number}")
    row.get_by_role("link").click()
    expect(admin.get_by_role("heading", name=f"Cambio de beneficiarios N° {number}"))\
        .to_be_visible()
    admin.get_by_label("Operador").select_option(demo_user_id(OPERATOR[0]))
    admin.get_by_role("button", name="Asignar").click()
    expect(admin.get_by_text(re.compile(r"^Solicitud asignada a "))).to_be_visible()
    admin.get_by_label("Nuevo estado").select_option("approved")
    admin.get_by_role("button", name="Guardar cambio").click()
    admin.get_by_role("dialog").get_by_role("button", name="Aprobar").click()
    expect(admin.get_by_text("Estado actualizado: Aprobada.")).to_be_visible()
    expect(admin.locator(".beneficiaries-facts")).to_contain_text(
        "Pendiente de registro en el sistema")


def _check_layout(page: Page, *, laptop: bool) -> None:
    assert axe_violations(page) == []
    assert page.evaluate(NOTHING_COVERS) == []
    if laptop:
        assert page.evaluate(TABLES_FIT) == []
    else:
        assert page.evaluate(WIDER_THAN_THE_PHONE) == []


def _at_both_sizes(page: Page) -> None:
    for size, laptop in ((LAPTOP, True), (PHONE, False)):
        page.set_viewport_size(size)
        page.wait_for_timeout(150)
        _check_layout(page, laptop=laptop)


def test_a_member_asks_the_admin_approves_and_an_agreeing_import_registers_it(
        browser: Browser, local_stack: LocalStack) -> None:
    member_context = browser.new_context(base_url=local_stack.url, locale="es-PE",
                                         timezone_id="America/Lima", bypass_csp=True,
                                         viewport=LAPTOP)
    admin_context, admin, admin_errors = staff_context(browser, local_stack, bypass_csp=True)
    try:
        member = member_context.new_page()
        sign_in(member, *MEMBER)
        expect(member).to_have_url(re.compile(r"/inicio$"))
        number = ask_for_the_change(member)
        request_card = member.locator(".beneficiaries-request")
        expect(request_card).to_contain_text("Recibida")
        _at_both_sizes(member)

        sign_in_with_totp(admin, *ADMIN)
        admin.set_viewport_size(LAPTOP)
        approve_beneficiary_change(admin, number)
        _at_both_sizes(admin)
        admin.set_viewport_size(LAPTOP)
        assert mails_to(local_stack, MEMBER[0],
                        "Tu solicitud de cambio de beneficiarios fue aprobada.")

        member.reload()
        expect(member.locator(".beneficiaries-request")).to_contain_text(
            "Pendiente de registro en el sistema")
        import_family_benefit(admin, a_family_plan(DNI, beneficiaries=AGREEING))
        member.reload()
        expect(member.locator(".beneficiaries-request")).to_contain_text("Registrado")
        expect(member.locator(".benefit-grid")).to_contain_text("YAI (Hija")
        _at_both_sizes(member)
        assert admin_errors == []
    finally:
        import_family_benefit(admin, a_family_plan(DNI))  # the demo plan as it was
        member_context.close()
        admin_context.close()
