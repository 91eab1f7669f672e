"""A family plan whose annual payment is not 12 monthly fees is refused whole (docs/imports.md)."""

from __future__ import annotations

import json

from chalicelib.domain.shared.products import product_id
from chalicelib.store.accounts import member_products
from tests.functional.accounts_builders import errors_of, load
from tests.product_rows import a_family_plan


def test_a_plan_whose_annual_payment_is_not_twelve_fees_is_not_written(aws):
    bad = a_family_plan("40000001")
    bad[1] = {**bad[1], "annual_payment": "300.00"}
    good = a_family_plan("40000002")
    run = load("family_benefit", bad + good)

    assert (run.status, run.rows_total, run.rows_loaded, run.rows_rejected) == (
        "completed", 8, 4, 4)
    assert errors_of(run) == [(3, "annual_payment"), (2, "plan_number")]
    errors = json.loads(run.errors)
    assert errors[0]["message"] == "El pago anual debe ser 12 cuotas mensuales: S/ 360.00."
    assert "2 a 5" in errors[1]["message"]
    assert member_products.products_of("40000001", "family_benefit") == []
    [plan] = member_products.products_of("40000002", "family_benefit")
    assert plan.product_id == product_id("family_benefit", "0900000201")
    assert (plan.data["monthly_fee"], plan.data["annual_payment"]) == ("30.00", "360.00")
