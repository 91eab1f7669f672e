"""«Mis datos» (issue 18) on the real local stack: the demo member asks for the archive in
Configuración, the import worker's poller builds it, the card turns to «Listo» with
«Descargar», and the browser downloads a zip (through the 10-minute presigned link) that holds
the member's profile, products and movements as JSON and CSV. axe-core finds nothing serious on
the card at a laptop's and a phone's size, and nothing covers its heading; the «tu archivo está
listo» e-mail reaches the outbox with a link to Configuración."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    LAPTOP,
    MEMBER,
    NOTHING_COVERS,
    LocalStack,
    axe_violations,
    mails_to,
    sign_in,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def my_data_card(page: Page):
    return page.locator("section#mis-datos")


def test_the_member_asks_for_waits_for_and_downloads_their_data(
        axe_page: Page, local_stack: LocalStack) -> None:
    page = axe_page  # its CSP is bypassed so that axe-core can be injected
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    page.goto("/configuracion")
    card = my_data_card(page)
    expect(card.get_by_role("heading", name="Mis datos")).to_be_visible()

    card.get_by_role("button", name="Descargar mis datos").click()
    expect(card.get_by_role("status")).to_contain_text("Tu archivo está listo", timeout=30_000)
    download_button = card.get_by_role("button", name="Descargar", exact=True)
    expect(download_button).to_be_visible()

    for viewport in (LAPTOP, PHONE):
        page.set_viewport_size(viewport)
        card.scroll_into_view_if_needed()
        assert axe_violations(page) == [], viewport
        assert page.evaluate(NOTHING_COVERS) == [], viewport
    page.set_viewport_size(LAPTOP)

    with page.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    assert re.fullmatch(r"mis-datos-coopac-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    path = download.path()
    assert path is not None
    with open(path, "rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    names = set(archive.namelist())
    assert {"LEEME.txt", "datos.json", "csv/perfil.csv", "csv/productos.csv",
            "csv/movimientos.csv", "csv/auditoria.csv"} <= names
    data = json.loads(archive.read("datos.json"))
    assert data["profile"]["email"] == MEMBER[0]
    assert data["products"] and data["movements"]
    assert any(record["action"] == "data_archive.requested" for record in data["audit"])
    assert archive.read("csv/productos.csv").startswith("\ufeff".encode())

    [mail] = mails_to(local_stack, MEMBER[0], "Descárgalo desde Configuración")[-1:]
    assert "/configuracion" in mail["text"] and "archives/" not in mail["text"]
