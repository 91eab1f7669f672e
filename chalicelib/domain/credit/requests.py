"""The credit routes' requests, parsed at the HTTP edge into typed values; each parse refuses
server-owned fields and bad input with 400, in the order the routes always checked them.

Two checks stay with the use case because they come after the application is found (a body's
problem never hides the 404 of an application the caller may not see): the operator an
assignment names (``AssignRequest.operator_id`` is ``None`` when it is no id at all) and the
product a simulation names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.credit import applications as rules
from chalicelib.domain.credit import products
from chalicelib.domain.credit.applications import Status, StatusChange
from chalicelib.domain.credit.products import CreditProduct, SimulationRequest
from chalicelib.domain.shared.case_waiting import WaitingFilter, parse_waiting_filter
from chalicelib.domain.shared.clock import lima_today
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    FieldProblem,
    integer_value,
    parse_limit,
    text_value,
)

MAX_OPERATOR_ID_LENGTH = 64

StatusRequest = StatusChange
"""``POST .../status``: the target state and the observation (``domain.credit.applications``)."""


@dataclass(frozen=True)
class ApplicationRequest:
    """A member's application: the inputs of the simulation it is made from."""

    simulation: SimulationRequest


@dataclass(frozen=True)
class ListQuery:
    status: Status | None
    limit: int
    cursor: str | None
    assignee: str
    """Only an admin's list reads it (checked there): others always see their own."""
    product: str | None = None
    """``?product=``: one credit type (product code), for the staff's lists."""
    waiting: WaitingFilter | None = None
    """``?waiting=``: more than N hours waiting for the staff, or overdue."""


@dataclass(frozen=True)
class AssignRequest:
    operator_id: str | None
    """``None``: the body names no usable id (refused once the application is found)."""


@dataclass(frozen=True)
class ObservationRequest:
    text: str


@dataclass(frozen=True)
class ProductRequest:
    """An admin's product and the ``version`` they read (``None``: not sent)."""

    product: CreditProduct
    expected_version: int | None


def parse_application_request(data: Mapping[str, Any],
                              today: date | None = None) -> ApplicationRequest:
    """Server-owned fields first (400 ``read_only_field``), then the simulation's inputs."""
    rules.refuse_server_owned(dict(data))
    return ApplicationRequest(simulation=parse_simulation(data, today))


def parse_simulation(data: Mapping[str, Any], today: date | None = None) -> SimulationRequest:
    """``today`` is Lima's (the earliest disbursement date) unless a caller fixes it."""
    return products.parse_simulation_request(dict(data), today or lima_today())


def parse_list_query(query: Mapping[str, str]) -> ListQuery:
    """``status`` then ``limit``, as the list always checked them, then ``product`` and
    ``waiting``; ``assignee`` is checked by the list itself (only admins choose one)."""
    status = rules.parse_status_filter(query.get("status"))
    limit = parse_limit(query.get("limit"))
    return ListQuery(status=status, limit=limit, cursor=query.get("cursor") or None,
                     assignee=query.get("assignee") or "",
                     product=_product_filter(query.get("product")),
                     waiting=parse_waiting_filter(query.get("waiting")))


def _product_filter(value: str | None) -> str | None:
    """A product code, as the catalogue writes it (upper case); one no product has lists
    nothing."""
    if value in (None, ""):
        return None
    code = str(value).strip().upper()
    if not products.CODE_PATTERN.match(code):
        raise InvalidInput(fields={"product": "Tipo de crédito desconocido."})
    return code


def parse_assign_request(data: Mapping[str, Any]) -> AssignRequest:
    try:
        return AssignRequest(operator_id=text_value(data.get("operator_id"),
                                                    max_length=MAX_OPERATOR_ID_LENGTH))
    except ValueError:
        return AssignRequest(operator_id=None)


def parse_status_request(data: Mapping[str, Any]) -> StatusRequest:
    return rules.parse_status_change(dict(data))


def parse_observation_request(data: Mapping[str, Any]) -> ObservationRequest:
    return ObservationRequest(text=rules.parse_observation(dict(data)))


def parse_product_request(code: str, data: Mapping[str, Any]) -> ProductRequest:
    """The product's fields (and its code), then ``version``."""
    product = products.parse_product(code, dict(data))
    return ProductRequest(product=product, expected_version=_expected_version(data))


def _expected_version(data: Mapping[str, Any]) -> int | None:
    if data.get("version") is None:
        return None
    try:
        return integer_value(data["version"])
    except FieldProblem as problem:
        raise InvalidInput(fields={"version": str(problem)}) from None
