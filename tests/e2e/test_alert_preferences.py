"""«Alertas por correo» (issue 18) through the real local stack: a member turns an alert off in
Configuración, reloads and finds it off, turns it on again; axe on the card at a laptop's and a
phone's size; and the daily alerts job, run now through the local stack's ``POST
/dev/jobs/alerts`` (what its 07:00 schedule does), leaves the demo member's overdue-installment
e-mail in the outbox."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    LAPTOP,
    NOTHING_COVERS,
    LocalStack,
    PageProblems,
    axe_violations,
    mails_to,
    submit_login,
)

pytestmark = pytest.mark.e2e

MEMBER = ("socio2@demo.coopac.pe", "Socio-Demo-2026")
PHONE = {"width": 390, "height": 844}
OVERDUE = "Cuota de préstamo vencida"


def open_alerts(page: Page) -> None:
    page.goto("/login")
    submit_login(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.goto("/configuracion")
    expect(page.get_by_role("heading", name="Alertas por correo")).to_be_visible(timeout=20_000)
    expect(page.get_by_label(OVERDUE)).to_be_visible()


def save(page: Page) -> None:
    page.get_by_role("button", name="Guardar alertas").click()
    expect(page.get_by_text("Tus preferencias de alertas se guardaron.")).to_be_visible()


def test_a_member_turns_an_alert_off_and_it_stays_off_after_a_reload(
        page: Page, problems: PageProblems) -> None:
    open_alerts(page)
    expect(page.get_by_role("group", name="Quiero recibir un correo cuando:")
           .get_by_role("checkbox")).to_have_count(4)
    box = page.get_by_label(OVERDUE)
    expect(box).to_be_checked()
    box.uncheck()
    save(page)
    page.reload()
    expect(page.get_by_label(OVERDUE)).not_to_be_checked()
    expect(page.get_by_label("Nuevo inicio de sesión desde otro navegador")).to_be_checked()
    page.get_by_label(OVERDUE).check()  # as the demo had it
    save(page)
    page.reload()
    expect(page.get_by_label(OVERDUE)).to_be_checked()
    assert problems.unexpected() == [], problems.unexpected()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_alerts_card_passes_axe_and_nothing_covers_it(
        axe_page: Page, viewport: dict[str, int]) -> None:
    axe_page.set_viewport_size(viewport)
    open_alerts(axe_page)
    axe_page.get_by_role("heading", name="Alertas por correo").scroll_into_view_if_needed()
    assert axe_violations(axe_page) == []
    assert axe_page.evaluate(NOTHING_COVERS) == []
    assert axe_page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")


def run_alerts_job(stack: LocalStack) -> dict[str, Any]:
    """``POST /dev/jobs/alerts``: the job runs in the request (tens of seconds on moto)."""
    request = urllib.request.Request(f"{stack.url}/dev/jobs/alerts", method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=180) as response:  # noqa: S310 (local URL)
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def test_the_daily_job_run_now_e_mails_the_demo_member_s_overdue_installment(
        local_stack: LocalStack) -> None:
    assert run_alerts_job(local_stack)["day"]
    # The demo loan's 15th installment fell due five days ago (dev/demo_products.py); the
    # local scheduler may have sent it already at start: either way, one e-mail.
    [mail] = mails_to(local_stack, "socio@demo.coopac.pe", "figura como pendiente")
    assert re.fullmatch(r"Tu cuota venció el \d\d/\d\d/\d{4}", mail["subject"])
    assert "/prestamos" in mail["text"] and "40000001" not in mail["text"]
    again = run_alerts_job(local_stack)
    assert again["sent"] == 0 and again["already_sent"] >= 1
    assert len(mails_to(local_stack, "socio@demo.coopac.pe", "figura como pendiente")) == 1
