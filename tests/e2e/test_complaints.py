"""Libro de Reclamaciones virtual (issue 18) in the browser, on the local stack: a visitor
without a session files a reclamo from the public form and sees the sheet (code, date, due date,
«Descargar copia (PDF)»), the copy arrives by e-mail with the PDF attached; an admin assigns it
in «Reclamaciones», the operator answers, and the public status page shows the answer. axe finds
nothing on the new pages at the laptop's and the phone's size.

The helpers (``file_complaint``, ``assign_complaint``, ``answer_complaint``,
``complaint_status``) are meant for the manual walk too."""

from __future__ import annotations

import base64
import io
import re
import uuid

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.e2e.support import (
    ADMIN,
    LAPTOP,
    NOTHING_COVERS,
    OPERATOR,
    TABLES_FIT,
    LocalStack,
    axe_violations,
    demo_user_id,
    mails_to,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"R-\d{4}-\d{6}")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def public_context(browser: Browser, stack: LocalStack, viewport: dict[str, int],
                   contexts: list[BrowserContext]) -> Page:
    """A visitor's page (no session); CSP bypassed only so axe-core can be injected."""
    context = browser.new_context(base_url=stack.url, locale="es-PE", timezone_id="America/Lima",
                                  viewport=viewport, bypass_csp=True)
    context.set_default_timeout(10_000)
    contexts.append(context)
    return context.new_page()


def file_complaint(page: Page, *, email: str, dni: str, kind: str = "Reclamo",
                   amount: str = "150.50") -> str:
    """Fill and send the public form (page already on /libro-de-reclamaciones); returns the
    sheet's code once the screen shows it."""
    page.get_by_label("Nombres y apellidos", exact=True).fill("Rosa Quispe Huamán")
    page.get_by_label("Número de documento", exact=True).fill(dni)
    page.get_by_label("Domicilio", exact=True).fill("Av. Arequipa 123, Cercado de Lima")
    page.get_by_label("Teléfono", exact=True).fill("987 654 321")
    page.get_by_label("Correo electrónico", exact=True).fill(email)
    page.get_by_label("Producto o servicio", exact=True).select_option("ahorros")
    page.get_by_label("Monto reclamado (S/, opcional)").fill(amount)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Detalle", exact=True).fill(
        "Me cobraron una comisión de mantenimiento que no figura en el tarifario de ahorros.")
    page.get_by_label("Pedido", exact=True).fill("Que me devuelvan el cobro.")
    page.get_by_label("Acepto que la respuesta se envíe al correo electrónico indicado.").check()
    page.get_by_role("button", name="Enviar hoja de reclamación").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Hoja de reclamación R-"))
    # the first filing of a function imports fpdf2 (~0.6 s) on a machine others share
    expect(heading).to_be_visible(timeout=20_000)
    found = CODE.search(heading.inner_text())
    assert found
    return found.group(0)


def assign_complaint(page: Page, code: str, operator_id: str) -> None:
    """An admin (signed in) opens the sheet from «Reclamaciones» and assigns it."""
    page.goto("/reclamaciones")
    page.get_by_role("link", name=f"Ver hoja {code}").click()
    expect(page.get_by_role("heading", name=re.compile(rf"{code}$"))).to_be_visible()
    page.get_by_label("Operador").select_option(operator_id)
    page.get_by_role("button", name="Asignar").click()
    expect(page.get_by_text(re.compile(r"^Hoja asignada a "))).to_be_visible()


def answer_complaint(page: Page, code: str, answer: str) -> None:
    """The assigned operator (signed in) answers from its deep link."""
    page.goto(f"/reclamaciones?hoja={code}")
    page.get_by_label("Respuesta al consumidor").fill(answer)
    page.get_by_role("button", name="Enviar respuesta").click()
    page.get_by_role("dialog").get_by_role("button", name="Enviar").click()
    expect(page.get_by_text("Respuesta enviada al consumidor.")).to_be_visible()


