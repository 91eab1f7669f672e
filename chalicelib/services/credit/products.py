"""Use cases of the credit catalogue: list products, save one (admins), simulate a credit.

A simulation always uses the product as it is now; an application keeps its own copy of the
simulation, so editing a product changes new simulations only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from chalicelib.domain.credit import products as rules
from chalicelib.domain.credit.products import CreditProduct, SimulationRequest
from chalicelib.domain.credit.requests import ProductRequest, parse_simulation
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.credit import credit as store
from chalicelib.store.shared import conflicts
from chalicelib.store.shared.models import CreditProductModel


def _product(model: CreditProductModel) -> CreditProduct:
    return rules.product_from_dict(model.code, json.loads(model.data))


def _view(model: CreditProductModel) -> dict[str, Any]:
    return {**_product(model).as_dict(), "version": int(model.version or 0),
            "updated_at": model.updated_at}


def list_products(principal: Principal) -> dict[str, Any]:
    """The catalogue: members see the products they can apply for; staff see all."""
    models = store.catalogue()
    if principal.role is Role.MEMBER:
        models = [model for model in models if _product(model).active]
    return {"items": [_view(model) for model in models], "next_cursor": None}


def put_product(principal: Principal, request: ProductRequest,
                context: RequestContext) -> dict[str, Any]:
    """Create or replace a product (admins). ``version``, when sent, must be the one the admin
    read (else 409 ``concurrent_update``); the write is always conditioned on the version read
    here, so two admins saving at once never silently overwrite each other."""
    product, expected = request.product, request.expected_version
    model = store.product(product.code)
    created = model is None
    if model is None:
        model = CreditProductModel(code=product.code)
    elif expected is not None and expected != int(model.version or 0):
        raise conflicts.concurrent_update()
    before = json.loads(model.data) if not created else {}
    data = {key: value for key, value in product.as_dict().items() if key != "code"}
    model.data = json.dumps(data, ensure_ascii=False)
    model.updated_at = iso_instant(utc_now())
    model.updated_by = principal.user_id
    store.save_product(model)
    changed = sorted(key for key, value in data.items() if before.get(key) != value)
    audit.record(action="credit.product_created" if created else "credit.product_updated",
                 outcome="success", context=context, principal=principal,
                 target=f"credit_product:{product.code}",
                 details={"changed": ",".join(changed), "tea": data["tea"]})
    return _view(model)


def current_product(code: str) -> CreditProduct:
    """The product a simulation uses; unknown or inactive ones are a field error."""
    model = store.product(code)
    if model is None:
        raise rules.unknown_product()
    return _product(model)


def run_simulation(payload: Mapping[str, Any], today: date | None = None
                   ) -> tuple[SimulationRequest, CreditProduct, dict[str, Any]]:
    """Parse, check against the product, compute: the inputs, the product and the API view
    (for callers off the HTTP edge, such as the reports, that hold a raw simulation)."""
    request = parse_simulation(payload, today)
    product, view = simulation_of(request)
    return request, product, view


def simulation_of(request: SimulationRequest) -> tuple[CreditProduct, dict[str, Any]]:
    """Check parsed inputs against the product as it is now and compute: the product and the
    API view."""
    product = current_product(request.product_code)
    rules.check_against_product(request, product)
    return product, rules.simulation_view(request, product, rules.simulate(request, product))


def simulate(request: SimulationRequest) -> dict[str, Any]:
    """``POST /api/credit/simulations``: the amortization table of the member's inputs."""
    return simulation_of(request)[1]
