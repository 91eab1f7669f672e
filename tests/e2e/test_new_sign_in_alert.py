"""Issue 18, the «nuevo inicio de sesión» alert in Chromium: the demo member signs in on a laptop,
then from a phone that never signed in (a fresh browser context); the account's mailbox gets the
alert naming the phone, and its «Cierra esa sesión» link, opened on the laptop without any
further sign-in, ends the phone's session after a confirmation and nothing else; the link works
once. The page passes axe at the laptop's and the phone's sizes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.support import (
    IPHONE_DEVICE,
    IPHONE_USER_AGENT,
    MEMBER,
    LocalStack,
    axe_violations,
    sign_in,
    sign_in_alert_link,
)

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 850}
PHONE = {"width": 390, "height": 844}
CONFIRM = "Sí, cerrar esa sesión"
HEADING = "¿No fuiste tú? Cierra esa sesión"


def a_browser(browser: Browser, stack: LocalStack, contexts: list[BrowserContext],
              viewport: dict[str, int], user_agent: str | None = None) -> Page:
    """A fresh browser (no cookies at all); its CSP is bypassed only so axe can be injected."""
    options: dict[str, Any] = {"base_url": stack.url, "locale": "es-PE",
                               "timezone_id": "America/Lima", "viewport": viewport,
                               "bypass_csp": True}
    if user_agent:
        options["user_agent"] = user_agent
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    contexts.append(context)
    return context.new_page()


def signed_in(page: Page) -> None:
    email, password = MEMBER
    sign_in(page, email, password)
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def session_status(page: Page) -> int:
    return page.request.get("/api/auth/session").status


def test_the_alert_s_link_ends_the_new_browser_s_session_and_only_it(
        browser: Browser, local_stack: LocalStack, contexts: list[BrowserContext]) -> None:
    laptop = a_browser(browser, local_stack, contexts, LAPTOP)
    signed_in(laptop)
    phone = a_browser(browser, local_stack, contexts, PHONE, IPHONE_USER_AGENT)
    signed_in(phone)
    assert session_status(phone) == 200

    link = sign_in_alert_link(local_stack, MEMBER[0], IPHONE_DEVICE)
    laptop.goto(link)
    expect(laptop.get_by_role("heading", name=HEADING, level=1)).to_be_visible()
    expect(laptop).to_have_url(re.compile(r"/cerrar-sesion$"))  # the token leaves the URL
    assert axe_violations(laptop) == []
    assert session_status(phone) == 200  # opening the link changes nothing
    laptop.get_by_role("button", name=CONFIRM).click()
    expect(laptop.get_by_text("Cerramos esa sesión.")).to_be_visible()
    expect(laptop.get_by_role("link", name="Cambiar mi contraseña")).to_have_attribute(
        "href", "/configuracion")  # signed in here: Configuración changes it
    assert axe_violations(laptop) == []
    assert session_status(phone) == 401
    assert session_status(laptop) == 200

    laptop.goto(link)
    laptop.get_by_role("button", name=CONFIRM).click()
    expect(laptop.get_by_text("El enlace o código no es válido")).to_be_visible()
    assert session_status(laptop) == 200


def test_the_end_session_page_on_a_phone(browser: Browser, local_stack: LocalStack,
                                         contexts: list[BrowserContext]) -> None:
    phone = a_browser(browser, local_stack, contexts, PHONE)
    phone.goto("/cerrar-sesion?token=un-enlace-de-prueba")
    expect(phone.get_by_role("button", name=CONFIRM)).to_be_visible()
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name=CONFIRM).click()
    expect(phone.get_by_text("El enlace o código no es válido")).to_be_visible()
    assert axe_violations(phone) == []
    phone.goto("/cerrar-sesion")
    expect(phone.get_by_text("El enlace no es válido")).to_be_visible()
    expect(phone.get_by_role("link", name="Cambiar mi contraseña")).to_have_attribute(
        "href", "/recuperar")  # not signed in: a reset link
    assert axe_violations(phone) == []
