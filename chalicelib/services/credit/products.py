"""Use cases of the credit catalogue: list products, save one (admins), simulate a credit.

A simulation always uses the product as it is now; an application keeps its own copy of the
simulation, so editing a product changes new simulations only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from chalicelib.domain.credit import products as rules
from chalicelib.domain.credit.products import CatalogueEntry, CreditProduct, SimulationRequest
from chalicelib.domain.credit.requests import ProductRequest, parse_simulation
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.credit import credit as store
from chalicelib.store.shared import conflicts


def _view(entry: CatalogueEntry) -> dict[str, Any]:
    return {**entry.product.as_dict(), "version": entry.version or 0,
            "updated_at": entry.updated_at}


def list_products(principal: Principal) -> dict[str, Any]:
    """The catalogue: members see the products they can apply for; staff see all."""
    entries = store.catalogue_entries()
    if principal.role is Role.MEMBER:
        entries = [entry for entry in entries if entry.product.active]
    return {"items": [_view(entry) for entry in entries], "next_cursor": None}


def put_product(principal: Principal, request: ProductRequest,
                context: RequestContext) -> dict[str, Any]:
    """Create or replace a product (admins). ``version``, when sent, must be the one the admin
    read (else 409 ``concurrent_update``); the write is always conditioned on the version read
    here, so two admins saving at once never silently overwrite each other."""
    product, expected = request.product, request.expected_version
    current = store.catalogue_entry(product.code)
    if current is not None and expected is not None and expected != (current.version or 0):
        raise conflicts.concurrent_update()
    before = current.stored if current is not None else {}
    data = {key: value for key, value in product.as_dict().items() if key != "code"}
    saved = store.save_catalogue_entry(
        product.code, data, read_version=current.version if current is not None else None,
        updated_at=iso_instant(utc_now()), updated_by=principal.user_id)
    changed = sorted(key for key, value in data.items() if before.get(key) != value)
    audit.record(action="credit.product_updated" if current is not None
                 else "credit.product_created",
                 outcome="success", context=context, principal=principal,
                 target=f"credit_product:{product.code}",
                 details={"changed": ",".join(changed), "tea": data["tea"]})
    return _view(saved)


def current_product(code: str) -> CreditProduct:
    """The product a simulation uses; unknown or inactive ones are a field error."""
    entry = store.catalogue_entry(code)
    if entry is None:
        raise rules.unknown_product()
    return entry.product


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
