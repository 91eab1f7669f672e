"""Credit across the three roles in the real stack (manual 2.4.9 and the staff's "Solicitudes de
Crédito"): the member simulates "AMPLIACION PTMO. EDUCATIVO" S/ 10,000 at 12 months, sees the
amortization table with its totals and applies; the admin (2FA) assigns it to the demo operator;
the operator (2FA) reviews, observes, reviews again, approves and disburses (so the member may
apply for the same credit again, issue 17); the member follows the state
and the history from the e-mailed link. E-mails are read from the local outbox (GET /dev/outbox).
Plus axe-core on /simulacion (member) and on /solicitudes and its detail (admin)."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    OPERATOR,
    TABLES_FIT,
    LocalStack,
    PageProblems,
    axe_violations,
    mails_to,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PRODUCT = "AMPLIACION PTMO. EDUCATIVO"
OBSERVATION = "Adjunte su última boleta de pago, por favor."
# Where GET /api/admin/users is missing (it lands with the admin issue), Solicitudes falls back
# to the assignees it knows and Chromium logs the 404 of that probe as a console error.
@pytest.fixture
def credit_backend(local_stack: LocalStack) -> None:
    status, _ = local_stack.api("GET", "/api/credit/products")
    if status == 404:
        pytest.fail("GET /api/credit/products answered 404: the credit routes are missing.")


def session_user_id(page: Page) -> str:
    return str(page.evaluate(
        "async () => (await (await fetch('/api/auth/session')).json()).user.id"))


def api_post(page: Page, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    answer = page.evaluate("""async ([path, body]) => {
        const response = await fetch(path, {method: 'POST', body: JSON.stringify(body),
          headers: {'Content-Type': 'application/json', 'X-Requested-With': 'fetch'}});
        return [response.status, await response.json()];
    }""", [path, body])
    return int(answer[0]), answer[1]


def simulate(page: Page) -> None:
    """The manual's form: type, amount, term (enabled after the type), method, "Calcular"."""
    page.goto("/simulacion")
    expect(page.get_by_role("heading", name="Simulador de Crédito", level=1)).to_be_visible()
    expect(page.get_by_text("Calcula tu préstamo ideal")).to_be_visible()
    term = page.get_by_label("Plazo (meses)")
    expect(term).to_be_disabled()
    expect(term.locator("option").first).to_have_text("Primero seleccione tipo de crédito")
    page.get_by_label("Tipo de crédito").select_option(label=PRODUCT)
    expect(term).to_be_enabled()
    amount = page.get_by_label("Monto del crédito (S/)")
    amount.fill("25000")
    term.select_option("12")
    page.get_by_label("Forma de pago").select_option("planilla")
    expect(page.get_by_role("button", name="Solicitar crédito ahora")).to_have_count(0)
    page.get_by_role("button", name="Calcular cuotas").click()
    range_error = "El monto debe estar entre S/ 1,000.00 y S/ 20,000.00."
    expect(page.get_by_text(range_error)).to_be_visible()
    expect(amount).to_have_attribute("aria-invalid", "true")
    amount.fill("10,000")
    page.get_by_role("button", name="Calcular cuotas").click()
    table = page.get_by_role("region", name="Tabla de amortización")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.get_by_role("columnheader")).to_have_text(
        ["#", "Fecha", "Días", "Capital", "Interés", "Seguro", "Total Cuota", "Saldo Prog."])
    totals = table.locator("tfoot tr")
    expect(totals.locator("th")).to_have_text("Totales")
    expect(totals.locator("td").nth(2)).to_have_text("S/ 10,000.00")  # capital
    for cell in (3, 4, 5):
        expect(totals.locator("td").nth(cell)).to_have_text(re.compile(r"^S/ [\d,]+\.\d{2}$"))
    expect(table.locator("tbody tr").last.locator("td").last).to_have_text("S/ 0.00")
    expect(page.get_by_text("Tasa de Costo Efectivo Anual: incluye intereses y seguro de "
                            "desgravamen")).to_be_visible()
    expect(page.locator(".credit-tcea .stat-figure")).to_have_text(re.compile(r"^\d+\.\d{2}%$"))
    expect(page.get_by_text("13.50%")).to_be_visible()  # TEA


