"""The admin screens in the real stack (docs/design/API.md "admin", issue 8): the super_admin signs
in with TOTP once and, on Usuarios, finds the demo operator by e-mail (and the demo member by part
of hers), invites a new operator (the e-mail lands in /dev/outbox), deactivates and reactivates them
after the confirmation dialog and unlocks the demo operator; Auditoría shows the sign-in and those
actions and exports the CSV; Importaciones, under the site's real CSP (which allows the imports
bucket's origin), sends a CSV straight to the bucket with the presigned POST form and follows the
run to "Completada" with its rejected line and the history, and a file over the form's 50 MB is
refused by the storage itself (the local stack checks the form's policy in front of moto, as S3
does); Productos edits a TEA and sees it saved. axe-core on the four screens. A member and an
operator are refused."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.e2e.support import (
    ADMIN,
    MEMBER,
    OPERATOR,
    LocalStack,
    axe_violations,
    mails_to,
    sign_in,
    sign_in_with_totp,
    staff_context,
)

pytestmark = pytest.mark.e2e

CSV = ("dni,first_name,last_name,birth_date,status\r\n"
       "49990001,Ana,Prueba Importación,1990-05-01,active\r\n"
       "123,Beto,Fila Mala,1990-05-01,active\r\n")


@pytest.fixture
def admin_backend(local_stack: LocalStack) -> None:
    status, _ = local_stack.api("GET", "/api/admin/users")
    if status == 404:
        pytest.fail("GET /api/admin/users answered 404: the admin routes are missing.")


def confirm(page: Page, title: str, button: str | None = None) -> None:
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button or title, exact=True).click()
    expect(dialog).to_have_count(0)


def test_the_admin_manages_users_audit_imports_and_products(
        browser: Browser, local_stack: LocalStack, admin_backend: None, tmp_path: Path) -> None:
    started = time.monotonic()
    stamp = str(int(time.time() * 1000))[-8:]
    new_email = f"e2e.operador.{stamp}@demo.coopac.pe"
    context, page, errors = staff_context(browser, local_stack, bypass_csp=True)
    strict_context = None
    try:
        sign_in_with_totp(page, *ADMIN)
        expect(page.locator(".page-subtitle")).to_have_text(  # today, said as today
            re.compile(r"^Hoy, [0-9]{2} [A-Z][a-z]+ [0-9]{4} · Resumen de solicitudes de crédito$"))
        admin_figures = page.get_by_role("region", name="Administración")
        expect(admin_figures).to_contain_text("Socios registrados")
        expect(admin_figures).to_contain_text("Tickets abiertos")
        open_tickets = admin_figures.locator(".stat-card", has_text="Tickets abiertos")
        expect(open_tickets.get_by_role("link", name="Ver los tickets")).to_have_attribute(
            "href", "/mensajes")

        # ── Usuarios: search, invite, deactivate / reactivate, unlock ──────────────────────
        # The screen's first, unfiltered list is held back while the user searches: the screen
        # must abort it, so that its late answer never replaces the search's rows (it once
        # closed the row's menu under the user's pointer).
        held: list[Route] = []

        def hold_unfiltered_list(route: Route) -> None:
            if "q=" in route.request.url or held:
                route.continue_()
            else:
                held.append(route)

        def unfiltered_list(request: Request) -> bool:
            return "/api/admin/users?" in request.url and "q=" not in request.url

        page.route("**/api/admin/users?*", hold_unfiltered_list)
        page.goto("/usuarios")
        expect(page).to_have_title(re.compile(r"^Usuarios · COOPAC PETROPERÚ"))
        search = page.get_by_label("Buscar por nombre, correo o DNI")
        search.fill("operador2@demo.coopac.pe")
        with page.expect_event("requestfailed", unfiltered_list) as aborted:
            page.get_by_role("button", name="Buscar", exact=True).click()
        row = page.get_by_role("row").filter(has_text="operador2@demo.coopac.pe")
        expect(row).to_contain_text("Lucía Salazar Díaz")
        assert [route.request for route in held] == [aborted.value]
        page.unroute("**/api/admin/users?*")
        expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)
        expect(row).to_contain_text("Operador")
        expect(row).to_contain_text("Activo")
        row.locator("summary", has_text="Acciones").click()
        expect(row.get_by_role("button", name=re.compile(r"^Restablecer 2FA"))).to_be_visible()
        expect(row.get_by_role("button", name=re.compile(r"^Desbloquear"))).to_be_visible()
        expect(row.get_by_role("button", name=re.compile(r"^Enviar enlace de contraseña"))
               ).to_be_visible()  # staff recover a password only this way (issue 14)
        assert axe_violations(page) == []
        row.get_by_role("button", name=re.compile(r"^Desbloquear")).click()
        confirm(page, "Desbloquear usuario", "Desbloquear")
        expect(page.get_by_text("Se desbloqueó la cuenta de Lucía Salazar Díaz.")).to_be_visible()

        form = page.get_by_role("form", name="Nuevo usuario del personal")
        form.get_by_label("Nombres").fill("Prueba")
        form.get_by_label("Apellidos").fill(f"Navegador {stamp}")
        form.get_by_label("Correo electrónico").fill(new_email)
        expect(form.get_by_label("Rol").locator("option")).to_have_text(
            ["Operador", "Administrador", "Superadministrador"])
        form.get_by_label("Rol").select_option("operator")
        form.get_by_role("button", name="Enviar invitación").click()
        expect(page.get_by_text(f"Se envió la invitación a {new_email}.")).to_be_visible()
        assert mails_to(local_stack, new_email, "/restablecer?token=")

        new_row = page.get_by_role("row").filter(has_text=new_email)
        expect(new_row).to_contain_text("Invitado")
        new_row.locator("summary", has_text="Acciones").click()
        new_row.get_by_role("button", name=re.compile(r"^Desactivar usuario")).click()
        confirm(page, "Desactivar usuario")
        expect(new_row).to_contain_text("Inactivo")
        new_row.locator("summary", has_text="Acciones").click()
        new_row.get_by_role("button", name=re.compile(r"^Reactivar usuario")).click()
        confirm(page, "Reactivar usuario")
        expect(new_row).to_contain_text("Invitado")
        new_row.locator("summary", has_text="Acciones").click()
        deactivate = new_row.get_by_role("button", name=re.compile(r"^Desactivar usuario"))
        expect(deactivate).to_be_visible()

        # one's own account has no actions (cannot_change_self is the API's second lock)
        search.fill(ADMIN[0])
        page.get_by_role("button", name="Buscar", exact=True).click()
        expect(page.get_by_role("row").filter(has_text=ADMIN[0])).to_contain_text("Tu cuenta")

        # part of an e-mail finds the account (issue 16): «socio@demo» is the demo member's
        expect(page.get_by_text("parte del correo (por ejemplo «quispe@»)")).to_be_visible()
        search.fill("socio@demo")
        page.get_by_role("button", name="Buscar", exact=True).click()
        member_row = page.get_by_role("row").filter(has_text=MEMBER[0])
        expect(member_row).to_contain_text("María Elena Quispe Rojas")
        expect(member_row).to_contain_text("Socio")
        expect(page.get_by_role("row").filter(has_text="socio2@demo.coopac.pe")).to_have_count(0)
        # a page that found nobody yet but reads on (a filtered search, stubbed here) says so
        def goes_on(url: str) -> bool:
            return "/api/admin/users?" in url and "q=zz.zz" in url

        page.route(goes_on, lambda route: route.fulfill(json={"items": [], "next_cursor": "c"}))
        search.fill("zz.zz")
        page.get_by_role("button", name="Buscar", exact=True).click()
        expect(page.get_by_text("Aún no hay coincidencias entre los usuarios revisados."
                                " Pulsa «Cargar más» para seguir buscando.")).to_be_visible()
        expect(page.get_by_role("button", name="Cargar más")).to_be_visible()
        page.unroute(goes_on)

        # ── Auditoría: the sign-in and the user actions; CSV export ────────────────────────
        page.goto("/auditoria")
        page.get_by_label("Actor (correo o ID)").fill(ADMIN[0])
        page.get_by_role("button", name="Filtrar").click()
        table = page.get_by_role("region", name="Registros de auditoría")
        expect(table).to_contain_text("Creación de usuario")
        expect(table).to_contain_text("Cambio de rol o estado")
        expect(table).to_contain_text("Desbloqueo de usuario")
        sign_ins = re.compile(r"Inicio de sesión|Verificación en dos pasos")
        expect(table.get_by_role("row").filter(has_text=sign_ins).first).to_be_visible()
        created = table.get_by_role("row").filter(has_text="Creación de usuario").first
        expect(created).to_contain_text("Éxito")
        # people by name and e-mail, never by a shortened id
        expect(created).to_contain_text(ADMIN[0])
        expect(created).to_contain_text(f"({new_email})")
        expect(created).not_to_contain_text("…")
        expect(table).to_contain_text(re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d"))
        assert axe_violations(page) == []
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Exportar CSV").click()
        download = download_info.value
        assert re.fullmatch(r"auditoria-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv",
                            download.suggested_filename)
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = saved.read_text(encoding="utf-8-sig")
        assert text.startswith("at,actor_id,role,action,target,outcome,ip,user_agent")
        assert "admin.user_create" in text

        # ── Importaciones: the browser, under the real CSP, POSTs the CSV to the bucket ─────
        strict_context, strict, strict_errors = staff_context(browser, local_stack)
        strict_context.add_cookies(context.cookies())  # type: ignore[arg-type]
        strict.goto("/importaciones")
        strict.get_by_label("Tipo de archivo").select_option(label="Padrón de socios")
        strict.get_by_label("Archivo CSV").set_input_files(
            files={"name": "padron.csv", "mimeType": "text/csv", "buffer": CSV.encode()})
        strict.get_by_role("button", name="Importar archivo").click()
        current = strict.locator(".admin-current")
        expect(current).to_contain_text("Archivo «padron.csv» enviado")
        expect(current).to_contain_text("Completada", timeout=15_000)
        expect(current.get_by_role("progressbar")).to_have_attribute("value", "100")
        expect(current).to_contain_text("Rechazadas: 1")
        rejected = current.get_by_role("region", name="Líneas rechazadas")
        expect(rejected.get_by_role("row").filter(has_text="dni")).to_contain_text("3")
        history = strict.get_by_role("region", name="Historial de importaciones")
        expect(history.get_by_role("row").filter(has_text="(tú)").first).to_contain_text(
            "Padrón de socios")
        assert strict_errors == []
        # the same import, opened by its link, on the page axe-core can inspect
        import_id = strict.evaluate("""async () => (await (await fetch('/api/admin/imports',
            {headers: {'X-Requested-With': 'fetch'}})).json()).items[0].id""")
        page.goto(f"/importaciones?importacion={import_id}")
        expect(page.locator(".admin-current")).to_contain_text("Completada")
        assert axe_violations(page) == []
        # a file one byte over the form's limit, sent with the form as the screen does (the
        # screen itself refuses it before sending): the storage refuses it
        refused = strict.evaluate("""async () => {
            const started = await (await fetch('/api/admin/imports', {method: 'POST',
              headers: {'X-Requested-With': 'fetch', 'Content-Type': 'application/json'},
              body: JSON.stringify({kind: 'members'})})).json();
            const form = new FormData();
            for (const [name, value] of Object.entries(started.upload_fields)) {
              form.append(name, value);
            }
            form.append('file', new Blob([new Uint8Array(started.max_bytes + 1)],
              {type: 'text/csv'}), 'grande.csv');
            const answer = await fetch(started.upload_url, {method: 'POST', body: form});
            return {status: answer.status, body: await answer.text()};
        }""")
        assert refused["status"] == 400 and "<Code>EntityTooLarge</Code>" in refused["body"]
        assert [e for e in strict_errors if "status of 400" not in e] == [], "CSP or CORS"

        # ── Productos: edit a TEA, see it saved, put it back ───────────────────────────────
        page.goto("/productos")
        note = page.get_by_text("Los cambios se aplican solo a nuevas simulaciones")
        expect(note).to_be_visible()
        product = page.get_by_role("form", name="Editar producto PTMO. EMERGENCIA")
        tea = product.get_by_label("TEA (%)")
        expect(tea).to_have_value("22.00")
        assert axe_violations(page) == []
        tea.fill("22.75")
        product.get_by_role("button", name="Guardar cambios").click()
        expect(page.get_by_text("Cambios guardados: PTMO. EMERGENCIA, TEA 22.75%.")).to_be_visible()
        page.reload()
        product = page.get_by_role("form", name="Editar producto PTMO. EMERGENCIA")
        expect(product.get_by_label("TEA (%)")).to_have_value("22.75")
        product.get_by_label("TEA (%)").fill("abc")
        product.get_by_role("button", name="Guardar cambios").click()
        expect(product.get_by_text("Escribe la TEA en porcentaje")).to_be_visible()
        product.get_by_label("TEA (%)").fill("22.00")
        product.get_by_role("button", name="Guardar cambios").click()
        expect(page.get_by_text("Cambios guardados: PTMO. EMERGENCIA, TEA 22.00%.")).to_be_visible()

        assert errors == []
    finally:
        if strict_context is not None:
            strict_context.close()
        context.close()
    assert time.monotonic() - started < 60


def test_members_and_operators_are_refused(page: Page, browser: Browser,
                                           local_stack: LocalStack, admin_backend: None) -> None:
    sign_in(page, *MEMBER)
    expect(page).to_have_url(re.compile(r"/inicio$"))
    for path in ("/usuarios", "/auditoria"):
        page.goto(path)
        expect(page.get_by_role("heading", name="Sin acceso")).to_be_visible()
    status = page.evaluate("""async () => (await fetch('/api/admin/users',
        {headers: {'X-Requested-With': 'fetch'}})).status""")
    assert status == 403

    context, op_page, _ = staff_context(browser, local_stack)
    try:
        sign_in_with_totp(op_page, *OPERATOR)
        op_page.goto("/usuarios")
        expect(op_page.get_by_role("heading", name="Sin acceso")).to_be_visible()
        expect(op_page.get_by_role("link", name="Usuarios")).to_have_count(0)
    finally:
        context.close()
