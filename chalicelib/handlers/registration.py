"""registration capability (``/api/registration``): sign-up against the member registry and
activation by the e-mailed link."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.shared.permissions import PUBLIC
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.auth import registration

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/", methods=["POST"], permission=PUBLIC)
def register(request: ApiRequest) -> Reply:
    return Reply(status=202, body=registration.register(request.json(), request.context))


@endpoint(blueprint, "/activate", methods=["POST"], permission=PUBLIC)
def activate(request: ApiRequest) -> dict[str, Any]:
    return registration.activate(request.json(), request.context)