@pytest.mark.usefixtures("credit_backend")
def test_a_member_applies_the_admin_assigns_the_operator_decides_and_the_member_follows(
        page: Page, browser: Browser, local_stack: LocalStack, problems: PageProblems) -> None:
    started = time.monotonic()
    # ── member: simulate and apply ──────────────────────────────────────────────────────────
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    simulate(page)
    page.get_by_role("button", name="Solicitar crédito ahora").click()
    dialog = page.get_by_role("dialog", name="Solicitar crédito")
    expect(dialog).to_contain_text("S/ 10,000.00 a 12 meses")
    dialog.get_by_role("button", name="Enviar solicitud").click()
    received = page.get_by_text(re.compile(r"^Solicitud N° \d+ recibida$"))
    expect(received).to_be_visible()
    number = re.search(r"N° (\d+)", received.inner_text()).group(1)  # type: ignore[union-attr]
    expect(page).to_have_url(re.compile(r"/simulacion\?solicitud=[0-9a-f]{32}$"))
    application_id = page.url.rsplit("=", 1)[1]
    mine = page.get_by_role("region", name="Mis solicitudes de crédito")
    expect(mine.get_by_role("row").filter(has_text=f"N° {number}")).to_contain_text("Recibida")

    # ── operator signs in (once: each TOTP step is accepted once) and reads their id ─────────
    op_context, op_page, op_errors = staff_context(browser, local_stack)
    admin_context, admin_page, admin_errors = staff_context(browser, local_stack, bypass_csp=True)
    try:
        sign_in_with_totp(op_page, *OPERATOR)
        expect(op_page).to_have_url(re.compile(r"/inicio$"))
        expect(op_page.get_by_text("Asignadas a mí").first).to_be_visible()
        operator_id = session_user_id(op_page)

        # ── admin: finds it in "Solicitudes de Crédito", filters, assigns ──────────────────
        sign_in_with_totp(admin_page, *ADMIN)
        expect(admin_page.get_by_text("Todas las solicitudes").first).to_be_visible()  # Inicio
        admin_page.goto("/solicitudes")
        admin_page.get_by_label("Estado").select_option(label="Recibida")
        expect(admin_page).to_have_url(re.compile(r"/solicitudes\?estado=received$"))
        admin_page.get_by_role("link", name=f"Ver solicitud N° {number}", exact=True).click()
        expect(admin_page).to_have_url(re.compile(rf"/solicitudes\?solicitud={application_id}$"))
        expect(admin_page.get_by_role("heading", name=f"Solicitud N° {number}")).to_be_visible()
        assert axe_violations(admin_page) == []
        operator_select = admin_page.get_by_label("Operador de crédito")
        if operator_select.locator(f"option[value='{operator_id}']").count():
            operator_select.select_option(operator_id)
            admin_page.get_by_role("button", name=re.compile(r"^(Asignar|Reasignar)$")).click()
        else:  # no users directory yet and this operator never assigned before: via the API
            status, answer = api_post(admin_page,
                                      f"/api/credit/applications/{application_id}/assign",
                                      {"operator_id": operator_id})
            assert status == 200, answer
            admin_page.reload()
        facts = admin_page.locator(".credit-facts")
        expect(facts).to_contain_text("Asignada")
        expect(facts.locator(".credit-fact").filter(has_text="Responsable")).not_to_contain_text(
            "Sin asignar")
        admin_page.set_viewport_size(LAPTOP)
        admin_page.goto("/solicitudes")
        expect(admin_page.get_by_role("row").filter(has_text=f"N° {number}")).to_contain_text(
            "Asignada")
        assert admin_page.evaluate(TABLES_FIT) == []
        assert axe_violations(admin_page) == []
        assert mails_to(local_stack, OPERATOR[0], f"/solicitudes?solicitud={application_id}")

        # ── operator: in review → observed (with observation) → in review → approved ───────
        op_page.goto("/solicitudes")
        op_page.get_by_role("link", name=f"Ver solicitud N° {number}", exact=True).click()
        expect(op_page.get_by_role("region", name="Tabla de amortización")
               .locator("tbody tr")).to_have_count(12)
        state = op_page.get_by_label("Nuevo estado")
        save = op_page.get_by_role("button", name="Guardar cambio")

        def move(label: str, observation: str = "", confirm: str | None = None) -> None:
            state.select_option(label=label)
            op_page.get_by_label("Observación").fill(observation)
            save.click()
            if confirm:
                op_page.get_by_role("dialog").get_by_role("button", name=confirm).click()
            expect(op_page.get_by_text(f"Estado actualizado: {label}.")).to_be_visible()

        move("En evaluación")
        state.select_option(label="Observada")
        save.click()
        expect(op_page.get_by_text("Escribe la observación para el socio.")).to_be_visible()
        move("Observada", OBSERVATION)
        expect(op_page.locator(".credit-timeline")).to_contain_text(OBSERVATION)
        move("En evaluación")
        move("Aprobada", confirm="Aprobar")
        expect(op_page.get_by_label("Nuevo estado").locator("option")).to_contain_text(
            ["Desembolsada"])
        # disbursed, the application is finished: the same credit may be applied for again
        # (issue 17), as the manual's walk does later in the same stack
        move("Desembolsada", confirm="Marcar como desembolsada")
        assert op_errors == [], op_errors
        assert admin_errors == [], admin_errors
    finally:
        op_context.close()
        admin_context.close()

    # ── member: the e-mailed link opens the application, approved, with its history ─────────
    approved = mails_to(local_stack, MEMBER[0], f"/simulacion?solicitud={application_id}")
    assert len(approved) >= 2, [mail.get("subject") for mail in approved]  # observed, approved
    link = re.search(rf"https?://\S+?/simulacion\?solicitud={application_id}",
                     approved[-1].get("text") or approved[-1].get("html") or "")
    assert link, approved[-1]
    parts = urlsplit(link.group(0))
    page.goto(f"{parts.path}?{parts.query}")
    detail = page.locator(".credit-detail")
    expect(detail.get_by_role("heading", name=f"Solicitud N° {number}")).to_be_visible()
    expect(detail.locator(".credit-facts")).to_contain_text("Desembolsada")
    timeline = detail.locator(".credit-timeline li")
    # received, assigned, in review, observed, in review, approved, disbursed
    expect(timeline).to_have_count(7)
    expect(detail.locator(".credit-timeline")).to_contain_text(OBSERVATION)
    expect(mine.get_by_role("row").filter(has_text=f"N° {number}")).to_contain_text(
        "Desembolsada")
    assert problems.unexpected() == [], problems.unexpected()
    assert time.monotonic() - started < 60


