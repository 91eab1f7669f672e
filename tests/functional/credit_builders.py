"""Builders for the credit tests: products in the catalogue, people with their own browser, and
applications sent through the API the way the simulator sends them."""

from __future__ import annotations

import itertools
from typing import Any

from chalice.test import Client

from chalicelib.domain.credit.products import parse_product
from chalicelib.domain.shared.permissions import Role
from dev.credit_products import add_product_if_missing
from tests.functional.builders import ApiClient, a_user, signed_in

STAFF_TOTP = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"

CONSUMO = {
    "name": "PTMO. CONSUMO", "tea": "0.1800", "insurance_monthly_rate": "0.0006",
    "min_amount": "500.00", "max_amount": "30000.00", "terms_months": [6, 12, 24, 36],
    "payment_methods": ["planilla", "ventanilla"], "payroll_day": None,
}


def a_credit_product(code: str = "CONSUMO", **fields: Any) -> dict[str, Any]:
    """A product stored in the catalogue (as the demo seed or an admin would leave it)."""
    product = parse_product(code, {**CONSUMO, **fields})
    add_product_if_missing(product)
    return product.as_dict()


class Person:
    """A user and their own signed-in browser (``person.api``); staff have TOTP enabled."""

    def __init__(self, app: Any, role: Role, **fields: Any) -> None:
        if role is not Role.MEMBER:
            fields.setdefault("totp_secret", STAFF_TOTP)
        self.user = a_user(role, **fields)
        self.api = signed_in(ApiClient(Client(app)), self.user)

    @property
    def id(self) -> str:
        return str(self.user.user_id)

    @property
    def email(self) -> str:
        return str(self.user.email)


def simulation_inputs(**changes: Any) -> dict[str, Any]:
    return {"product_code": "CONSUMO", "amount": "10000", "term_months": 12,
            "payment_method": "planilla", **changes}


def a_credit_cast(app: Any) -> tuple[Person, Person, Person]:
    """A product on offer, and the member Rosa, the operator Óscar and the admin Ada."""
    a_credit_product()
    return (Person(app, Role.MEMBER, first_name="Rosa", last_name="Huamán Quispe"),
            Person(app, Role.OPERATOR, first_name="Óscar", last_name="Paredes"),
            Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"))


_SENT = itertools.count()


def an_application(member: Person, **changes: Any) -> dict[str, Any]:
    """A new application; unless the test names the amount, each asks for S/ 1 more than the
    one before, so it is never refused as identical to one still open."""
    changes.setdefault("amount", str(10000 + next(_SENT)))
    answer = member.api.post("/api/credit/applications", simulation_inputs(**changes))
    assert answer.status == 201, answer.json
    return dict(answer.json)


def assigned(admin: Person, application: dict[str, Any], operator: Person) -> dict[str, Any]:
    answer = admin.api.post(f"/api/credit/applications/{application['id']}/assign",
                            {"operator_id": operator.id})
    assert answer.status == 200, answer.json
    return dict(answer.json)


def moved(staff: Person, application: dict[str, Any], status: str,
          observation: str | None = None) -> dict[str, Any]:
    answer = staff.api.post(f"/api/credit/applications/{application['id']}/status",
                            {"status": status, "observation": observation})
    assert answer.status == 200, answer.json
    return dict(answer.json)


def someone_else_observes_first(monkeypatch: Any, admin: Person, application_id: str) -> None:
    """The next read of the application hands back the version read now, after the admin has
    meanwhile marked it "observed": the caller's write meets a changed version (a real race,
    made deterministic)."""
    from chalicelib.services.credit import applications as service
    from chalicelib.store.credit import credit as store

    read = store.application
    stale = read(application_id)

    def read_then_someone_else_writes(_: str) -> Any:
        monkeypatch.setattr(service.store, "application", read)
        assert admin.api.post(f"/api/credit/applications/{application_id}/status",
                              {"status": "observed", "observation": "Falta DNI."}).status == 200
        return stale

    monkeypatch.setattr(service.store, "application", read_then_someone_else_writes)
