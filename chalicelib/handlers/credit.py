"""credit capability (``/api/credit``): products, the simulator, applications, staff workflow.

Each route parses its body or query into a typed request (``domain.credit.requests``), lets
``endpoint`` authorize by role, and calls one use case of ``services.credit``.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.credit import requests
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.credit import applications as credit_applications
from chalicelib.services.credit import products as credit_products

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/products", methods=["GET"], permission="credit.products.read")
def list_products(request: ApiRequest) -> dict[str, Any]:
    return credit_products.list_products(request.signed_in)


@endpoint(blueprint, "/products/{code}", methods=["PUT"], permission="credit.products.write")
def put_product(request: ApiRequest) -> dict[str, Any]:
    product = requests.parse_product_request(request.path_params["code"], request.json())
    return credit_products.put_product(request.signed_in, product, request.context)


@endpoint(blueprint, "/simulations", methods=["POST"], permission="credit.simulate")
def simulate(request: ApiRequest) -> dict[str, Any]:
    return credit_products.simulate(requests.parse_simulation(request.json()))


@endpoint(blueprint, "/applications", methods=["POST"], permission="credit.apply")
def submit_application(request: ApiRequest) -> Reply:
    form = requests.parse_application_request(request.json())
    return Reply(credit_applications.submit_application(request.signed_in, form,
                                                        request.context), status=201)


@endpoint(blueprint, "/applications", methods=["GET"], permission="credit.applications.read")
def list_applications(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.list_applications(request.signed_in,
                                                 requests.parse_list_query(request.query))


@endpoint(blueprint, "/applications/queue", methods=["GET"],
          permission="credit.applications.queue")
def application_queue(request: ApiRequest) -> dict[str, Any]:
    """Staff: the unassigned applications of the caller's shared queues (issue 17)."""
    from chalicelib.services.shared import routing

    return routing.application_queue(request.signed_in)


@endpoint(blueprint, "/applications/{application_id}/take", methods=["POST"],
          permission="credit.applications.take")
def take_application(request: ApiRequest) -> dict[str, Any]:
    """An operator of the product's shared queue takes the application (409
    ``already_taken`` if someone did first; 404 for anyone outside the queue)."""
    from chalicelib.services.shared import routing

    return routing.take_application(request.signed_in, request.path_params["application_id"],
                                    request.context)


@endpoint(blueprint, "/applications/{application_id}", methods=["GET"],
          permission="credit.applications.read")
def read_application(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.read_application(
        request.signed_in, request.path_params["application_id"], request.context)


@endpoint(blueprint, "/applications/{application_id}/assign", methods=["POST"],
          permission="credit.applications.assign")
def assign_application(request: ApiRequest) -> dict[str, Any]:
    assignment = requests.parse_assign_request(request.json())
    return credit_applications.assign_application(
        request.signed_in, request.path_params["application_id"], assignment, request.context)


@endpoint(blueprint, "/applications/{application_id}/status", methods=["POST"],
          permission="credit.applications.decide")
def change_status(request: ApiRequest) -> dict[str, Any]:
    move = requests.parse_status_request(request.json())
    return credit_applications.change_status(
        request.signed_in, request.path_params["application_id"], move, request.context)


@endpoint(blueprint, "/applications/{application_id}/observations", methods=["POST"],
          permission="credit.applications.decide")
def add_observation(request: ApiRequest) -> dict[str, Any]:
    note = requests.parse_observation_request(request.json())
    return credit_applications.add_observation(
        request.signed_in, request.path_params["application_id"], note, request.context)


@endpoint(blueprint, "/stats", methods=["GET"], permission="credit.stats")
def credit_stats(request: ApiRequest) -> dict[str, Any]:
    return credit_applications.credit_stats(request.signed_in)


@endpoint(blueprint, "/applications/{application_id}/member-products", methods=["GET"],
          permission="credit.applications.member_products")
def member_products(request: ApiRequest) -> dict[str, Any]:
    """Staff: the products of the applicant, read-only and audited (issue 17)."""
    from chalicelib.services.accounts import case_products

    return case_products.for_application(
        request.signed_in, request.path_params["application_id"], request.context)
