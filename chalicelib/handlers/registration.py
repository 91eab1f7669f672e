"""registration capability (``/api/registration``): sign-up against the member registry and
activation by the e-mailed link. Each route parses its body into a typed request
(``domain.auth.registration_requests``) and calls one use case of ``services.auth.registration``.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.auth import registration_requests as requests
from chalicelib.domain.shared.clock import lima_today, utc_now
from chalicelib.domain.shared.permissions import PUBLIC
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.auth import password_policy, registration

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/", methods=["POST"], permission=PUBLIC)
def register(request: ApiRequest) -> Reply:
    """The password is weighed while parsing (zxcvbn, through ``password_policy.judge``), so
    one 400 lists it with every other bad field."""
    now = utc_now()
    form = requests.parse_registration_request(request.json(), lima_today(now),
                                               password_policy.judge)
    return Reply(status=202, body=registration.register(form, now, request.context))


@endpoint(blueprint, "/activate", methods=["POST"], permission=PUBLIC)
def activate(request: ApiRequest) -> dict[str, Any]:
    return registration.activate(requests.parse_activation_request(request.json()),
                                 request.context)


@endpoint(blueprint, "/resend", methods=["POST"], permission=PUBLIC)
def resend_activation(request: ApiRequest) -> Reply:
    """«¿No te llegó el correo de activación?»: always the same 202."""
    return Reply(status=202, body=registration.ask_for_new_link(
        requests.parse_resend_request(request.json()), request.context))
