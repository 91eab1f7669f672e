"""accounts capability (`/api/accounts`): the member's own products, read-only (docs/design/API.md),
and the requests to change a family-benefit plan's beneficiaries (members ask, staff review).

Every view reads the partition of the DNI in the caller's server-side session; ids in the path
only pick among that member's products.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.accounts import accounts as views
from chalicelib.domain.shared import errors
from chalicelib.domain.shared.clock import lima_today
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.accounts import accounts

blueprint = Blueprint(__name__)

READ = "accounts.read"
CSV_FILENAME = "cuentas-ahorro.csv"


def _dni(request: ApiRequest) -> str:
    dni = request.signed_in.dni
    if not dni:  # a member account always has one; never fall back to the request
        raise errors.NotFound("No hay productos asociados a tu cuenta.")
    return dni


@endpoint(blueprint, "/dashboard", methods=["GET"], permission=READ)
def dashboard(request: ApiRequest) -> dict[str, Any]:
    return accounts.dashboard(_dni(request), lima_today())


@endpoint(blueprint, "/contributions", methods=["GET"], permission=READ)
def contributions(request: ApiRequest) -> dict[str, Any]:
    return accounts.contributions(_dni(request), lima_today())


@endpoint(blueprint, "/savings", methods=["GET"], permission=READ)
def savings(request: ApiRequest) -> dict[str, Any]:
    return accounts.savings(_dni(request))


@endpoint(blueprint, "/savings/export", methods=["GET"], permission=READ)
def savings_export(request: ApiRequest) -> Reply:
    return Reply(raw=accounts.savings_export(_dni(request)), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{CSV_FILENAME}"'})


@endpoint(blueprint, "/savings/{id}/movements", methods=["GET"], permission=READ)
def savings_movements(request: ApiRequest) -> dict[str, Any]:
    page = views.parse_page(request.query)
    return accounts.savings_movements(_dni(request), request.path_params["id"], page)


@endpoint(blueprint, "/fixed-deposits", methods=["GET"], permission=READ)
def fixed_deposits(request: ApiRequest) -> dict[str, Any]:
    return accounts.fixed_deposits(_dni(request))


@endpoint(blueprint, "/movements", methods=["GET"], permission=READ)
def movements(request: ApiRequest) -> dict[str, Any]:
    query = views.parse_movement_query(request.query)
    return accounts.movements(_dni(request), query)


@endpoint(blueprint, "/loans", methods=["GET"], permission=READ)
def loans(request: ApiRequest) -> dict[str, Any]:
    return accounts.loans(_dni(request), lima_today())


@endpoint(blueprint, "/loans/{id}", methods=["GET"], permission=READ)
def loan(request: ApiRequest) -> dict[str, Any]:
    return accounts.loan(_dni(request), request.path_params["id"], lima_today())


@endpoint(blueprint, "/family-benefit", methods=["GET"], permission=READ)
def family_benefit(request: ApiRequest) -> dict[str, Any]:
    return accounts.family_benefit(_dni(request))


@endpoint(blueprint, "/cts", methods=["GET"], permission=READ)
def cts(request: ApiRequest) -> dict[str, Any]:
    return accounts.cts(_dni(request))


# --- beneficiary changes (the member asks; staff review) -----------------------------------


@endpoint(blueprint, "/beneficiary-changes", methods=["POST"],
          permission="accounts.beneficiaries.request")
def submit_beneficiary_change(request: ApiRequest) -> Reply:
    from chalicelib.domain.accounts import beneficiary_requests
    from chalicelib.services.accounts import beneficiary_changes

    form = beneficiary_requests.parse_change_request(request.json())
    return Reply(beneficiary_changes.submit(request.signed_in, form, request.context),
                 status=201)


@endpoint(blueprint, "/beneficiary-changes", methods=["GET"],
          permission="accounts.beneficiaries.read")
def list_beneficiary_changes(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.accounts import beneficiary_requests
    from chalicelib.services.accounts import beneficiary_changes

    return beneficiary_changes.list_changes(
        request.signed_in, beneficiary_requests.parse_list_query(request.query))


@endpoint(blueprint, "/beneficiary-changes/{change_id}", methods=["GET"],
          permission="accounts.beneficiaries.read")
def read_beneficiary_change(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.accounts import beneficiary_changes

    return beneficiary_changes.read(request.signed_in, request.path_params["change_id"],
                                    request.context)


@endpoint(blueprint, "/beneficiary-changes/{change_id}/correction", methods=["POST"],
          permission="accounts.beneficiaries.request")
def correct_beneficiary_change(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.accounts import beneficiary_requests
    from chalicelib.services.accounts import beneficiary_changes

    form = beneficiary_requests.parse_correction_request(request.json())
    return beneficiary_changes.correct(request.signed_in, request.path_params["change_id"],
                                       form, request.context)


@endpoint(blueprint, "/beneficiary-changes/{change_id}/assign", methods=["POST"],
          permission="accounts.beneficiaries.assign")
def assign_beneficiary_change(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.accounts import beneficiary_requests
    from chalicelib.services.accounts import beneficiary_changes

    assignment = beneficiary_requests.parse_assign_request(request.json())
    return beneficiary_changes.assign(request.signed_in, request.path_params["change_id"],
                                      assignment, request.context)


@endpoint(blueprint, "/beneficiary-changes/{change_id}/status", methods=["POST"],
          permission="accounts.beneficiaries.decide")
def decide_beneficiary_change(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.accounts import beneficiary_requests
    from chalicelib.services.accounts import beneficiary_changes

    move = beneficiary_requests.parse_status_change(request.json())
    return beneficiary_changes.change_status(request.signed_in,
                                             request.path_params["change_id"], move,
                                             request.context)
