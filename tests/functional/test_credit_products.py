"""The credit catalogue and the simulator through the API."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.shared.clock import lima_today
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.credit_builders import (
    CONSUMO,
    Person,
    a_credit_product,
    an_application,
    simulation_inputs,
)


def test_members_see_the_products_they_can_apply_for_and_staff_see_all(app):
    a_credit_product("CONSUMO")
    a_credit_product("RETIRADO", name="PTMO. RETIRADO", active=False)
    member, admin = Person(app, Role.MEMBER), Person(app, Role.ADMIN)

    for_member = member.api.get("/api/credit/products")
    assert for_member.status == 200
    assert [item["code"] for item in for_member.json["items"]] == ["CONSUMO"]
    item = for_member.json["items"][0]
    assert {key: item[key] for key in CONSUMO} == CONSUMO
    assert (item["active"], item["version"]) == (True, 1)
    assert [i["code"] for i in admin.api.get("/api/credit/products").json["items"]] == [
        "CONSUMO", "RETIRADO"]


def test_an_admin_creates_and_edits_a_product_on_the_version_read(app):
    admin = Person(app, Role.ADMIN)
    body = {**CONSUMO, "name": "PTMO. VEHICULAR", "tea": "0.145", "terms_months": [24, 12]}
    created = admin.api.put("/api/credit/products/vehicular", body)
    assert created.status == 200, created.json
    assert (created.json["code"], created.json["tea"], created.json["terms_months"],
            created.json["version"]) == ("VEHICULAR", "0.1450", [12, 24], 1)

    edited = admin.api.put("/api/credit/products/VEHICULAR", {**body, "tea": "0.16",
                                                               "version": 1})
    assert edited.status == 200 and edited.json["tea"] == "0.1600"
    assert edited.json["version"] == 2

    stale = admin.api.put("/api/credit/products/VEHICULAR", {**body, "tea": "0.17",
                                                              "version": 1})
    assert stale.status == 409 and stale.error_code == "concurrent_update"
    assert admin.api.get("/api/credit/products").json["items"][0]["tea"] == "0.1600"
    actions = {record.action for record in AuditModel.scan()}
    assert {"credit.product_created", "credit.product_updated"} <= actions


def test_a_bad_product_gets_field_messages(app):
    admin = Person(app, Role.ADMIN)
    answer = admin.api.put("/api/credit/products/CONSUMO", {
        **CONSUMO, "tea": "13.5", "min_amount": "5000", "max_amount": "100",
        "payment_methods": ["cheque"]})
    assert answer.status == 400 and answer.error_code == "invalid_input"
    assert set(answer.json["error"]["fields"]) == {"tea", "max_amount", "payment_methods"}
    assert admin.api.put("/api/credit/products/a b", CONSUMO).status == 400


def test_only_admins_edit_products(app):
    a_credit_product()
    for role in (Role.MEMBER, Role.OPERATOR):
        answer = Person(app, role).api.put("/api/credit/products/CONSUMO", CONSUMO)
        assert answer.status == 403


def test_editing_a_product_changes_new_simulations_only(app):
    a_credit_product()
    member, admin = Person(app, Role.MEMBER), Person(app, Role.ADMIN)
    application = an_application(member)
    assert admin.api.put("/api/credit/products/CONSUMO",
                         {**CONSUMO, "tea": "0.3000"}).status == 200

    fresh = member.api.post("/api/credit/simulations", simulation_inputs())
    assert fresh.json["tea"] == "0.3000"
    assert fresh.json["installment"] != application["installment"]
    kept = member.api.get(f"/api/credit/applications/{application['id']}").json
    assert (kept["tea"], kept["installment"]) == ("0.1800", application["installment"])


# --- the simulator --------------------------------------------------------------------------


def test_a_member_simulates_a_credit_disbursed_today_in_lima(app):
    a_credit_product()
    member = Person(app, Role.MEMBER)
    answer = member.api.post("/api/credit/simulations", simulation_inputs(
        amount=10000, payment_method="ventanilla"))
    assert answer.status == 200, answer.json
    body = answer.json
    assert body["disbursement_date"] == lima_today().isoformat()
    assert (body["product_code"], body["amount"], body["term_months"], body["tea"]) == (
        "CONSUMO", "10000.00", 12, "0.1800")
    schedule = body["schedule"]
    assert [row["n"] for row in schedule] == list(range(1, 13))
    assert schedule[-1]["balance"] == "0.00"
    assert all(row["total"] == body["installment"] for row in schedule[:-1])
    assert sum(float(row["principal"]) for row in schedule) == 10000.0
    assert float(body["tcea"]) > float(body["tea"])  # the insurance costs too
    assert body["total_payable"] == f"{sum(float(r['total']) for r in schedule):.2f}"
    assert set(schedule[0]) == {"n", "due_date", "days", "principal", "interest", "insurance",
                                "total", "balance"}


def test_bad_simulation_inputs_get_400_with_spanish_field_messages(app):
    a_credit_product()
    member = Person(app, Role.MEMBER)
    too_late = (lima_today() + timedelta(days=400)).isoformat()
    cases = [
        ({"amount": "100"}, "amount"), ({"amount": "999999999"}, "amount"),
        ({"amount": "abc"}, "amount"), ({"amount": -1}, "amount"),
        ({"term_months": 7}, "term_months"), ({"term_months": "x"}, "term_months"),
        ({"payment_method": "tarjeta"}, "payment_method"),
        ({"product_code": "NO_EXISTE"}, "product_code"),
        ({"disbursement_date": "2020-01-01"}, "disbursement_date"),
        ({"disbursement_date": too_late}, "disbursement_date"),
    ]
    for change, field in cases:
        answer = member.api.post("/api/credit/simulations", simulation_inputs(**change))
        assert answer.status == 400, (change, answer.json)
        assert field in answer.json["error"]["fields"], (change, answer.json)
    empty = member.api.post("/api/credit/simulations", {})
    assert set(empty.json["error"]["fields"]) == {"product_code", "amount", "term_months",
                                                  "payment_method"}
    assert member.api.post("/api/credit/simulations", raw=b"{nope").status == 400
    huge = member.api.post("/api/credit/simulations", raw=b'{"amount": 1e999999}')
    assert huge.status == 400


def test_an_inactive_product_cannot_be_simulated(app):
    a_credit_product("RETIRADO", active=False)
    member = Person(app, Role.MEMBER)
    answer = member.api.post("/api/credit/simulations",
                             simulation_inputs(product_code="RETIRADO"))
    assert answer.status == 400 and "product_code" in answer.json["error"]["fields"]


def test_only_members_simulate_and_only_signed_in_users_read_products(app, api):
    a_credit_product()
    assert api.get("/api/credit/products").status == 401
    for role in (Role.OPERATOR, Role.ADMIN):
        answer = Person(app, role).api.post("/api/credit/simulations", simulation_inputs())
        assert answer.status == 403


def test_the_demo_catalogue_loads_once_and_keeps_admin_edits(app):
    from dev.credit_products import DEMO_CREDIT_PRODUCTS, load_demo_credit_products

    assert load_demo_credit_products() == len(DEMO_CREDIT_PRODUCTS)
    admin = Person(app, Role.ADMIN)
    items = {item["code"]: item for item in admin.api.get("/api/credit/products").json["items"]}
    assert items["AMPLIACION_EDUCATIVO"]["name"] == "AMPLIACION PTMO. EDUCATIVO"
    assert items["AMPLIACION_EDUCATIVO"]["tea"] == "0.1350"
    assert len(items) >= 4
    edited = {**DEMO_CREDIT_PRODUCTS["CONSUMO"], "tea": "0.2000"}
    assert admin.api.put("/api/credit/products/CONSUMO", edited).status == 200
    assert load_demo_credit_products() == 0
    items = {item["code"]: item for item in admin.api.get("/api/credit/products").json["items"]}
    assert items["CONSUMO"]["tea"] == "0.2000"
