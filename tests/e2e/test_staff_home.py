"""The staff Inicio says what waits for whom (issue 16, point 8): «Tickets del buzón» with the
operator's own tickets by state and those with an unread member message, the admin's «Sin
asignar» queue, each figure a link to the filtered Mensajes list; its figures fit a 1366×850
laptop and a 390×844 phone.

The demo cooperative seeds no tickets: the demo member opens two and the admin assigns them to
the demo operator through the API. The stack is shared by the session's tests (others open and
move tickets too), so each screen's figures are compared with the API's answer read in the same
browser context just before."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    OPERATOR,
    ROOT,
    LocalStack,
    axe_violations,
    demo_user_id,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
CSRF = {"X-Requested-With": "fetch"}


@pytest.fixture
def contexts(request: pytest.FixtureRequest) -> Iterator[list[tuple[BrowserContext, list[str]]]]:
    """The test's browser contexts, closed after it; on a failure each page is kept as a
    screenshot in test-artifacts/ (several people, several pages)."""
    opened: list[tuple[BrowserContext, list[str]]] = []
    yield opened
    report = getattr(request.node, "rep_call", None)
    for number, (context, _) in enumerate(opened):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for page in context.pages:
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{number}.png"),
                                    full_page=True)
        context.close()


def _staff(browser: Browser, stack: LocalStack, contexts: list[tuple[BrowserContext, list[str]]],
           *, bypass_csp: bool = False) -> tuple[Page, list[str]]:
    context, page, errors = staff_context(browser, stack, bypass_csp=bypass_csp)
    contexts.append((context, errors))
    return page, errors


def _post(page: Page, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = page.request.post(path, headers=CSRF, data=body)
    assert answer.ok, f"{path}: {answer.status} {answer.text()}"
    return dict(answer.json())


def _stats(page: Page) -> dict[str, Any]:
    answer = page.request.get("/api/tickets/stats", headers=CSRF)
    assert answer.status == 200, answer.text()
    return dict(answer.json())


def _figure(page: Page, title: str) -> Locator:
    card = page.get_by_role("region", name="Tickets del buzón").locator(".stat-card").filter(
        has=page.locator(".stat-title", has_text=re.compile(f"^{re.escape(title)}$")))
    return card.locator(".stat-figure")


def _figures_fit(page: Page) -> None:
    """Every figure of the section, scrolled to, lies wholly inside the viewport."""
    figures = page.get_by_role("region", name="Tickets del buzón").locator(".stat-figure")
    expect(figures.first).to_be_visible()
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        expect(figure).to_be_in_viewport(ratio=1)
        box = figure.bounding_box()
        width = page.viewport_size["width"] if page.viewport_size else 0
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def _two_tickets_for_the_operator(browser: Browser, stack: LocalStack, admin: Page,
                                  contexts: list[tuple[BrowserContext, list[str]]]) -> None:
    member_context = browser.new_context(base_url=stack.url, locale="es-PE",
                                         timezone_id="America/Lima")
    contexts.append((member_context, []))
    member = member_context.new_page()
    sign_in(member, *MEMBER)
    expect(member).to_have_url(re.compile(r"/inicio$"))
    stamp = time.strftime("%H%M%S")
    for subject in (f"Saldo de aportes {stamp}", f"Constancia de CTS {stamp}"):
        ticket = _post(member, "/api/tickets", {"subject": subject, "category": "aportes",
                                                "message": "¿Me pueden ayudar, por favor?"})
        _post(admin, f"/api/tickets/{ticket['id']}/assign",
              {"operator_id": demo_user_id(OPERATOR[0])})


def test_the_operator_sees_what_waits_for_them_and_follows_it_to_mensajes(
        browser: Browser, local_stack: LocalStack,
        contexts: list[tuple[BrowserContext, list[str]]]) -> None:
    admin, _ = _staff(browser, local_stack, contexts)
    sign_in_with_totp(admin, *ADMIN)
    _two_tickets_for_the_operator(browser, local_stack, admin, contexts)

    operator, errors = _staff(browser, local_stack, contexts)
    operator.set_viewport_size(LAPTOP)
    sign_in_with_totp(operator, *OPERATOR)
    expect(operator).to_have_url(re.compile(r"/inicio$"))
    stats = _stats(operator)
    assert stats["mine"]["assigned"] >= 2 and stats["unread"] >= 2  # the two just given
    assert stats["unassigned"] is None
    section = operator.get_by_role("region", name="Tickets del buzón")
    expect(_figure(operator, "Asignados a mí")).to_have_text(str(stats["mine"]["assigned"]))
    expect(_figure(operator, "En atención")).to_have_text(str(stats["mine"]["in_progress"]))
    expect(_figure(operator, "Con respuesta del socio sin leer")).to_have_text(
        str(stats["unread"]))
    expect(section.get_by_text("Sin asignar")).to_have_count(0)  # operators do not assign
    ongoing = stats["mine"]["assigned"] + stats["mine"]["in_progress"]
    expect(section.locator(".ticket-workload-summary")).to_contain_text(
        f"Tienes {ongoing} tickets en curso; {stats['unread']} con respuesta del socio sin leer.")
    _figures_fit(operator)
    operator.set_viewport_size(PHONE)
    _figures_fit(operator)

    section.get_by_role("link", name="Ver mis asignados").click()
    expect(operator).to_have_url(re.compile(r"/mensajes\?estado=assigned$"))
    expect(operator.get_by_role("heading", name="Administración de Mensajes")).to_be_visible()
    assert errors == [], errors


def test_the_admin_sees_the_unassigned_queue_first_and_its_link(
        browser: Browser, local_stack: LocalStack,
        contexts: list[tuple[BrowserContext, list[str]]]) -> None:
    admin, errors = _staff(browser, local_stack, contexts, bypass_csp=True)  # axe is injected
    admin.set_viewport_size(LAPTOP)
    sign_in_with_totp(admin, *ADMIN)
    expect(admin).to_have_url(re.compile(r"/inicio$"))
    stats = _stats(admin)
    section = admin.get_by_role("region", name="Tickets del buzón")
    expect(section.locator(".stat-title").first).to_have_text("Sin asignar")
    expect(_figure(admin, "Sin asignar")).to_have_text(str(stats["unassigned"]))
    unassigned = section.get_by_role("link", name="Asignar tickets")
    expect(unassigned).to_have_attribute("href", "/mensajes?estado=open")
    credit = admin.get_by_role("region", name="Solicitudes por estado")
    expect(credit.get_by_role("link", name=re.compile(r"en estado Recibida$"))).to_have_attribute(
        "href", "/solicitudes?estado=received")
    _figures_fit(admin)
    assert axe_violations(admin) == []
    admin.set_viewport_size(PHONE)
    _figures_fit(admin)
    unassigned.click()
    expect(admin).to_have_url(re.compile(r"/mensajes\?estado=open$"))
    assert errors == [], errors

    # When the figures cannot be read, the section says so and offers to retry; the credit
    # figures below it are drawn all the same.
    admin.route("**/api/tickets/stats", lambda route: route.fulfill(status=503, json={"error": {
        "code": "service_unavailable", "message": "El servicio no está disponible."}}))
    admin.goto("/inicio")
    section = admin.get_by_role("region", name="Tickets del buzón")
    expect(section.locator(".notice-error")).to_contain_text("El servicio no está disponible.")
    expect(admin.get_by_role("region", name="Solicitudes de crédito").locator(".stat-figure")
           ).to_have_count(5)  # four figures and «Vencidas»
    admin.unroute("**/api/tickets/stats")
    section.get_by_role("button", name="Reintentar").click()
    expect(_figure(admin, "Sin asignar")).to_be_visible()
    expect(section.locator(".notice-error")).to_have_count(0)
    assert [error for error in errors if "503" not in error] == [], errors
