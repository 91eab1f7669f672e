"""Versions of the terms of use (issue 18) in the browser: the admin publishes 1.1 on «Términos y
condiciones»; the demo member signs in, meets «Actualizamos nuestros términos» (the summary of
changes and the full text), accepts and lands on Inicio; /terminos shows 1.1, its date and the
versions before it. axe finds nothing serious on the new screens, on a laptop and on a phone.

A published version cannot be withdrawn, and every later sign-in of a demo member would meet it:
this module runs on a stack of its own (``local_stack`` below), never on the session's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import boto3
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    MEMBER,
    NOTHING_COVERS,
    LocalStack,
    axe_violations,
    sign_in,
    sign_in_with_totp,
    staff_context,
)
from tests.stack import StackFailed, started_local_stack

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SUMMARY = "Se agrega la Política de Privacidad y el Libro de Reclamaciones virtual."
TEXT = ("Al acceder y utilizar la aplicación de la Cooperativa, el usuario acepta las siguientes "
        "condiciones actualizadas.\n\n1. Naturaleza de la cuenta: la cuenta de acceso es personal, "
        "única e intransferible.\n\n2. Libro de Reclamaciones: el usuario puede presentar un "
        "reclamo o una queja desde el portal.")


@pytest.fixture(scope="module")
def local_stack() -> Iterator[LocalStack]:
    """A stack of this module's own: the version published here stays published."""
    try:
        with started_local_stack(extra_env={"LOGIN_FAILURES_PER_IP": "500"}) as stack:
            yield stack
    except StackFailed as failure:
        pytest.fail(str(failure))


def withdraw_published_terms(stack: LocalStack) -> None:
    """Test-only: put a stack's terms back to the manual's 1.0 (delete every published version
    and the pointer straight in its DynamoDB). The API never withdraws a version; a browser test
    on the session's shared stack (the manual walk) that publishes one calls this afterwards,
    so the demo members who sign in later are not sent to «Actualizamos nuestros términos»."""
    dynamodb = boto3.client("dynamodb", endpoint_url=stack.moto_url, region_name="us-east-1",
                            aws_access_key_id="local", aws_secret_access_key="local")
    table = "coopac-local-terms_versions"
    items = dynamodb.query(TableName=table, KeyConditionExpression="book = :b",
                           ExpressionAttributeValues={":b": {"S": "terms"}})["Items"]
    keys = [{"book": item["book"], "version_key": item["version_key"]} for item in items]
    for key in [*keys, {"book": {"S": "terms#current"}, "version_key": {"S": "-"}}]:
        dynamodb.delete_item(TableName=table, Key=key)


def lima_today() -> str:
    return datetime.now(ZoneInfo("America/Lima")).strftime("%d/%m/%Y")


def check_both_sizes(page: Page, label: str) -> None:
    """axe and nothing covering a heading, at 1366×850 and at 390×844."""
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{label} {size}"
        assert page.evaluate(NOTHING_COVERS) == [], f"{label} {size}"
    page.set_viewport_size(LAPTOP)


def publish_as_admin(browser: Browser, stack: LocalStack,
                     contexts: list[BrowserContext]) -> None:
    context, page, errors = staff_context(browser, stack, bypass_csp=True)
    contexts.append(context)
    sign_in_with_totp(page, *ADMIN)
    page.get_by_role("navigation").get_by_role("link", name="Términos y condiciones").click()
    expect(page).to_have_url(re.compile(r"/terminos-condiciones$"))
    expect(page.get_by_role("heading", name="Términos y condiciones", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="1.0 (vigente)")).to_be_visible()
    check_both_sizes(page, "Términos y condiciones (admin)")

    expect(page.get_by_label("Vigente desde")).to_have_value(lima_today())
    page.get_by_label("Versión", exact=True).fill("1.1")
    page.get_by_label("Resumen de los cambios").fill(SUMMARY)
    page.get_by_label("Texto completo").fill(TEXT)
    page.get_by_role("button", name="Publicar versión").click()
    page.get_by_role("dialog").get_by_role("button", name="Publicar").click()
    expect(page.get_by_role("status").filter(has_text="Se publicó la versión 1.1")).to_be_visible()
    expect(page.get_by_role("cell", name="1.1 (vigente)")).to_be_visible()

    page.get_by_label("Versión", exact=True).fill("1.1")
    page.get_by_label("Resumen de los cambios").fill(SUMMARY)
    page.get_by_label("Texto completo").fill(TEXT)
    page.get_by_role("button", name="Publicar versión").click()
    page.get_by_role("dialog").get_by_role("button", name="Publicar").click()
    expect(page.get_by_text("La versión 1.1 ya fue publicada y no se puede modificar.")
           ).to_be_visible()
    assert [e for e in errors if "409" not in e] == []


def test_the_member_accepts_a_new_version_at_sign_in(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    publish_as_admin(browser, local_stack, contexts)

    context = browser.new_context(base_url=local_stack.url, locale="es-PE",
                                  timezone_id="America/Lima", viewport=LAPTOP, bypass_csp=True)
    context.set_default_timeout(10_000)
    contexts.append(context)
    page = context.new_page()
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/terminos/aceptar$"))
    expect(page.get_by_role("heading", name="Actualizamos nuestros términos")).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    full_text = page.get_by_role("region", name="Texto completo de los términos, versión 1.1")
    expect(full_text).to_contain_text("Libro de Reclamaciones: el usuario puede presentar")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    check_both_sizes(page, "Actualizamos nuestros términos")

    page.goto("/movimientos")
    expect(page).to_have_url(re.compile(r"/terminos/aceptar\?volver=%2Fmovimientos$"))
    page.goto("/terminos/aceptar")
    page.get_by_role("button", name="Acepto").click()
    expect(page).to_have_url(re.compile(r"/inicio$"))
    expect(page.get_by_role("heading", name="Inicio", level=1)).to_be_visible()

    page.goto("/terminos")
    expect(page.get_by_text(f"Última actualización: {lima_today()} · Versión 1.1")).to_be_visible()
    versions = page.get_by_role("region", name="Versiones")
    expect(versions).to_contain_text(SUMMARY)
    expect(versions).to_contain_text("Versión 1.0")
    check_both_sizes(page, "/terminos")

    withdraw_published_terms(local_stack)
    page.reload()
    expect(page.get_by_text("Última actualización: Marzo 2026 · Versión 1.0")).to_be_visible()
