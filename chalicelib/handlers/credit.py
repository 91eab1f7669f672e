"""credit capability (``/api/credit``): products, the simulator, applications, staff workflow."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.credit import applications as credit_applications
from chalicelib.services.credit import products as credit_products

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/products", methods=["GET"], permission="credit.products.read")
def list_products(request: ApiRequest) -> dict[str, Any]:
    return credit_products.list_products(request.signed_in)


@endpoint(blueprint, "/products/{code}", methods=["PUT"], permission="credit.products.write")
def put_product(request: ApiRequest) -> dict[str, Any]:
    return credit_products.put_product(request.signed_in, request.path_params["code"],
                                       request.json(), request.context)


@endpoint(blueprint, "/simulations", methods=["POST"], permission="credit.simulate")
def simulate(request: ApiRequest) -> dict[str, Any]:
    return credit_products.simulate(request.json())


@endpoint(blueprint, "/applications", methods=["POST"], permission="credit.apply")
def submit_application(request: ApiRequest) -> Reply:
    return Reply(credit_applications.submit_application(request.signed_in, request.json(),
                                                        request.context), status=201)


@endpoint(blueprint, "/applications", methods=["GET"], permission="credit.applications.read")
def list_applications(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.list_applications(request.signed_in, request.query)


@endpoint(blueprint, "/applications/{application_id}", methods=["GET"],
          permission="credit.applications.read")
def read_application(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.read_application(
        request.signed_in, request.path_params["application_id"], request.context)


@endpoint(blueprint, "/applications/{application_id}/assign", methods=["POST"],
          permission="credit.applications.assign")
def assign_application(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.assign_application(
        request.signed_in, request.path_params["application_id"], request.json(),
        request.context)


@endpoint(blueprint, "/applications/{application_id}/status", methods=["POST"],
          permission="credit.applications.decide")
def change_status(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.change_status(
        request.signed_in, request.path_params["application_id"], request.json(),
        request.context)


@endpoint(blueprint, "/applications/{application_id}/observations", methods=["POST"],
          permission="credit.applications.decide")
def add_observation(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.add_observation(
        request.signed_in, request.path_params["application_id"], request.json(),
        request.context)


@endpoint(blueprint, "/stats", methods=["GET"], permission="credit.stats")
def credit_stats(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.credit_stats(request.signed_in)
