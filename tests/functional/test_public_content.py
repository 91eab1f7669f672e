"""«Tasas y tarifas» and «Contacto» through the API (issue 18): anyone reads them, admins keep
them, everyone else is refused, and a bad edit is a 400 in Spanish that changes nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from dev.public_content import DEMO_CONTACT, DEMO_RATES
from tests.functional.builders import ApiClient
from tests.functional.credit_builders import Person, a_credit_product


def test_anyone_reads_the_rates_with_the_credit_products_as_the_catalogue_keeps_them(
        app: Any, api: ApiClient) -> None:
    a_credit_product("CONSUMO")
    a_credit_product("RETIRADO", name="PTMO. RETIRADO", active=False)
    Person(app, Role.ADMIN).api.put("/api/info/rates", DEMO_RATES)

    answer = api.get("/api/info/rates", csrf=False)
    assert answer.status == 200, answer.json
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    body = answer.json
    assert [product["code"] for product in body["credit_products"]] == ["CONSUMO"]
    catalogue = Person(app, Role.ADMIN).api.get("/api/credit/products").json["items"][0]
    product = body["credit_products"][0]
    for key in ("tea", "insurance_monthly_rate", "min_amount", "max_amount"):
        assert product[key] == catalogue[key]
    assert (product["min_term_months"], product["max_term_months"]) == (
        min(catalogue["terms_months"]), max(catalogue["terms_months"]))
    assert body["rates"][0] == {"group": "ahorros", "concept": "Ahorro a la vista",
                                "rate": "0.0150", "note": "Sin monto mínimo de apertura."}
    assert body["fees"][0]["amount"] == "10.00" and body["version"] == 1
    assert body["updated_at"].endswith("Z")
    assert [group["quoted_as"] for group in body["groups"]] == ["TREA", "TEA", "TREA"]


def test_before_anything_is_kept_the_pages_answer_empty_lists(api: ApiClient) -> None:
    assert api.get("/api/info/contact").json == {"agencies": [], "version": 0,
                                                  "updated_at": None}
    rates = api.get("/api/info/rates").json
    assert (rates["rates"], rates["fees"], rates["credit_products"]) == ([], [], [])


def test_an_admin_changes_a_phone_on_the_version_read_and_it_is_audited(
        app: Any, api: ApiClient) -> None:
    admin = Person(app, Role.ADMIN)
    first = admin.api.put("/api/info/contact", DEMO_CONTACT)
    assert first.status == 200, first.json
    changed = copy.deepcopy(DEMO_CONTACT)
    changed["agencies"][1]["phones"] = ["(073) 555-999"]
    second = admin.api.put("/api/info/contact", {**changed, "version": 1})
    assert second.status == 200 and second.json["version"] == 2

    public = api.get("/api/info/contact").json
    assert public["agencies"][1]["phones"] == ["(073) 555-999"]
    assert public["agencies"][0]["whatsapp"] == "999000101"
    stale = admin.api.put("/api/info/contact", {**DEMO_CONTACT, "version": 1})
    assert stale.status == 409 and stale.error_code == "concurrent_update"
    assert api.get("/api/info/contact").json["agencies"][1]["phones"] == ["(073) 555-999"]
    records = [r for r in AuditModel.scan() if r.action == "info.contact_updated"]
    assert len(records) == 2 and {r.actor_id for r in records} == {admin.id}
    assert {r.target for r in records} == {"public_content:contact"}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OPERATOR])
def test_members_and_operators_may_not_edit(app: Any, role: Role) -> None:
    person = Person(app, role)
    for path, body in (("/api/info/rates", DEMO_RATES), ("/api/info/contact", DEMO_CONTACT)):
        answer = person.api.put(path, body)
        assert answer.status == 403 and answer.error_code == "forbidden", answer.json
    assert person.api.get("/api/info/contact").json["agencies"] == []


def test_nobody_signed_out_edits(api: ApiClient) -> None:
    assert api.put("/api/info/contact", DEMO_CONTACT).status == 401


def test_a_bad_contact_is_refused_in_spanish_field_by_field_and_nothing_changes(app: Any) -> None:
    admin = Person(app, Role.ADMIN)
    admin.api.put("/api/info/contact", DEMO_CONTACT)
    bad = copy.deepcopy(DEMO_CONTACT)
    bad["agencies"][0].update(phones=["llamar al anexo"], whatsapp="01 555 0100",
                              email="no-es-correo", hours="")
    answer = admin.api.put("/api/info/contact", bad)
    assert answer.status == 400 and answer.error_code == "invalid_input"
    fields = answer.json["error"]["fields"]
    assert fields["agencies[0].phones"].startswith("Escribe un teléfono válido")
    assert fields["agencies[0].whatsapp"].startswith("Escribe un celular del Perú")
    assert fields["agencies[0].email"].startswith("Escribe un correo electrónico válido")
    assert fields["agencies[0].hours"] == "Este campo es obligatorio."
    assert answer.json["error"]["message"] == "Revisa los datos de las agencias."
    assert admin.api.get("/api/info/contact").json["version"] == 1


def test_bad_rates_are_refused_in_spanish(app: Any) -> None:
    admin = Person(app, Role.ADMIN)
    bad = copy.deepcopy(DEMO_RATES)
    bad["rates"][0]["rate"] = "3.5"
    bad["rates"][1]["group"] = "bonos"
    bad["fees"][0]["amount"] = "10.005"
    answer = admin.api.put("/api/info/rates", bad)
    assert answer.status == 400
    fields = answer.json["error"]["fields"]
    assert fields["rates[0].rate"].startswith("La tasa se expresa como fracción")
    assert fields["rates[1].group"] == "Elige un grupo: ahorros, plazo fijo o CTS."
    assert fields["fees[0].amount"] == "Admite como máximo 2 decimales."
    assert admin.api.put("/api/info/rates", {**DEMO_RATES, "updated_by": "x"}
                         ).error_code == "read_only_field"
    assert admin.api.put("/api/info/rates", {**DEMO_RATES, "extra": 1}).status == 400
    assert admin.api.get("/api/info/rates").json["rates"] == []


def test_a_stale_session_cookie_does_not_stop_a_public_read(api: ApiClient) -> None:
    api.cookie = "a-session-that-ended-long-ago"
    answer = api.get("/api/info/contact")
    assert answer.status == 200 and "Set-Cookie" not in answer.headers
    assert api.put("/api/info/contact", DEMO_CONTACT).status == 401