@pytest.mark.usefixtures("credit_backend")
def test_the_simulator_passes_axe_with_its_table(axe_page: Page) -> None:
    sign_in(axe_page, *MEMBER)
    expect(axe_page).to_have_url(re.compile(r"/inicio$"))
    simulate(axe_page)
    assert axe_violations(axe_page) == []


@pytest.mark.usefixtures("credit_backend")
def test_on_a_phone_the_simulator_shows_its_result_and_offers_to_apply_from_it(
        phone_page: Page) -> None:
    sign_in(phone_page, *MEMBER)
    expect(phone_page).to_have_url(re.compile(r"/inicio$"))
    phone_page.goto("/simulacion")
    phone_page.get_by_label("Tipo de crédito").select_option(label=PRODUCT)
    phone_page.get_by_label("Monto del crédito (S/)").fill("10000")
    phone_page.get_by_label("Plazo (meses)").select_option("12")
    phone_page.get_by_label("Forma de pago").select_option("planilla")
    phone_page.get_by_role("button", name="Calcular cuotas").click()
    summary = phone_page.get_by_role("heading", name="Resumen de la simulación")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    apply = phone_page.get_by_role("button", name="Solicitar crédito ahora")
    expect(apply).to_have_count(1)
    summary_box, apply_box = summary.bounding_box(), apply.bounding_box()
    assert summary_box and apply_box and apply_box["y"] > summary_box["y"]
