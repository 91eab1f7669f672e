"""Reparto de casos (issue 17) in the browser: the admin sets a round robin on «Reparto de casos»,
the member opens a ticket of that category, and the operator finds it assigned to them in
Mensajes without any admin action; an operator of a shared queue takes a ticket from «Cola
compartida». axe finds nothing serious on the new screen, on a laptop and on a phone.

The stack is shared by the session's tests: only the demo's routed categories are used («Acceso a
la plataforma», «Beneficio familiar»; dev/seed.py), and the demo's rule is put back at the end."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    OPERATOR,
    OPERATOR2,
    LocalStack,
    axe_violations,
    demo_user_id,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CSRF = {"X-Requested-With": "fetch"}
DEMO_ACCESS_RULE = {"mode": "round_robin",
                    "operators": [demo_user_id(OPERATOR[0]), demo_user_id(OPERATOR2[0])]}


def _staff(browser: Browser, stack: LocalStack, contexts: list[BrowserContext], *,
           bypass_csp: bool = False) -> tuple[Page, list[str]]:
    context, page, errors = staff_context(browser, stack, bypass_csp=bypass_csp)
    contexts.append(context)
    return page, errors


def _member(browser: Browser, stack: LocalStack, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(base_url=stack.url, locale="es-PE", timezone_id="America/Lima")
    contexts.append(context)
    page = context.new_page()
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    return page


def _post(page: Page, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = page.request.post(path, headers=CSRF, data=body)
    assert answer.ok, f"{path}: {answer.status} {answer.text()}"
    return dict(answer.json())


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_round_robin_set_on_reparto_brings_a_new_ticket_to_the_operator(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    admin, admin_errors = _staff(browser, local_stack, contexts, bypass_csp=True)  # axe
    admin.set_viewport_size(LAPTOP)
    sign_in_with_totp(admin, *ADMIN)
    expect(admin).to_have_url(re.compile(r"/inicio$"))
    try:
        admin.get_by_role("link", name="Reparto de casos").first.click()
        expect(admin).to_have_url(re.compile(r"/reparto$"))
        expect(admin.get_by_role("heading", name="Reparto de casos", level=1)).to_be_visible()
        assert axe_violations(admin) == []

        admin.get_by_role("button", name="Editar el reparto de Acceso a la plataforma").click()
        form = admin.get_by_role("form", name="Reparto de Acceso a la plataforma")
        form.get_by_label("Modo de reparto").select_option(label="Por turnos entre operadores")
        form.get_by_label("Lucía Salazar Díaz").uncheck()
        form.get_by_label("Carlos Paredes Núñez").check()
        assert axe_violations(admin) == []
        form.get_by_role("button", name="Guardar reparto").click()
        expect(admin.get_by_text("Reparto guardado: Acceso a la plataforma — Por turnos entre "
                                 "operadores.")).to_be_visible()
        row = admin.locator("tr", has=admin.get_by_role("cell", name="Acceso a la plataforma",
                                                           exact=True))
        expect(row).to_contain_text("Carlos Paredes Núñez")
        expect(row).not_to_contain_text("Lucía")
        admin.set_viewport_size(PHONE)
        assert axe_violations(admin) == []
        _no_sideways_scroll(admin)

        member = _member(browser, local_stack, contexts)
        subject = f"No puedo entrar {time.strftime('%H%M%S')}"
        member.goto("/buzon?nuevo=1")
        member.get_by_label("Asunto").fill(subject)
        member.get_by_label("Categoría").select_option(label="Acceso a la plataforma")
        member.get_by_label("Mensaje").fill("Mi clave no funciona desde ayer.")
        member.get_by_role("button", name="Enviar ticket").click()
        expect(member.get_by_text(re.compile(r"Tu número de atención es N° \d+\."))).to_be_visible()

        operator, errors = _staff(browser, local_stack, contexts)
        operator.set_viewport_size(LAPTOP)
        sign_in_with_totp(operator, *OPERATOR)
        expect(operator).to_have_url(re.compile(r"/inicio$"))
        operator.goto("/mensajes")
        row = operator.locator("tbody tr", has_text=subject)
        expect(row).to_be_visible()
        expect(row).to_contain_text("Asignado")
        assert errors == [] and admin_errors == [], (errors, admin_errors)
    finally:
        answer = admin.request.put("/api/admin/routing/ticket/acceso", headers=CSRF,
                                   data=DEMO_ACCESS_RULE)
        assert answer.ok, answer.text()


def test_an_operator_takes_a_ticket_from_the_shared_queue(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    member = _member(browser, local_stack, contexts)
    subject = f"Pago del beneficio {time.strftime('%H%M%S')}"
    ticket = _post(member, "/api/tickets", {"subject": subject, "category": "beneficio_familiar",
                                            "message": "¿Cuándo se paga el beneficio?"})
    assert ticket["status"] == "open"  # the demo's «Beneficio familiar» is a shared queue

    operator, errors = _staff(browser, local_stack, contexts, bypass_csp=True)  # axe
    operator.set_viewport_size(LAPTOP)
    sign_in_with_totp(operator, *OPERATOR2)
    expect(operator).to_have_url(re.compile(r"/inicio$"))
    operator.goto("/mensajes")
    queue = operator.locator(".shared-queue")
    expect(queue.get_by_role("heading", name="Cola compartida")).to_be_visible()
    expect(queue.locator("tr", has_text=subject)).to_be_visible()
    assert axe_violations(operator) == []
    operator.set_viewport_size(PHONE)
    assert axe_violations(operator) == []
    _no_sideways_scroll(operator)
    queue.get_by_role("button", name=f"Tomar el ticket N° {ticket['number']}").click()
    expect(operator).to_have_url(re.compile(rf"/mensajes\?ticket={ticket['id']}$"))
    expect(operator.get_by_text(subject).first).to_be_visible()
    assert errors == [], errors
