"""Inline details have their own address (issue 16, point 12): Ahorros' «Ver movimientos» is
/ahorros?cuenta=<id> and Préstamos' «Ver detalles» is /prestamos?prestamo=<id>. A reload keeps
the detail open, Back returns to the list without it, an address naming no account or loan of
the member's says so without failing, and at a phone's and a laptop's size the opened detail's
first amount lies on screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import LAPTOP, MEMBER, PageProblems, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["telefono", "laptop"])
MOVEMENTS_HEADING = re.compile(r"^Movimientos de la cuenta")


def signed_in_member(page: Page, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    sign_in(page, MEMBER[0], MEMBER[1])
    expect(page).to_have_url(re.compile(r"/inicio$"))


def open_list(page: Page, path: str, title: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.locator(".money-screen .skeleton-wrap")).to_have_count(0)


def assert_on_screen(page: Page, target: Locator, size: dict[str, int]) -> None:
    """The element's whole box lies inside the viewport (not under the phone's top bar)."""
    expect(target).to_be_visible()
    box = target.bounding_box()
    bar = page.locator(".topbar")
    covered = bar.bounding_box()["height"] if size == PHONE and bar.is_visible() else 0
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
    assert box["y"] >= covered and box["y"] + box["height"] <= size["height"], (box, covered)


def first_movement_amount(page: Page) -> Locator:
    return page.locator(".savings-detail tbody tr").first.locator("td.num").first


@SIZES
def test_an_accounts_movements_survive_a_reload_and_back_closes_them(
        page: Page, problems: PageProblems, size: dict[str, int]) -> None:
    signed_in_member(page, size)
    open_list(page, "/ahorros", "Ahorros")
    page.get_by_role("button", name=re.compile("Ver movimientos de la cuenta")).click()
    expect(page).to_have_url(re.compile(r"/ahorros\?cuenta=[^&]+$"))
    detail_url = page.url
    expect(page.get_by_role("heading", name=MOVEMENTS_HEADING)).to_be_focused()
    assert_on_screen(page, first_movement_amount(page), size)

    page.reload()
    expect(page.get_by_role("heading", name=MOVEMENTS_HEADING)).to_be_focused()
    assert page.url == detail_url
    assert_on_screen(page, first_movement_amount(page), size)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/ahorros$"))
    expect(page.get_by_role("button", name=re.compile("Ver movimientos de la cuenta"))) \
        .to_be_visible()
    expect(page.get_by_role("heading", name=MOVEMENTS_HEADING)).to_have_count(0)
    page.go_forward()
    expect(page.get_by_role("heading", name=MOVEMENTS_HEADING)).to_be_visible()
    assert problems.unexpected() == [], problems.unexpected()


def test_an_address_naming_no_account_of_the_members_says_so(
        page: Page, problems: PageProblems) -> None:
    signed_in_member(page, LAPTOP)
    page.goto("/ahorros?cuenta=no-es-mia")
    detail = page.locator(".savings-detail")
    expect(detail.get_by_text("No encontramos esa cuenta entre tus cuentas de ahorro")) \
        .to_be_visible()
    expect(detail.locator("table")).to_have_count(0)
    expect(page.get_by_role("cell", name="S/ 3,105.97")).to_be_visible()  # the list as usual
    expect(page.locator(".notice-error")).to_have_count(0)
    assert problems.unexpected() == [], problems.unexpected()


@SIZES
def test_a_loans_schedule_survives_a_reload_and_back_or_hiding_closes_it(
        page: Page, problems: PageProblems, size: dict[str, int]) -> None:
    signed_in_member(page, size)
    open_list(page, "/prestamos", "Mis Préstamos")
    loan = page.locator(".loan-card")
    loan.get_by_role("button", name="Ver detalles").click()
    expect(page).to_have_url(re.compile(r"/prestamos\?prestamo=[^&]+$"))
    detail_url = page.url

    page.reload()
    assert page.url == detail_url
    expect(loan.get_by_role("button", name="Ocultar detalles")).to_have_attribute(
        "aria-expanded", "true")
    expect(page.get_by_role("heading", name="Cronograma de pagos")).to_be_focused()
    first_due = loan.locator(".loan-schedule tbody tr").first.locator("td.num").nth(1)
    assert_on_screen(page, first_due, size)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/prestamos$"))
    expect(loan.get_by_role("button", name="Ver detalles")).to_have_attribute(
        "aria-expanded", "false")
    expect(loan.locator(".loan-schedule")).to_be_hidden()

    page.go_forward()
    hide = loan.get_by_role("button", name="Ocultar detalles")
    expect(hide).to_be_visible()
    hide.click()
    expect(page).to_have_url(re.compile(r"/prestamos$"))
    expect(loan.locator(".loan-schedule")).to_be_hidden()
    assert problems.unexpected() == [], problems.unexpected()


def test_an_address_naming_no_loan_of_the_members_shows_the_list_and_says_so(
        page: Page, problems: PageProblems) -> None:
    signed_in_member(page, PHONE)
    page.goto("/prestamos?prestamo=no-es-mio")
    expect(page.get_by_text("No encontramos ese préstamo entre tus créditos activos")) \
        .to_be_visible()
    expect(page.locator(".loan-card").get_by_role("button", name="Ver detalles")).to_be_visible()
    expect(page.locator(".notice-error")).to_have_count(0)
    assert problems.unexpected() == [], problems.unexpected()