def complaint_status(page: Page, code: str, dni: str) -> None:
    """The public status page, asked with the code and the document."""
    page.goto(f"/reclamos/estado?codigo={code}")
    page.get_by_label("DNI o carné de extranjería").fill(dni)
    page.get_by_role("button", name="Consultar").click()


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _clean(page: Page) -> None:
    assert axe_violations(page) == []
    assert page.evaluate(NOTHING_COVERS) == []
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


def test_a_reclamo_from_the_public_form_to_its_answer(browser: Browser, local_stack: LocalStack,
                                                       contexts: list[BrowserContext]) -> None:
    visitor = public_context(browser, local_stack, LAPTOP, contexts)
    visitor.goto("/")
    expect(visitor.get_by_role("contentinfo").get_by_role(
        "link", name="Libro de Reclamaciones")).to_be_visible()
    visitor.get_by_role("contentinfo").get_by_role("link", name="Libro de Reclamaciones").click()
    expect(visitor).to_have_title(re.compile(r"^Libro de Reclamaciones"))
    expect(visitor.get_by_text("Malestar o descontento con la atención recibida")).to_be_visible()
    _clean(visitor)

    email, dni = f"reclamo-{uuid.uuid4().hex[:8]}@example.pe", f"4{uuid.uuid4().int % 10**7:07d}"
    code = file_complaint(visitor, email=email, dni=dni)
    expect(visitor.get_by_text("Fecha límite de respuesta")).to_be_visible()
    _clean(visitor)
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Descargar copia (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"hoja-reclamacion-{code}.pdf"
    path = download.path()
    assert path is not None
    with open(path, "rb") as copy:
        assert code in _pdf_text(copy.read())

    [mail] = mails_to(local_stack, email, code)
    [attached] = mail["attachments"]
    assert attached["content_type"] == "application/pdf"
    assert "Rosa Quispe" in _pdf_text(base64.b64decode(attached["data"]))

    admin_context, admin, _ = staff_context(browser, local_stack, bypass_csp=True)
    contexts.append(admin_context)
    sign_in_with_totp(admin, *ADMIN)
    admin.goto("/reclamaciones")
    row = admin.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(re.compile(r"Vence en \d+ días? hábil"))
    _clean(admin)
    assert admin.evaluate(TABLES_FIT) == []
    assign_complaint(admin, code, demo_user_id(OPERATOR[0]))
    _clean(admin)

    operator_context, operator, _ = staff_context(browser, local_stack, bypass_csp=True)
    contexts.append(operator_context)
    sign_in_with_totp(operator, *OPERATOR)
    operator.goto("/reclamaciones")
    expect(operator.get_by_role("link", name=f"Ver hoja {code}")).to_be_visible()
    answer = "Revisamos el cobro: fue un error y lo devolvimos a tu cuenta de ahorros."
    answer_complaint(operator, code, answer)
    _clean(operator)
    operator.set_viewport_size(PHONE)
    operator.goto("/reclamaciones?estado=respondidas")
    expect(operator.get_by_role("link", name=f"Ver hoja {code}")).to_be_visible()
    _clean(operator)
    operator.get_by_role("link", name=f"Ver hoja {code}").click()
    expect(operator.get_by_text(answer)).to_be_visible()
    _clean(operator)

    complaint_status(visitor, code, "40000000" if dni != "40000000" else "40000001")
    expect(visitor.get_by_text("No encontramos una hoja con ese código y documento")
           ).to_be_visible()
    complaint_status(visitor, code, dni)
    result = visitor.locator(".complaint-result")
    expect(result).to_contain_text("Respondido")
    expect(result).to_contain_text(answer)
    _clean(visitor)
    assert mails_to(local_stack, email, answer)


@pytest.mark.parametrize("path", ["/libro-de-reclamaciones", "/reclamos/estado"])
def test_the_public_pages_on_a_phone(browser: Browser, local_stack: LocalStack,
                                     contexts: list[BrowserContext], path: str) -> None:
    phone = public_context(browser, local_stack, PHONE, contexts)
    phone.goto(path)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _clean(phone)
    send = re.compile(r"^(Enviar hoja de reclamación|Consultar)$")
    phone.get_by_role("button", name=send).click()
    expect(phone.locator(".field-error:visible").first).to_be_visible()
    _clean(phone)

