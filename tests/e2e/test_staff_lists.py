"""The staff's lists (issue 17): the demo operator filters Mensajes and Solicitudes by state and
waiting time (the filters live in the URL), each row says how long the case has waited
(«Espera») and an overdue one says «Vencido» / «Vencida» in words.

The stack's clock cannot travel (it is another process), so the cases are made old the way a
case left waiting would be: their stored instants are moved three days back in the stack's
DynamoDB (moto), as the store keeps them."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    OPERATOR,
    TABLES_FIT,
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
TABLES = "coopac-local-"


def _post(page: Page, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = page.request.post(path, headers=CSRF, data=body)
    assert answer.ok, f"{path}: {answer.status} {answer.text()}"
    return dict(answer.json())


def _three_days_back(stack: LocalStack, table: str, key: dict[str, str],
                     attributes: list[str]) -> None:
    """Move the case's stored instants (``assigned_case.stamp`` text) three days back."""
    old = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    dynamodb = boto3.client("dynamodb", endpoint_url=stack.moto_url, region_name="us-east-1",
                            aws_access_key_id="local", aws_secret_access_key="local")
    names = {f"#a{n}": name for n, name in enumerate(attributes)}
    dynamodb.update_item(
        TableName=f"{TABLES}{table}", Key={name: {"S": value} for name, value in key.items()},
        UpdateExpression="SET " + ", ".join(f"{alias} = :old" for alias in names),
        ExpressionAttributeNames=names, ExpressionAttributeValues={":old": {"S": old}})


def _old_cases_for_the_operator(browser: Browser, stack: LocalStack, admin: Page,
                                contexts: list[BrowserContext]) -> tuple[dict, dict]:
    """A ticket and an application of the demo member, given to the demo operator, waiting
    for three days."""
    member_context = browser.new_context(base_url=stack.url, locale="es-PE",
                                         timezone_id="America/Lima")
    contexts.append(member_context)
    member = member_context.new_page()
    sign_in(member, *MEMBER)
    expect(member).to_have_url(re.compile(r"/inicio$"))
    stamp = time.strftime("%H%M%S")
    ticket = _post(member, "/api/tickets", {"subject": f"Constancia pendiente {stamp}",
                                            "category": "ahorros",
                                            "message": "¿Me envían la constancia?"})
    application = _post(member, "/api/credit/applications", {
        "product_code": "CONSUMO", "amount": str(1000 + int(stamp) % 20000), "term_months": 12,
        "payment_method": "planilla"})
    operator_id = demo_user_id(OPERATOR[0])
    _post(admin, f"/api/tickets/{ticket['id']}/assign", {"operator_id": operator_id})
    _post(admin, f"/api/credit/applications/{application['id']}/assign",
          {"operator_id": operator_id})
    _three_days_back(stack, "tickets", {"ticket_id": ticket["id"]},
                     ["created_at", "last_member_message_at", "last_message_at"])
    _three_days_back(stack, "credit_applications", {"application_id": application["id"]},
                     ["created_at", "status_changed_at"])
    return ticket, application


def _fits(page: Page) -> None:
    assert page.evaluate(TABLES_FIT) == []
    assert axe_violations(page) == []


def test_the_operator_filters_the_lists_and_sees_what_is_overdue(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    admin_context, admin, _ = staff_context(browser, local_stack)
    contexts.append(admin_context)
    sign_in_with_totp(admin, *ADMIN)
    ticket, application = _old_cases_for_the_operator(browser, local_stack, admin, contexts)

    context, operator, errors = staff_context(browser, local_stack, bypass_csp=True)
    contexts.append(context)
    operator.set_viewport_size(LAPTOP)
    sign_in_with_totp(operator, *OPERATOR)
    expect(operator).to_have_url(re.compile(r"/inicio$"))

    # Mensajes: by state, then by waiting time; the filters go into the URL
    operator.goto("/mensajes")
    filters = operator.get_by_role("search", name="Filtrar tickets")
    filters.get_by_label("Estado").select_option("assigned")
    expect(operator).to_have_url(re.compile(r"/mensajes\?estado=assigned$"))
    filters.get_by_label("Espera").select_option("overdue")
    expect(operator).to_have_url(re.compile(r"/mensajes\?estado=assigned&espera=vencidos$"))
    row = operator.locator("tr", has_text=ticket_subject(ticket, operator))
    expect(row.locator(".waiting")).to_have_text("Espera: 3 d · Vencido")
    expect(operator.locator(".waiting").filter(has_not_text="Vencido")).to_have_count(0)
    _fits(operator)
    operator.reload()  # a reload keeps the filters
    expect(operator.get_by_role("search", name="Filtrar tickets").get_by_label("Espera")
           ).to_have_value("overdue")

    # Solicitudes: operators filter too (state, waiting time), in the URL
    operator.goto("/solicitudes")
    search = operator.get_by_role("search", name="Filtrar solicitudes")
    search.get_by_label("Estado").select_option("assigned")
    expect(operator).to_have_url(re.compile(r"/solicitudes\?estado=assigned$"))
    search.get_by_label("Espera").select_option("overdue")
    expect(operator).to_have_url(re.compile(r"/solicitudes\?estado=assigned&espera=vencidos$"))
    number = f"N° {application['number']}"
    link = operator.get_by_role("link", name=re.compile(rf"{re.escape(number)}$"))
    expect(link).to_be_visible()
    expect(operator.locator("tr", has=link).locator(".waiting")).to_have_text(
        "Espera: 3 d · Vencida")
    _fits(operator)

    # the staff home counts them and leads to the filtered list
    operator.goto("/inicio")
    overdue_link = operator.get_by_role("link", name="Ver las solicitudes vencidas")
    expect(overdue_link).to_have_attribute("href", "/solicitudes?espera=vencidos")
    expect(operator.get_by_role("link", name="Ver los tickets vencidos")).to_have_attribute(
        "href", "/mensajes?espera=vencidos")
    operator.set_viewport_size(PHONE)
    assert axe_violations(operator) == []
    assert errors == [], errors


def ticket_subject(ticket: dict[str, Any], page: Page) -> str:
    """The ticket's subject as the list shows it (read back through the API)."""
    answer = page.request.get(f"/api/tickets/{ticket['id']}", headers=CSRF)
    assert answer.ok, answer.text()
    return str(answer.json()["subject"])
